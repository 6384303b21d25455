from odoo import fields, models


class AdOrderLost(models.TransientModel):
    """Cancels quotations as lost: records why and to whom, then cancels through Odoo's action."""

    _name = "ad.order.lost"
    _description = "Mark a Quotation Lost"

    order_ids = fields.Many2many("sale.order", string="Quotations", required=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", required=True)
    competitor_id = fields.Many2one("ad.competitor", string="Lost To")

    def action_mark_lost(self):
        self.ensure_one()
        self.order_ids.action_ad_mark_lost(self.lost_reason_id.id, self.competitor_id.id)
        return {"type": "ir.actions.act_window_close"}
