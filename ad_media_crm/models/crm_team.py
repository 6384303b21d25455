from odoo import api, fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    ad_approval_amount = fields.Monetary(
        "Approval above Amount",
        currency_field="currency_id",
        help="Overrides the company's threshold for this team's orders (0: the company's).",
    )
    ad_approval_discount = fields.Float(
        "Approval above Discount (%)",
        help="Overrides the company's threshold for this team's orders (0: the company's).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        self.env.registry.clear_cache()  # rules read the teams a manager leads
        return teams

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals or "active" in vals:
            self.env.registry.clear_cache()
        return res
