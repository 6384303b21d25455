from odoo import fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "ad.owned.mixin"]

    ad_competitor_id = fields.Many2one("ad.competitor", string="Lost To", tracking=True, index="btree_not_null")
    ad_lost_date = fields.Date("Lost On", readonly=True, copy=False)

    def action_set_lost(self, **additional_values):
        return super().action_set_lost(**{"ad_lost_date": fields.Date.context_today(self), **additional_values})
