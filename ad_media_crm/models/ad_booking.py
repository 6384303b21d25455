from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

LIVE_STATES = ("held", "confirmed")


class AdBooking(models.Model):
    """Capacity of a placement used over a date range (both ends included).

    Held and confirmed bookings are counted in ad.slot.occupancy by a trigger on this table
    (see that model), checked by PostgreSQL per date; exclusive placements are also
    protected by an exclusion constraint (see ``init``). Only the system (superuser) moves
    a booking from state to state, through its order.
    """

    _name = "ad.booking"
    _inherit = ["ad.owned.mixin"]
    _description = "Placement Booking"
    _order = "date_start desc, id desc"
    _ad_customer_field = "order_id"
    _ad_customer_reference_fields = ()
    _ad_protected_fields = ("state", "hold_until")

    _sql_constraints = [
        ("dates_in_order", "CHECK(date_start <= date_end)", "A booking cannot end before it starts."),
        ("quantity_positive", "CHECK(quantity > 0)", "A booking uses at least one unit of capacity."),
    ]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    slot_id = fields.Many2one("ad.slot", string="Placement", required=True, index=True, ondelete="restrict")
    medium_id = fields.Many2one(related="slot_id.medium_id", store=True, index=True)
    date_start = fields.Date("Start", required=True)
    date_end = fields.Date("End", required=True)
    quantity = fields.Integer(default=1, required=True, help="Capacity used on each date.")
    state = fields.Selection(
        [("tentative", "Tentative"), ("held", "On Hold"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")],
        default="tentative",
        required=True,
        index=True,
        copy=False,
    )
    hold_until = fields.Date(
        "Held Until", copy=False, help="A hold keeps the capacity until this date, unless confirmed."
    )
    exclusive = fields.Boolean(compute="_compute_exclusive", store=True, help="Placement with capacity 1.")
    sale_line_id = fields.Many2one("sale.order.line", string="Order Line", index=True, ondelete="cascade")
    order_id = fields.Many2one(
        related="sale_line_id.order_id", store=True, index=True, string="Order", ondelete="cascade"
    )
    contract_line_id = fields.Many2one(
        related="sale_line_id.ad_contract_line_id", store=True, index="btree_not_null", string="Contract Placement"
    )
    partner_id = fields.Many2one(related="order_id.partner_id", store=True, string="Customer")
    user_id = fields.Many2one(related="order_id.user_id", store=True, string="Salesperson")
    company_id = fields.Many2one(related="slot_id.company_id", store=True)

    def init(self):
        cr = self.env.cr
        cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        cr.execute("SELECT 1 FROM pg_constraint WHERE conname = 'ad_booking_exclusive_no_overlap'")
        if not cr.fetchone():
            cr.execute(
                """ALTER TABLE ad_booking ADD CONSTRAINT ad_booking_exclusive_no_overlap
                   EXCLUDE USING gist (slot_id WITH =, daterange(date_start, date_end, '[]') WITH &&)
                   WHERE (state = 'confirmed' AND exclusive)"""
            )

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        bookings = super().create(vals_list)
        if any(booking.state in LIVE_STATES for booking in bookings):
            self.env["ad.slot.occupancy"].invalidate_model()  # the trigger took their capacity
        return bookings

    def write(self, vals):
        # state and hold date: the system's only (_ad_protected_fields)
        res = super().write(vals)
        if fnames := {"state", "slot_id", "date_start", "date_end", "quantity"} & vals.keys():
            # the trigger moves the occupancy when the row is written: now, so that a full
            # placement is refused here and the occupancy read next is current
            self.flush_recordset(list(fnames))
            self.env["ad.slot.occupancy"].invalidate_model()
        return res

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("slot_id.capacity")
    def _compute_exclusive(self):
        for booking in self:
            booking.exclusive = booking.slot_id.capacity == 1

    @api.depends("slot_id", "date_start", "date_end")
    def _compute_display_name(self):
        for booking in self:
            booking.display_name = f"{booking.slot_id.display_name} {booking.date_start} → {booking.date_end}"

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _ad_confirm(self):
        """Confirm and take capacity (a hold already has it); names the clash if full."""
        self.filtered(lambda b: b.state != "confirmed")._ad_take({"state": "confirmed", "hold_until": False})

    def _ad_hold(self, days):
        """Pencil these tentative bookings in: capacity is kept for ``days`` days."""
        until = fields.Date.context_today(self) + timedelta(days=days)
        self.filtered(lambda b: b.state == "tentative")._ad_take({"state": "held", "hold_until": until})

    def _ad_take(self, values):
        """Write ``values`` (a live state): the trigger takes the capacity, or raise the clash."""
        if not self:
            return
        self._ad_expire_holds(self.slot_id)  # expired holds lose to a new booking at once
        try:
            # a full placement is an expected outcome, not a database error to log
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                self.write(values)
        except (psycopg2.errors.CheckViolation, psycopg2.errors.ExclusionViolation):
            self._ad_raise_clash()

    @api.model
    def _ad_expire_holds(self, slots=None):
        """Release holds past their date (all, or on ``slots``); returns them."""
        domain = [("state", "=", "held"), ("hold_until", "<", fields.Date.context_today(self))]
        if slots is not None:
            domain.append(("slot_id", "in", slots.ids))
        expired = self.sudo().search(domain)
        expired._ad_release(state="tentative")
        return expired

    @api.model
    def _cron_ad_expire_holds(self):
        expired = self._ad_expire_holds()
        for user, bookings in expired.grouped("user_id").items():
            if user:
                user.partner_id.message_notify(
                    subject=self.env._("Holds expired"),
                    body=self.env._(
                        "These holds expired and their capacity was released: %(holds)s",
                        holds=", ".join(f"{b.order_id.name} {b.display_name}" for b in bookings),
                    ),
                    partner_ids=user.partner_id.ids,
                )
        return expired

    def _ad_release(self, state="cancelled"):
        """Give the capacity back (the trigger does) and tell the reps waiting for it."""
        live = self.filtered(lambda b: b.state in LIVE_STATES)
        self.write({"state": state, "hold_until": False})
        self.env["ad.waitlist"]._ad_offer(live)

    def _ad_clash_message(self, cr):
        """Which dates are full and by which orders, as ``cr``'s snapshot sees them; orders
        the current user may not read are not named."""
        self.ensure_one()
        cr.execute(
            "SELECT date FROM ad_slot_occupancy WHERE slot_id = %s AND date BETWEEN %s AND %s "
            "AND capacity - quantity < %s ORDER BY date",
            [self.slot_id.id, self.date_start, self.date_end, self.quantity],
        )
        full = [str(row[0]) for row in cr.fetchall()]
        cr.execute(
            """SELECT DISTINCT b.order_id FROM ad_booking b
                WHERE b.slot_id = %s AND b.state IN ('confirmed', 'held') AND b.id != %s
                  AND daterange(b.date_start, b.date_end, '[]') && daterange(%s, %s, '[]')""",
            [self.slot_id.id, self.id, self.date_start, self.date_end],
        )
        orders = self.env["sale.order"].browse(row[0] for row in cr.fetchall() if row[0])
        # checked in this transaction (an order it cannot see yet is not named either)
        readable = orders.exists().with_user(self.env.uid)._filtered_access("read")
        names = sorted(readable.mapped("name"))
        if hidden := orders - readable:
            names.append(self.env._("another order") if len(hidden) == 1 else self.env._("other orders"))
        if not full and not names:
            return None
        return self.env._(
            "%(slot)s is fully booked on %(dates)s by %(orders)s.",
            slot=self.slot_id.display_name,
            dates=", ".join(full[:10]) + (" …" if len(full) > 10 else "") or self.env._("these dates"),
            orders=", ".join(names) or self.env._("another booking"),
        )

    def _ad_raise_clash(self):
        for booking in self:
            message = booking._ad_clash_message(self.env.cr)
            if not message:
                # the clash was committed by a concurrent transaction after our snapshot
                with self.env.registry.cursor() as cr:
                    message = booking._ad_clash_message(cr)
            if message:
                raise ValidationError(message)
        raise ValidationError(self.env._("These bookings exceed the placement's capacity."))
