from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .ad_owned_mixin import ad_context_defaults, ad_transition


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "ad.owned.mixin"]

    _ad_customer_reference_fields = ("partner_id", "partner_invoice_id", "partner_shipping_id")
    _ad_protected_fields = ("state", "ad_approval_state", "ad_approved_by_id")
    _ad_creation_values = {"state": ("draft", "sent")}

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

    @api.ondelete(at_uninstall=False)
    def _unlink_ad_offer_capacity(self):
        """A quotation's lines go with it (a cascade, not their unlink)."""
        self.order_line._unlink_ad_offer_capacity()

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_confirm(self):
        for order in self:
            order.partner_id._ad_take_ownership_on_order(order.user_id)
        with ad_transition():
            return super().action_confirm()

    def action_draft(self):
        with ad_transition():
            return super().action_draft()

    def action_quotation_sent(self):
        with ad_transition():
            return super().action_quotation_sent()

    def message_post(self, **kwargs):
        # "mark as sent" of the send-by-email wizard moves the state
        with ad_transition():
            return super().message_post(**kwargs)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._ad_check_team(ad_context_defaults(self, vals).get("team_id"))
        return super().create(vals_list)

    def write(self, vals):
        self._ad_check_team(vals.get("team_id"))
        if {"team_id", "partner_id", "pricelist_id", "currency_id"} & vals.keys():
            self._ad_drop_approval()  # the thresholds or the amounts may differ now
        return super().write(vals)

    @api.model
    def _ad_check_team(self, team_id):
        """Reps sell within their own sales teams (whose approval thresholds apply)."""
        user = self.env.user
        if not team_id or self.env.su or user.ad_visibility == "all":
            return
        team = self.env["crm.team"].sudo().browse(team_id)
        default = self.env["crm.team"]._get_default_team_id(user_id=user.id)
        if team != default and user not in team.member_ids | team.user_id:
            raise UserError(self.env._("You can only sell within your own sales teams."))

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
            with ad_transition():
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
            with ad_transition():
                order.write({"ad_approval_state": "approved", "ad_approved_by_id": self.env.uid})
            order.message_post(body=self.env._("Order approved by %(user)s.", user=self.env.user.name))
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_ad_reject(self, reason):
        self._ad_check_approver()
        if not reason:
            raise UserError(self.env._("Give the reason of the rejection."))
        for order in self:
            with ad_transition():
                order.write({"ad_approval_state": "rejected", "ad_approved_by_id": False})
            order.message_post(
                body=self.env._("Order rejected by %(user)s: %(reason)s", user=self.env.user.name, reason=reason)
            )
        self.activity_feedback(["mail.mail_activity_data_todo"])

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _ad_drop_approval(self):
        """A changed quotation is approved again."""
        approved = self.filtered(lambda o: o.state != "sale" and o.ad_approval_state == "approved")
        if approved:
            with ad_transition():
                approved.write({"ad_approval_state": False, "ad_approved_by_id": False})

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
        with ad_transition():
            res = super()._action_cancel()
        self.order_line.sudo().ad_booking_ids._ad_release()
        return res
