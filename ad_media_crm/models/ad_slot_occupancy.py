import psycopg2.errors

from odoo import fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger


class AdSlotOccupancy(models.Model):
    """Confirmed quantity per placement and date: the no-overbooking invariant.

    Maintained only by ad.booking, in SQL. PostgreSQL checks ``quantity <= capacity`` on
    every row it writes, whatever the transaction saw, so concurrent confirmations can never
    overbook: the later one waits, then fails (serialization failure, retried by Odoo, or
    the check). Reps may read it: it says what is booked, not by whom.
    """

    _name = "ad.slot.occupancy"
    _description = "Placement Occupancy per Date"
    _order = "slot_id, date"
    _log_access = False

    _sql_constraints = [
        ("slot_date_unique", "unique(slot_id, date)", "One occupancy row per placement and date."),
        ("within_capacity", "CHECK(quantity >= 0 AND quantity <= capacity)", "A placement cannot be overbooked."),
    ]

    slot_id = fields.Many2one("ad.slot", string="Placement", required=True, readonly=True, ondelete="cascade")
    medium_id = fields.Many2one("ad.medium", readonly=True)
    date = fields.Date(required=True, readonly=True)
    quantity = fields.Integer("Booked", readonly=True, aggregator="sum")
    capacity = fields.Integer(readonly=True, aggregator="sum")
    free = fields.Integer(compute="_compute_free")

    def _compute_free(self):
        for row in self:
            row.free = row.capacity - row.quantity

    def init(self):
        # a medium's availability for a period (pivot, grid) reads this index only
        tools.create_index(self.env.cr, "ad_slot_occupancy_medium_date_index", self._table, ["medium_id", "date"])

    def _ad_set_capacity(self, slots):
        slots.flush_recordset(["capacity"])
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "UPDATE ad_slot_occupancy o SET capacity = s.capacity FROM ad_slot s "
                    "WHERE o.slot_id = s.id AND s.id = ANY(%s)",
                    [slots.ids],
                )
        except psycopg2.errors.CheckViolation:
            raise ValidationError(
                self.env._("The capacity cannot go below what is already booked on some dates.")
            ) from None
        self.invalidate_model()
