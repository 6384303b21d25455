from odoo import api, fields, models


class AdSlot(models.Model):
    """A placement sold by date: a page position, an air-time spot, a billboard, a booth."""

    _name = "ad.slot"
    _description = "Advertising Placement"
    _order = "medium_id, sequence, name"
    _check_company_auto = True

    _sql_constraints = [
        ("code_medium_unique", "unique(medium_id, code)", "A placement code is unique within its medium."),
        ("capacity_positive", "CHECK(capacity > 0)", "A placement's capacity per date must be positive."),
    ]

    medium_id = fields.Many2one("ad.medium", required=True, index=True, ondelete="restrict")
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    unit = fields.Selection(
        [("insertion", "Insertion"), ("day", "Day"), ("second", "Second"), ("sqm", "Square Metre")],
        required=True,
        default="insertion",
    )
    capacity = fields.Integer(
        "Capacity per Date", required=True, default=1, help="How many bookings a date holds; 1 for exclusive positions."
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain=[("type", "=", "service")],
        help="Invoiced for bookings of this placement; its category carries the incentive coefficient.",
    )
    list_price = fields.Float("List Price", related="product_id.lst_price", readonly=False)
    categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category")
    company_id = fields.Many2one(related="medium_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)

    @api.depends("medium_id", "code", "name")
    def _compute_display_name(self):
        for slot in self:
            slot.display_name = f"[{slot.code}] {slot.medium_id.name} / {slot.name}" if slot.code else slot.name

    def _ad_availability(self, date_from, date_to):
        """Per slot and date: capacity, booked quantity and what is free (one query; the
        occupancy rows are narrowed first, or PostgreSQL may hash the whole table)."""
        self.env["ad.booking"].flush_model()
        self.env.cr.execute(
            """
            SELECT s.id, d::date, s.capacity, COALESCE(o.quantity, 0)
              FROM ad_slot s
             CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d
              LEFT JOIN (SELECT slot_id, date, quantity FROM ad_slot_occupancy
                          WHERE slot_id = ANY(%s) AND date BETWEEN %s AND %s) o
                     ON o.slot_id = s.id AND o.date = d::date
             WHERE s.id = ANY(%s)
             ORDER BY s.id, d
            """,
            [date_from, date_to, self.ids, date_from, date_to, self.ids],
        )
        return [
            {"slot_id": slot_id, "date": day, "capacity": capacity, "booked": booked, "free": capacity - booked}
            for slot_id, day, capacity, booked in self.env.cr.fetchall()
        ]

    def write(self, vals):
        res = super().write(vals)
        if "capacity" in vals:
            self.env["ad.slot.occupancy"]._ad_set_capacity(self)
        return res
