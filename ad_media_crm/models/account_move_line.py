from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ad_managed = fields.Boolean(related="move_id.ad_managed", store=True, index=True, string="Advertising Customer")
    ad_owner_id = fields.Many2one(
        related="move_id.ad_owner_id", store=True, index="btree_not_null", string="Customer Owner"
    )
    ad_team_id = fields.Many2one(related="move_id.ad_team_id", store=True, string="Customer Owner's Team")
