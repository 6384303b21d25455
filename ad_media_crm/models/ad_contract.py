from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .ad_owned_mixin import ad_transition


class AdContract(models.Model):
    """An advertising contract (认刊书): the customer commits to an amount over a period;
    its lines become quotations, whose bookings take the placements' capacity."""

    _name = "ad.contract"
    _description = "Advertising Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "ad.owned.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _ad_protected_fields = ("state", "date_signed")

    _sql_constraints = [
        ("period_in_order", "CHECK(date_start <= date_end)", "A contract cannot end before it starts."),
        ("commitment_positive", "CHECK(amount_committed >= 0)", "The committed amount cannot be negative."),
        ("discount_range", "CHECK(discount >= 0 AND discount <= 100)", "The discount is a percentage (0-100)."),
    ]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char("Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=[("is_company", "=", True)],
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, index=True, tracking=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date("Start", required=True, tracking=True)
    date_end = fields.Date("End", required=True, tracking=True)
    date_signed = fields.Date("Signed On", readonly=True, copy=False)
    amount_committed = fields.Monetary("Committed Amount", tracking=True, help="What the customer commits to spend.")
    discount = fields.Float("Discount (%)", digits="Discount", tracking=True, help="Applied to the contract's orders.")
    payment_term_id = fields.Many2one("account.payment.term", string="Payment Terms", check_company=True)
    signed_document = fields.Binary("Signed Copy", attachment=True, copy=False)
    signed_document_name = fields.Char("Signed Copy Name", copy=False)
    note = fields.Html("Terms")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("signed", "Signed"),
            ("running", "Running"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("ad.contract.line", "contract_id", string="Placements", copy=True)
    order_ids = fields.One2many("sale.order", "ad_contract_id", string="Orders")
    order_count = fields.Integer(compute="_compute_order_count")
    make_good_ids = fields.One2many("ad.make.good", "contract_id", string="Make-goods")
    amount_ordered = fields.Monetary("Ordered", compute="_compute_consumption", help="Confirmed orders, untaxed.")
    amount_invoiced = fields.Monetary(
        "Invoiced", compute="_compute_consumption", help="Posted invoices less credit notes."
    )
    consumption = fields.Float("Consumed (%)", compute="_compute_consumption", help="Ordered against committed.")
    renewed_from_id = fields.Many2one("ad.contract", string="Renewal Of", readonly=True, copy=False)
    reminder_date_end = fields.Date(
        "Reminded For", readonly=True, copy=False, help="End date the expiry reminder was sent for."
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("order_ids")
    def _compute_order_count(self):
        for contract in self:
            contract.order_count = len(contract.order_ids)

    @api.depends(
        "amount_committed",
        "order_ids.state",
        "order_ids.amount_untaxed",
        "order_ids.order_line.invoice_lines.parent_state",
        "make_good_ids.credit_note_id.state",
    )
    def _compute_consumption(self):
        """Amounts in the company's currency, whoever reads them (hence sudo)."""
        for contract in self:
            company, currency = contract.company_id, contract.currency_id
            today = fields.Date.context_today(self)
            ordered = invoiced = 0.0
            for order in contract.sudo().order_ids.filtered(lambda o: o.state == "sale"):
                ordered += order.currency_id._convert(order.amount_untaxed, currency, company, order.date_order)
            moves = contract.sudo().order_ids.order_line.invoice_lines.move_id
            moves |= contract.sudo().make_good_ids.credit_note_id
            for move in moves.filtered(lambda m: m.state == "posted" and m.move_type in ("out_invoice", "out_refund")):
                invoiced += move.company_currency_id._convert(
                    move.amount_untaxed_signed, currency, company, move.invoice_date or today
                )
            contract.amount_ordered = ordered
            contract.amount_invoiced = invoiced
            contract.consumption = 100.0 * ordered / contract.amount_committed if contract.amount_committed else 0.0

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("ad.contract") or "/"
        contracts = super().create(vals_list)
        contracts._ad_check_discount()
        return contracts

    def write(self, vals):
        res = super().write(vals)
        if {"partner_id", "discount"} & set(vals):
            self._ad_check_discount()
        return res

    def _ad_check_discount(self):
        for contract in self:
            contract.partner_id.with_company(contract.company_id)._ad_check_discount(contract.discount)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(contract.state not in ("draft", "cancelled") for contract in self):
            raise UserError(self.env._("Only draft or cancelled contracts can be deleted."))

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_sign(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(self.env._("Only a draft contract can be signed."))
            if not contract.line_ids:
                raise UserError(
                    self.env._("Add the placements of %(contract)s before signing.", contract=contract.name)
                )
        with ad_transition():
            self.write({"state": "signed", "date_signed": fields.Date.context_today(self)})
            self._ad_update_states()

    def action_cancel(self):
        for contract in self:
            confirmed = contract.order_ids.filtered(lambda o: o.state == "sale")
            if confirmed:
                raise UserError(
                    self.env._(
                        "%(contract)s has confirmed orders (%(orders)s): cancel them first.",
                        contract=contract.name,
                        orders=", ".join(confirmed.mapped("name")),
                    )
                )
        self.order_ids.filtered(lambda o: o.state in ("draft", "sent"))._action_cancel()
        with ad_transition():
            self.write({"state": "cancelled"})

    def action_draft(self):
        with ad_transition():
            self.filtered(lambda c: c.state == "cancelled").write({"state": "draft", "date_signed": False})

    def action_create_order(self):
        """Put the placements not yet ordered on a new quotation (bookings follow its lines)."""
        self.ensure_one()
        if self.state not in ("signed", "running"):
            raise UserError(self.env._("Orders are created from signed contracts."))
        lines = self.line_ids.filtered(lambda l: not l.ordered)
        if not lines:
            raise UserError(self.env._("Every placement of %(contract)s is already ordered.", contract=self.name))
        order_vals = {
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "ad_contract_id": self.id,
            "origin": self.name,
            "order_line": [(0, 0, line._ad_sale_line_values()) for line in lines],
        }
        if self.payment_term_id:
            order_vals["payment_term_id"] = self.payment_term_id.id
        order = self.env["sale.order"].create(order_vals)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    def action_renew(self):
        """A draft contract for the following period, with the placements moved along."""
        self.ensure_one()
        shift = (self.date_end - self.date_start).days + 1
        renewal = self.copy(
            {
                "date_start": self.date_end + timedelta(days=1),
                "date_end": self.date_end + timedelta(days=shift),
                "renewed_from_id": self.id,
                "line_ids": [
                    (0, 0, line.copy_data({
                        "date_start": line.date_start + timedelta(days=shift),
                        "date_end": line.date_end + timedelta(days=shift),
                    })[0])
                    for line in self.line_ids
                ],
            }
        )  # fmt: skip
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
        }

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action.update({"domain": [("ad_contract_id", "=", self.id)], "context": {"default_ad_contract_id": self.id}})
        return action

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _ad_update_states(self):
        """Signed contracts run from their start date and expire after their end date."""
        today = fields.Date.context_today(self)
        self.filtered(lambda c: c.state == "signed" and c.date_start <= today <= c.date_end).write({"state": "running"})
        self.filtered(lambda c: c.state in ("signed", "running") and c.date_end < today).write({"state": "expired"})

    @api.model
    def _cron_ad_contracts(self):
        """Daily: move states along and remind owners N days (setting) before the end, once per end date."""
        today = fields.Date.context_today(self)
        live = self.search([("state", "in", ("signed", "running"))])
        live._ad_update_states()
        days = int(self.env["ir.config_parameter"].sudo().get_param("ad_media_crm.contract_reminder_days", 30))
        due = self.search(
            [
                ("state", "in", ("signed", "running")),
                ("date_end", ">=", today),
                ("date_end", "<=", today + timedelta(days=days)),
            ]
        ).filtered(lambda c: c.reminder_date_end != c.date_end)
        for contract in due:
            owner = contract.ad_owner_id or contract.user_id
            contract.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=contract.date_end,
                user_id=owner.id,
                summary=contract.with_context(lang=owner.lang).env._(
                    "Contract %(contract)s ends on %(date)s: renew it", contract=contract.name, date=contract.date_end
                ),
            )
            contract.reminder_date_end = contract.date_end
        return due
