from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    ad_managed = fields.Boolean(related="partner_id.ad_managed", store=True, index=True, string="Advertising Customer")
    ad_owner_id = fields.Many2one(related="partner_id.ad_owner_id", store=True, index=True, string="Customer Owner")
    ad_team_id = fields.Many2one(related="partner_id.ad_team_id", store=True, string="Customer Owner's Team")

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads.partner_id._ad_check_may_sell()
        return leads

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            # also covers lead conversion, which finds or creates the partner as superuser
            self.partner_id._ad_check_may_sell()
        return res
