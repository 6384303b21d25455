from odoo import api, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

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
