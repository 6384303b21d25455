from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Mirrors of the customer's ownership, stored for the record rules (no joins in rules).
    ad_managed = fields.Boolean(related="partner_id.ad_managed", store=True, index=True, string="Advertising Customer")
    ad_owner_id = fields.Many2one(related="partner_id.ad_owner_id", store=True, index=True, string="Customer Owner")
    ad_team_id = fields.Many2one(related="partner_id.ad_team_id", store=True, string="Customer Owner's Team")

    # Order approval (签批)
    ad_approval_needed = fields.Boolean("Needs Approval", compute="_compute_ad_approval_needed")
    ad_approval_state = fields.Selection(
        [("to_approve", "To Approve"), ("approved", "Approved"), ("rejected", "Rejected")],
        string="Approval",
        copy=False,
        tracking=True,
        readonly=True,
    )
    ad_approved_by_id = fields.Many2one("res.users", string="Approved By", copy=False, readonly=True)

    ad_contract_id = fields.Many2one(
        "ad.contract", string="Contract", index="btree_not_null", copy=False, check_company=True, tracking=True
    )
    ad_make_good_ids = fields.One2many("ad.make.good", "order_id", string="Make-goods")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("amount_untaxed", "order_line.discount", "team_id", "company_id", "currency_id", "date_order")
    def _compute_ad_approval_needed(self):
        for order in self:
            team, company = order.team_id, order.company_id
            amount_limit = team.ad_approval_amount or company.ad_approval_amount
            discount_limit = team.ad_approval_discount or company.ad_approval_discount
            order.ad_approval_needed = bool(
                (discount_limit and any(line.discount > discount_limit for line in order.order_line))
                or (
                    amount_limit
                    and order.currency_id._convert(
                        order.amount_untaxed, company.currency_id, company, order.date_order or fields.Date.today()
                    )
                    > amount_limit
                )
            )

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.partner_id._ad_check_may_sell()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if "partner_id" in vals:
            self.partner_id._ad_check_may_sell()
        if "order_line" in vals:
            # a changed order is approved again
            self.filtered(lambda o: o.state in ("draft", "sent") and o.ad_approval_state == "approved").write(
                {"ad_approval_state": False, "ad_approved_by_id": False}
            )
        return res

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_confirm(self):
        for order in self:
            order.partner_id._ad_take_ownership_on_order(order.user_id)
        return super().action_confirm()

    def action_ad_book_placement(self):
        """The pattern wizard for this quotation (saved first by the button)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("ad_media_crm.action_ad_booking_pattern")
        action["context"] = {"default_order_id": self.id}
        return action

    def action_ad_hold(self):
        """Pencil the quotation's placements in for the hold period (setting)."""
        days = int(self.env["ir.config_parameter"].sudo().get_param("ad_media_crm.hold_days", 7))
        lines = self.order_line.filtered("ad_slot_id")
        lines._ad_sync_bookings()
        lines.sudo().ad_booking_ids.filtered(lambda b: b.state == "tentative")._ad_hold(days)

    def action_ad_request_approval(self):
        for order in self.filtered(lambda o: o.ad_approval_needed and o.ad_approval_state != "to_approve"):
            order.ad_approval_state = "to_approve"
            approver = order.team_id.user_id or order.user_id.sale_team_id.user_id
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(approver or self.env.ref("base.user_admin")).id,
                summary=self.env._("Approve order %(order)s", order=order.name),
            )

    def action_ad_approve(self):
        self._ad_check_approver()
        for order in self:
            order.write({"ad_approval_state": "approved", "ad_approved_by_id": self.env.uid})
            order.message_post(body=self.env._("Order approved by %(user)s.", user=self.env.user.name))
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_ad_reject(self, reason):
        self._ad_check_approver()
        if not reason:
            raise UserError(self.env._("Give the reason of the rejection."))
        for order in self:
            order.write({"ad_approval_state": "rejected", "ad_approved_by_id": False})
            order.message_post(
                body=self.env._("Order rejected by %(user)s: %(reason)s", user=self.env.user.name, reason=reason)
            )
        self.activity_feedback(["mail.mail_activity_data_todo"])

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _ad_check_approver(self):
        if not self.env.user.has_group("ad_media_crm.group_ad_manager"):
            raise AccessError(self.env._("Only sales managers and the general manager approve orders."))

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if not error and self.ad_approval_needed and self.ad_approval_state != "approved":
            return self.env._(
                "Order %(order)s exceeds the approval thresholds: ask a sales manager to approve it first.",
                order=self.name,
            )
        return error

    def _action_confirm(self):
        res = super()._action_confirm()
        self.order_line.filtered("ad_slot_id")._ad_confirm_bookings()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self.order_line.sudo().ad_booking_ids._ad_release()
        return res

    # ------------------------------------------------------------
    # QUERY PLANS OF THE VISIBILITY RULES (tests/bench_visibility.py)
    # ------------------------------------------------------------

    def init(self):
        res = super().init()
        # Orders: the rules' branches "no owner and I am the salesperson" and "my teams'
        # customers" have their own indexes, so that the global rule alone selects a rep's or a
        # manager's documents (a group rule on ad_managed makes the salesperson rule unselective)
        tools.create_index(
            self.env.cr, "sale_order_ad_no_owner_user_id_index", self._table, ["user_id"], where="ad_owner_id IS NULL"
        )
        tools.create_index(
            self.env.cr, "sale_order_ad_team_id_index", self._table, ["ad_team_id"], where="ad_team_id IS NOT NULL"
        )
        return res
