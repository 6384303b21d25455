from odoo import fields, models


class AdOrderReject(models.TransientModel):
    _name = "ad.order.reject"
    _description = "Reject an Order Approval"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.order_ids.action_ad_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
