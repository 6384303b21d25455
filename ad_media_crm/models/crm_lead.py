from odoo import api, fields, models, tools


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

    # ------------------------------------------------------------
    # QUERY PLANS OF THE VISIBILITY RULES (tests/bench_visibility.py)
    # ------------------------------------------------------------

    def init(self):
        res = super().init()
        # Opportunities: the rules' branches "no owner and I am the salesperson" and "my teams'
        # customers" have their own indexes, so that the global rule alone selects a rep's or a
        # manager's documents (a group rule on ad_managed makes the salesperson rule unselective)
        tools.create_index(
            self.env.cr, "crm_lead_ad_no_owner_user_id_index", self._table, ["user_id"], where="ad_owner_id IS NULL"
        )
        tools.create_index(
            self.env.cr, "crm_lead_ad_team_id_index", self._table, ["ad_team_id"], where="ad_team_id IS NOT NULL"
        )
        return res
