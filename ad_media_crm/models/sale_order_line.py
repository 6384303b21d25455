from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round, format_date

from .ad_booking import LIVE_STATES

RUN_POLICIES = ("per_run", "monthly", "completion")


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "ad.owned.mixin"]

    _ad_customer_field = "order_id"
    _ad_customer_reference_fields = ()
    _ad_salesperson_field = "salesman_id"

    # Ad placement (F5): what runs where and when
    ad_slot_id = fields.Many2one("ad.slot", string="Placement", index="btree_not_null")
    ad_date_start = fields.Date("Run From")
    ad_date_end = fields.Date("Run To")
    ad_capacity_quantity = fields.Integer("Units per Date", default=1, help="Capacity of the placement used each date.")
    ad_size = fields.Char("Size / Duration", help="e.g. half page, 30 s, 6 m × 3 m")
    ad_position_note = fields.Char("Position Notes")
    ad_material_id = fields.Many2one("ir.attachment", string="Creative Material")
    ad_material_status = fields.Selection(
        [("awaited", "Awaited"), ("received", "Received"), ("approved", "Approved")],
        string="Material Status",
        default="awaited",
    )
    ad_booking_ids = fields.One2many("ad.booking", "sale_line_id", string="Bookings")
    ad_contract_line_id = fields.Many2one(
        "ad.contract.line", string="Contract Placement", index="btree_not_null", copy=False, ondelete="set null"
    )
    ad_make_good_of_id = fields.Many2one(
        "sale.order.line", string="Make-good Of", index="btree_not_null", copy=False, ondelete="set null"
    )
    qty_delivered_method = fields.Selection(selection_add=[("ad_runs", "Placement Runs")])

    @api.constrains("ad_slot_id", "ad_date_start", "ad_date_end", "ad_capacity_quantity")
    def _check_ad_run_dates(self):
        for line in self.filtered("ad_slot_id"):
            if not line.ad_date_start or not line.ad_date_end:
                raise ValidationError(self.env._("Give the run dates of %(line)s.", line=line.name))
            if line.ad_date_start > line.ad_date_end:
                raise ValidationError(self.env._("%(line)s ends before it starts.", line=line.name))
            if line.ad_capacity_quantity < 1:
                raise ValidationError(self.env._("%(line)s must use at least one unit per date.", line=line.name))

    @api.depends("product_id", "product_uom", "product_uom_qty", "ad_slot_id", "order_id.partner_id")
    def _compute_discount(self):
        """Ad lines get at least the customer's spend tier discount."""
        res = super()._compute_discount()
        for line in self.filtered(lambda l: l.ad_slot_id and l.order_id.partner_id):
            tier = line.order_id.partner_id.with_company(line.company_id).ad_discount_tier_id
            line.discount = max(line.discount, tier.discount)
        return res

    # ------------------------------------------------------------
    # INVOICING FROM RUNS
    # ------------------------------------------------------------

    @api.depends("ad_slot_id")
    def _compute_qty_delivered_method(self):
        res = super()._compute_qty_delivered_method()
        for line in self.filtered("ad_slot_id"):
            line.qty_delivered_method = "ad_runs"
        return res

    @api.depends(
        "ad_booking_ids.state", "ad_booking_ids.date_start", "ad_booking_ids.date_end", "product_uom_qty",
        "order_id.ad_invoice_policy", "order_id.order_line.ad_booking_ids.state",
        "order_id.order_line.ad_booking_ids.date_end",
    )  # fmt: skip
    def _compute_qty_delivered(self):
        """Placement lines: the units that have run and are invoiceable under the order's policy
        (on the company's local date; see ``_ad_delivered_quantity``)."""
        runs = self.filtered(lambda l: l.qty_delivered_method == "ad_runs")
        res = super(SaleOrderLine, self - runs)._compute_qty_delivered()
        for order, lines in runs.grouped("order_id").items():
            today = order._ad_today()
            for line in lines:
                line.qty_delivered = line._ad_delivered_quantity(today)
        return res

    @api.depends("ad_make_good_of_id", "order_id.ad_invoice_policy")
    def _compute_qty_to_invoice(self):
        """The order's policy governs its placements: in advance the ordered quantities, otherwise
        what has run (delivered); a free make-good run is never invoiced."""
        res = super()._compute_qty_to_invoice()
        for line in self.filtered(lambda l: l.ad_slot_id and l.state == "sale" and not l.display_type):
            if line.ad_make_good_of_id:
                line.qty_to_invoice = 0.0
            elif line.order_id.ad_invoice_policy in RUN_POLICIES:
                line.qty_to_invoice = line.qty_delivered - line.qty_invoiced
            else:
                line.qty_to_invoice = line.product_uom_qty - line.qty_invoiced
        return res

    @api.depends("ad_make_good_of_id")
    def _compute_invoice_status(self):
        res = super()._compute_invoice_status()
        for line in self.filtered(lambda l: l.ad_make_good_of_id and l.state == "sale"):
            line.invoice_status = "invoiced"  # free: nothing to invoice, ever
        return res

    def _prepare_invoice_line(self, **optional_values):
        """The run's dates on the invoice, as on the proof of publication or broadcast."""
        values = super()._prepare_invoice_line(**optional_values)
        if self.ad_slot_id and self.ad_date_start and self.ad_date_end:
            values["name"] = self.env._(
                "%(name)s\nRun %(start)s – %(end)s",
                name=values.get("name") or self.name,
                start=format_date(self.env, self.ad_date_start),
                end=format_date(self.env, self.ad_date_end),
            )
        return values

    def _ad_ran_share(self, before):
        """Share (0..1) of the line's confirmed run dates that fall before the date ``before``."""
        bookings = self.sudo().ad_booking_ids.filtered(lambda b: b.state == "confirmed")
        total = sum((b.date_end - b.date_start).days + 1 for b in bookings)
        if not total:
            return 0.0
        ran = sum(max(0, min((before - b.date_start).days, (b.date_end - b.date_start).days + 1)) for b in bookings)
        return ran / total

    def _ad_has_run(self, today):
        """All the line's confirmed runs ended before ``today``."""
        bookings = self.sudo().ad_booking_ids.filtered(lambda b: b.state == "confirmed")
        return bool(bookings) and max(bookings.mapped("date_end")) < today

    def _ad_delivered_quantity(self, today):
        """Units delivered on ``today`` under the order's policy: per run, a run once it ended;
        monthly, the share that ran in the past months; on completion, everything once all
        the order's paid placements ended; in advance, the share that ran so far."""
        self.ensure_one()
        policy = self.order_id.ad_invoice_policy
        if policy == "per_run":
            share = 1.0 if self._ad_has_run(today) else 0.0
        elif policy == "monthly":
            share = self._ad_ran_share(today.replace(day=1))
        elif policy == "completion":
            placements = self.order_id.order_line.filtered(lambda l: l.ad_slot_id and not l.ad_make_good_of_id)
            share = 1.0 if all(line._ad_has_run(today) for line in placements | self) else 0.0
        else:
            share = self._ad_ran_share(today)
        if share >= 1:
            return self.product_uom_qty
        return float_round(self.product_uom_qty * share, precision_rounding=self.product_uom.rounding)

    def _ad_refresh_delivered(self):
        """Bring the delivered quantities of placement lines to today (they move with the date,
        not only with the bookings)."""
        for order, lines in self.filtered(lambda l: l.qty_delivered_method == "ad_runs").grouped("order_id").items():
            today = order._ad_today()
            for line in lines:
                quantity = line._ad_delivered_quantity(today)
                if float_compare(quantity, line.qty_delivered, precision_rounding=line.product_uom.rounding):
                    line.sudo().qty_delivered = quantity

    @api.onchange("ad_slot_id")
    def _onchange_ad_slot_id(self):
        if self.ad_slot_id:
            self.product_id = self.ad_slot_id.product_id

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._ad_drop_approval()
        lines._ad_sync_bookings()
        lines._ad_check_discount()
        return lines

    def write(self, vals):
        if (
            "order_id" in vals
            and self.filtered("ad_slot_id")
            and any(line.order_id.id != vals["order_id"] for line in self)
        ):
            # its booking follows the order's state: book it again on the other order instead
            raise UserError(self.env._("A placement line cannot move to another order."))
        if "qty_delivered" in vals and not self.env.su and any(l.qty_delivered_method == "ad_runs" for l in self):
            raise AccessError(self.env._("The delivered quantity of a placement follows its runs."))
        self.order_id._ad_drop_approval()
        if vals.get("order_id"):
            self.env["sale.order"].browse(vals["order_id"])._ad_drop_approval()
        res = super().write(vals)
        if {"ad_slot_id", "ad_date_start", "ad_date_end", "ad_capacity_quantity"} & set(vals):
            self._ad_sync_bookings()
        if "discount" in vals:
            self._ad_check_discount()
        return res

    def unlink(self):
        self.order_id._ad_drop_approval()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_ad_offer_capacity(self):
        """The bookings go with the line (a cascade: the trigger gives their capacity back);
        the reps waiting for that capacity are told."""
        self.env["ad.waitlist"]._ad_offer(self.sudo().ad_booking_ids.filtered(lambda b: b.state in LIVE_STATES))

    def action_ad_make_good(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Make Good"),
            "res_model": "ad.make.good",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_sale_line_id": self.id,
                "default_date_start": self.ad_date_start,
                "default_date_end": self.ad_date_end,
            },
        }

    def _ad_check_discount(self):
        """Only managers give an ad line more than the customer's tier (or its contract's) discount."""
        for line in self.filtered("ad_slot_id"):
            line.order_id.partner_id.with_company(line.company_id)._ad_check_discount(
                line.discount, agreed=line.ad_contract_line_id.contract_id.discount
            )

    def _ad_booking_values(self):
        self.ensure_one()
        return {
            "slot_id": self.ad_slot_id.id,
            "date_start": self.ad_date_start,
            "date_end": self.ad_date_end,
            "quantity": self.ad_capacity_quantity,
        }

    def _ad_sync_bookings(self):
        """Keep one live booking per placement line, matching it; confirmed when the order is.

        Bookings are the system's (superuser): whoever may edit the line moves its booking.
        """
        for line in self:
            live = line.sudo().ad_booking_ids.filtered(lambda b: b.state != "cancelled")
            wanted = line._ad_booking_values() if line.ad_slot_id else None
            current = live[:1]
            if (
                wanted
                and len(live) == 1
                and (current.slot_id.id, current.date_start, current.date_end, current.quantity)
                == (wanted["slot_id"], wanted["date_start"], wanted["date_end"], wanted["quantity"])
            ):
                continue
            live._ad_release()
            if wanted:
                booking = self.env["ad.booking"].sudo().create(wanted | {"sale_line_id": line.id})
                if line.order_id.state == "sale":
                    booking._ad_confirm()

    def _ad_confirm_bookings(self):
        self._ad_sync_bookings()
        self.sudo().ad_booking_ids.filtered(lambda b: b.state in ("tentative", "held"))._ad_confirm()

    def _ad_credited(self):
        """A credit note (not cancelled) was made from this line's invoice."""
        return any(
            line.move_id.move_type == "out_refund" and line.parent_state != "cancel" for line in self.invoice_lines
        )
