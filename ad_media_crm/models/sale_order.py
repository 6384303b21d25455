from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .ad_owned_mixin import ad_context_defaults, ad_transition
from .res_company import INVOICE_POLICIES
from .sale_order_line import RUN_POLICIES


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
    ad_invoice_policy = fields.Selection(
        INVOICE_POLICIES,
        string="Placement Invoicing",
        compute="_compute_ad_invoice_policy",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="In advance: the ordered placements at once. Each run: a run once it has run. Monthly: what ran "
        "in the month, at the start of the next one. On completion: everything once all runs have run.",
    )
    ad_credit_exceeded = fields.Boolean(
        "Above Credit Limit",
        compute="_compute_ad_approval_needed",
        help="The customer's open receivables, confirmed orders not invoiced yet and this order exceed its "
        "credit limit: a manager approves the order.",
    )
    ad_lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", readonly=True, copy=False)
    ad_competitor_id = fields.Many2one("ad.competitor", string="Lost To", readonly=True, copy=False)
    ad_lost_date = fields.Date("Lost On", readonly=True, copy=False)

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("company_id")
    def _compute_ad_invoice_policy(self):
        for order in self:
            order.ad_invoice_policy = order.company_id.ad_invoice_policy or "advance"

    @api.depends(
        "amount_untaxed", "amount_total", "order_line.discount", "team_id", "company_id", "currency_id",
        "date_order", "partner_id", "state",
    )  # fmt: skip
    def _compute_ad_approval_needed(self):
        for order in self:
            order.ad_credit_exceeded = order._ad_above_credit_limit()
            team, company = order.team_id, order.company_id
            amount_limit = team.ad_approval_amount or company.ad_approval_amount
            discount_limit = team.ad_approval_discount or company.ad_approval_discount
            order.ad_approval_needed = bool(
                order.ad_credit_exceeded
                or (discount_limit and any(line.discount > discount_limit for line in order.order_line))
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
        if "ad_invoice_policy" in vals:
            self._ad_check_invoice_policy_change()
        if {"team_id", "partner_id", "pricelist_id", "currency_id"} & vals.keys():
            self._ad_drop_approval()  # the thresholds or the amounts may differ now
        return super().write(vals)

    def _ad_check_invoice_policy_change(self):
        """A confirmed order's invoicing is changed by accounting or a manager only."""
        user = self.env.user
        if (
            not self.env.su
            and any(order.state == "sale" for order in self)
            and not user.has_group("account.group_account_invoice")
            and not user.has_group("ad_media_crm.group_ad_manager")
        ):
            raise AccessError(self.env._("Only accounting and sales managers change how a confirmed order invoices."))

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

    def action_ad_mark_lost(self, lost_reason_id, competitor_id=False):
        """Cancel quotations the customer did not take, recording why and to whom (the lost
        analysis); the cancellation itself is Odoo's, without its customer mail."""
        if not lost_reason_id:
            raise UserError(self.env._("Give the reason why the quotation is lost."))
        if any(order.state not in ("draft", "sent") for order in self):
            raise UserError(self.env._("Only quotations can be marked lost; cancel confirmed orders instead."))
        self.write(
            {
                "ad_lost_reason_id": lost_reason_id,
                "ad_competitor_id": competitor_id,
                "ad_lost_date": fields.Date.context_today(self),
            }
        )
        return self.with_context(disable_cancel_warning=True).action_cancel()

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
            if self.ad_credit_exceeded:
                return self.env._(
                    "Order %(order)s would take %(customer)s above its credit limit: ask a sales manager to "
                    "approve it first.",
                    order=self.name,
                    customer=self.partner_id.commercial_partner_id.display_name,
                )
            return self.env._(
                "Order %(order)s exceeds the approval thresholds: ask a sales manager to approve it first.",
                order=self.name,
            )
        if not error and self._ad_overdue_blocked():
            return self.env._(
                "%(customer)s has receivables overdue by more than %(days)s days: order %(order)s cannot be "
                "confirmed by a salesperson. Ask for the payment, or ask a sales manager to confirm it.",
                customer=self.partner_id.commercial_partner_id.display_name,
                days=self.company_id.ad_overdue_block_days,
                order=self.name,
            )
        return error

    # ------------------------------------------------------------
    # CREDIT
    # ------------------------------------------------------------

    def _ad_above_credit_limit(self):
        """Odoo's own figures (as its credit warning): the customer's receivables (``credit``), its
        confirmed orders not invoiced yet and this quotation, in company currency, against its
        credit limit. Read as superuser for this customer only: a check, not a figure shown.
        Only for the addon's customers: elsewhere Odoo's own credit warning stays as it is."""
        self.ensure_one()
        company = self.company_id
        if self.state not in ("draft", "sent") or not company.account_use_credit_limit or not self.ad_managed:
            return False
        partner = self.partner_id.commercial_partner_id.sudo().with_company(company)
        partner.invalidate_recordset(["credit", "credit_to_invoice"])  # as of now
        if not partner.credit_limit:
            return False
        exposure = partner.credit + partner.credit_to_invoice + self.amount_total / (self.currency_rate or 1.0)
        return company.currency_id.compare_amounts(exposure, partner.credit_limit) > 0

    def _ad_overdue_blocked(self):
        """A salesperson's order for a customer with a receivable overdue by more than the
        company's days (setting); managers, the general manager and the office confirm anyway."""
        self.ensure_one()
        days = self.company_id.ad_overdue_block_days
        user = self.env.user
        if not days or self.env.su or user.has_group("ad_media_crm.group_ad_manager"):
            return False
        if user.has_group("ad_media_crm.group_ad_office"):
            return False
        limit = self._ad_today() - timedelta(days=days)
        return bool(
            self.env["account.move.line"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                    ("parent_state", "=", "posted"),
                    ("account_type", "=", "asset_receivable"),
                    ("reconciled", "=", False),
                    ("amount_residual", ">", 0),
                    ("date_maturity", "<", limit),
                ],
                limit=1,
            )
        )

    # ------------------------------------------------------------
    # INVOICING FROM RUNS
    # ------------------------------------------------------------

    def _ad_today(self):
        """The date "has run" is judged on: the cron's date argument, else today in the company's
        time zone (its address), else the user's."""
        if today := self.env.context.get("ad_today"):
            return fields.Date.to_date(today)
        tz = self.company_id.partner_id.tz or self.env.user.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))

    def _prepare_invoice(self):
        """The invoice's salesperson is the customer's owner (the order's salesperson otherwise)."""
        values = super()._prepare_invoice()
        owner = self.partner_id.commercial_partner_id.sudo().ad_owner_id
        values["invoice_user_id"] = (owner or self.user_id).id
        return values

    def _create_invoices(self, grouped=False, final=False, date=None):
        self.order_line._ad_refresh_delivered()
        return super()._create_invoices(grouped=grouped, final=final, date=date)

    def _get_invoiceable_lines(self, final=False):
        lines = super()._get_invoiceable_lines(final=final)
        if self.env.context.get("ad_cron_invoicing"):
            # a line credited by a credit note is the accountant's to invoice again, not the cron's
            lines = lines.filtered(lambda l: not l._ad_credited())
        return lines

    @api.model
    def _ad_cron_domain(self):
        """Confirmed orders under a run policy with something to invoice the cron may invoice."""
        return [
            ("state", "=", "sale"),
            ("ad_invoice_policy", "in", RUN_POLICIES),
            (
                "order_line",
                "any",
                [
                    ("qty_to_invoice", ">", 0),
                    ("invoice_lines", "not any", [("move_type", "=", "out_refund"), ("parent_state", "!=", "cancel")]),
                ],
            ),
        ]

    @api.model
    def _cron_ad_invoice_runs(self, today=None, batch_size=200):
        """Draft the invoices due under each order's policy (per run: the runs that ended;
        monthly: the runs of past months; on completion: all, once everything ran) as of
        ``today`` (default: each company's local date). Idempotent: what is invoiced, even in
        draft, is not due any more. Returns the invoices drafted."""
        orders_model = self.sudo().with_context(ad_today=today) if today else self.sudo()
        lines = orders_model.env["sale.order.line"].search(
            [
                ("state", "=", "sale"),
                ("qty_delivered_method", "=", "ad_runs"),
                ("order_id.ad_invoice_policy", "in", RUN_POLICIES),
                ("invoice_status", "!=", "invoiced"),
            ]
        )
        lines._ad_refresh_delivered()
        invoices = self.env["account.move"]
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        done = 0
        while orders := orders_model.search(self._ad_cron_domain(), limit=batch_size, order="id"):
            batch = (
                orders.with_context(ad_cron_invoicing=True, raise_if_nothing_to_invoice=False)
                .sudo()
                ._create_invoices(grouped=True)
            )
            invoices |= batch
            done += len(orders)
            remaining = orders_model.search_count(self._ad_cron_domain()) if batch else 0  # no progress: stop
            if in_cron:  # the cron runner commits and calls again for the rest
                self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if in_cron or not remaining:
                break
        return invoices

    def _action_confirm(self):
        res = super()._action_confirm()
        self.order_line.filtered("ad_slot_id")._ad_confirm_bookings()
        return res

    def _action_cancel(self):
        with ad_transition():
            res = super()._action_cancel()
        self.order_line.sudo().ad_booking_ids._ad_release()
        return res
