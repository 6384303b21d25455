from odoo import api, fields, models
from odoo.tools import SQL


class AccountInvoiceReport(models.Model):
    _inherit = "account.invoice.report"

    ad_managed = fields.Boolean("Advertising Customer", readonly=True)
    ad_owner_id = fields.Many2one("res.users", string="Customer Owner", readonly=True)
    ad_team_id = fields.Many2one("crm.team", string="Customer Owner's Team", readonly=True)

    @api.model
    def _select(self) -> SQL:
        return SQL(
            "%s, move.ad_managed AS ad_managed, move.ad_owner_id AS ad_owner_id, move.ad_team_id AS ad_team_id",
            super()._select(),
        )
