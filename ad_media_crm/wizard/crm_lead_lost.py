from odoo import fields, models


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    ad_competitor_id = fields.Many2one("ad.competitor", string="Lost To")

    def action_lost_reason_apply(self):
        if self.ad_competitor_id:
            self.lead_ids.write({"ad_competitor_id": self.ad_competitor_id.id})
        return super().action_lost_reason_apply()
