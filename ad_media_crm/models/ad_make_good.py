from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .ad_owned_mixin import ad_transition


class AdMakeGood(models.Model):
    """补播/补登: a placement that did not run or ran wrong, made good by a manager with
    either a free replacement run on the same order or a credit note on its invoice."""

    _name = "ad.make.good"
    _description = "Make-good"
    _inherit = ["mail.thread", "ad.owned.mixin"]
    _order = "id desc"
    _ad_customer_field = "order_id"
    _ad_customer_reference_fields = ()
    _ad_protected_fields = ("state", "replacement_line_id", "credit_note_id")

    _sql_constraints = [("amount_positive", "CHECK(amount >= 0)", "A credit cannot be negative.")]

    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Placement Line",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("ad_slot_id", "!=", False), ("state", "=", "sale")],
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", store=True, index=True, string="Order")
    contract_id = fields.Many2one(related="order_id.ad_contract_id", store=True, index="btree_not_null")
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, string="Customer")
    currency_id = fields.Many2one(related="order_id.currency_id")
    reason = fields.Text(required=True, help="What went wrong, as traffic or production reported it.")
    remedy = fields.Selection(
        [("replacement", "Free Replacement Run"), ("credit", "Credit Note")], required=True, default="replacement"
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True, readonly=True)
    slot_id = fields.Many2one(
        "ad.slot", string="Replacement Placement", compute="_compute_slot_id", store=True, readonly=False
    )
    date_start = fields.Date("Replacement From")
    date_end = fields.Date("Replacement To")
    replacement_line_id = fields.Many2one("sale.order.line", readonly=True, copy=False)
    amount = fields.Monetary("Credit (untaxed)", compute="_compute_amount", store=True, readonly=False)
    credit_note_id = fields.Many2one("account.move", readonly=True, copy=False)
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Salesperson")

    @api.depends("sale_line_id")
    def _compute_slot_id(self):
        for make_good in self:
            make_good.slot_id = make_good.sale_line_id.ad_slot_id

    @api.depends("sale_line_id")
    def _compute_amount(self):
        """One date's worth of the line by default."""
        for make_good in self:
            line = make_good.sale_line_id
            days = (line.ad_date_end - line.ad_date_start).days + 1 if line.ad_date_start and line.ad_date_end else 1
            make_good.amount = line.price_subtotal / days

    @api.depends("sale_line_id", "remedy")
    def _compute_display_name(self):
        for make_good in self:
            make_good.display_name = self.env._(
                "Make-good of %(line)s", line=make_good.sale_line_id.order_id.name or ""
            )

    def action_apply(self):
        if not self.env.su and not self.env.user.has_group("ad_media_crm.group_ad_manager"):
            raise AccessError(self.env._("Only sales managers decide make-goods."))
        for make_good in self.filtered(lambda m: m.state == "draft"):
            if make_good.sale_line_id.state != "sale":
                raise UserError(self.env._("Make-goods are for placements of confirmed orders."))
            with ad_transition():
                if make_good.remedy == "replacement":
                    make_good._ad_book_replacement()
                else:
                    make_good._ad_credit()
                make_good.state = "done"
            make_good.order_id.message_post(
                body=self.env._(
                    "Make-good by %(user)s (%(remedy)s): %(reason)s",
                    user=self.env.user.name,
                    remedy=dict(self._fields["remedy"]._description_selection(self.env))[make_good.remedy],
                    reason=make_good.reason,
                )
            )
        return {"type": "ir.actions.act_window_close"}

    def _ad_customer_lang_env(self):
        """The texts put on the customer's order and credit note are in the customer's language."""
        return self.with_context(lang=self.partner_id.lang or self.env.lang).env

    def _ad_book_replacement(self):
        """A free line on the same order; its booking is confirmed at once (refused if full)."""
        if not (self.slot_id and self.date_start and self.date_end):
            raise UserError(self.env._("Give the placement and dates of the replacement run."))
        original = self.sale_line_id
        self.replacement_line_id = (
            self.env["sale.order.line"]
            .sudo()
            .create(
                {
                    "order_id": original.order_id.id,
                    "product_id": self.slot_id.product_id.id,
                    "name": self._ad_customer_lang_env()._("Make-good of %(line)s", line=original.name),
                    "product_uom_qty": 1,
                    "price_unit": 0.0,
                    "discount": 0.0,
                    "ad_slot_id": self.slot_id.id,
                    "ad_date_start": self.date_start,
                    "ad_date_end": self.date_end,
                    "ad_capacity_quantity": original.ad_capacity_quantity,
                    "ad_make_good_of_id": original.id,
                    "ad_contract_line_id": original.ad_contract_line_id.id,
                }
            )
        )

    def _ad_credit(self):
        """A draft credit note against the line's invoice, for accounting to post."""
        invoice_lines = self.sale_line_id.invoice_lines.filtered(
            lambda l: l.parent_state == "posted" and l.move_id.move_type == "out_invoice"
        )
        if not invoice_lines:
            raise UserError(self.env._("This placement is not invoiced yet: book a replacement run instead."))
        if not self.amount or self.amount > sum(invoice_lines.mapped("price_subtotal")):
            raise UserError(self.env._("The credit must be positive and at most what the placement was invoiced."))
        invoice_line = invoice_lines[-1]
        invoice = invoice_line.move_id
        self.credit_note_id = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "journal_id": invoice.journal_id.id,
                    "currency_id": invoice.currency_id.id,
                    "reversed_entry_id": invoice.id,
                    "invoice_origin": self.order_id.name,
                    "invoice_user_id": invoice.invoice_user_id.id,
                    "ref": self._ad_customer_lang_env()._("Make-good: %(reason)s", reason=self.reason),
                    "invoice_line_ids": [
                        (0, 0, {"product_id": invoice_line.product_id.id, "name": invoice_line.name, "quantity": 1,
                                "price_unit": self.amount, "tax_ids": [(6, 0, invoice_line.tax_ids.ids)]}),
                    ],
                }
            )
        )  # fmt: skip
