from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Mirrors of the customer's ownership, stored for the record rules (no joins in rules).
    ad_managed = fields.Boolean(related="partner_id.ad_managed", store=True, index=True, string="Advertising Customer")
    ad_owner_id = fields.Many2one(related="partner_id.ad_owner_id", store=True, index=True, string="Customer Owner")
    ad_team_id = fields.Many2one(related="partner_id.ad_team_id", store=True, string="Customer Owner's Team")

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.partner_id._ad_check_may_sell()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            self.partner_id._ad_check_may_sell()
        return res

    def action_confirm(self):
        for order in self:
            order.partner_id._ad_take_ownership_on_order(order.user_id)
        return super().action_confirm()

    def _action_confirm(self):
        res = super()._action_confirm()
        self.order_line.filtered("ad_slot_id")._ad_confirm_bookings()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self.order_line.sudo().ad_booking_ids._ad_release()
        return res
