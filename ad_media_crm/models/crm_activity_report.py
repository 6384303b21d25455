from odoo import fields, models


class CrmActivityReport(models.Model):
    _inherit = "crm.activity.report"

    ad_managed = fields.Boolean("Advertising Customer", readonly=True)
    ad_owner_id = fields.Many2one("res.users", string="Customer Owner", readonly=True)
    ad_team_id = fields.Many2one("crm.team", string="Customer Owner's Team", readonly=True)

    def _select(self):
        return super()._select() + ", l.ad_managed, l.ad_owner_id, l.ad_team_id"
