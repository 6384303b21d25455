from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ad_managed = fields.Boolean(
        related="commercial_partner_id.ad_managed", store=True, index=True, string="Advertising Customer"
    )
    ad_owner_id = fields.Many2one(
        related="commercial_partner_id.ad_owner_id", store=True, index=True, string="Customer Owner"
    )
    ad_team_id = fields.Many2one(related="commercial_partner_id.ad_team_id", store=True, string="Customer Owner's Team")
