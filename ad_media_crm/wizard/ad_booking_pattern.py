from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class AdBookingPattern(models.TransientModel):
    """Book a placement on a weekly pattern (e.g. every Monday for 8 weeks) into a quotation,
    seeing beforehand which runs clash with what is already booked."""

    _name = "ad.booking.pattern"
    _inherit = ["ad.link.guard.mixin"]
    _description = "Book a Placement on a Pattern"

    order_id = fields.Many2one("sale.order", string="Quotation", required=True)
    slot_id = fields.Many2one("ad.slot", string="Placement", required=True)
    date_first = fields.Date("First Run", required=True, default=fields.Date.context_today)
    weekday = fields.Selection(WEEKDAYS, string="Every", required=True, default="0")
    weeks = fields.Integer("For (weeks)", required=True, default=4)
    run_days = fields.Integer("Days per Run", required=True, default=1)
    units = fields.Integer("Units per Date", required=True, default=1)
    run_ids = fields.One2many(
        "ad.booking.pattern.run", "pattern_id", string="Runs", compute="_compute_run_ids", store=True, readonly=False
    )
    conflict_count = fields.Integer("Clashing Runs", compute="_compute_conflict_count")

    @api.depends("slot_id", "date_first", "weekday", "weeks", "run_days", "units")
    def _compute_run_ids(self):
        for wizard in self:
            if not (wizard.slot_id and wizard.date_first and wizard.weeks > 0 and wizard.run_days > 0):
                wizard.run_ids = [(5, 0, 0)]
                continue
            first = wizard.date_first + timedelta(days=(int(wizard.weekday) - wizard.date_first.weekday()) % 7)
            starts = [first + timedelta(weeks=n) for n in range(min(wizard.weeks, 104))]
            last = starts[-1] + timedelta(days=wizard.run_days - 1)
            free = {row["date"]: row["free"] for row in wizard.slot_id._ad_availability(first, last)}
            runs = []
            for start in starts:
                end = start + timedelta(days=wizard.run_days - 1)
                full = [day for day, left in free.items() if start <= day <= end and left < wizard.units]
                runs.append(
                    {"date_start": start, "date_end": end, "conflict": bool(full), "selected": not full,
                     "note": ", ".join(str(day) for day in full)}
                )  # fmt: skip
            wizard.run_ids = [(5, 0, 0)] + [(0, 0, run) for run in runs]

    @api.depends("run_ids.conflict")
    def _compute_conflict_count(self):
        for wizard in self:
            wizard.conflict_count = len(wizard.run_ids.filtered("conflict"))

    def action_waitlist_conflicts(self):
        """Wait for the runs that are full now."""
        self.ensure_one()
        clashes = self.run_ids.filtered("conflict")
        if not clashes:
            raise UserError(self.env._("No run is full: book them instead."))
        self.env["ad.waitlist"].create(
            [
                {"slot_id": self.slot_id.id, "date_start": run.date_start, "date_end": run.date_end,
                 "quantity": self.units, "partner_id": self.order_id.partner_id.id}
                for run in clashes
            ]
        )  # fmt: skip
        clashes.selected = False
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_add_lines(self):
        self.ensure_one()
        runs = self.run_ids.filtered("selected")
        if not runs:
            raise UserError(self.env._("Select at least one run to book."))
        if self.order_id.state not in ("draft", "sent"):
            raise UserError(self.env._("Runs can only be added to a quotation."))
        self.order_id.write(
            {
                "order_line": [
                    (0, 0, {"product_id": self.slot_id.product_id.id, "ad_slot_id": self.slot_id.id,
                            "ad_date_start": run.date_start, "ad_date_end": run.date_end,
                            "ad_capacity_quantity": self.units})
                    for run in runs
                ]
            }
        )  # fmt: skip
        return {"type": "ir.actions.act_window_close"}


class AdBookingPatternRun(models.TransientModel):
    _name = "ad.booking.pattern.run"
    _description = "Run of a Booking Pattern"
    _order = "date_start"

    pattern_id = fields.Many2one("ad.booking.pattern", required=True, ondelete="cascade")
    date_start = fields.Date("From", required=True)
    date_end = fields.Date("To", required=True)
    conflict = fields.Boolean("Full", readonly=True)
    note = fields.Char("Full On", readonly=True)
    selected = fields.Boolean("Book")
