import psycopg2.errors

from odoo import fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger


class AdSlotOccupancy(models.Model):
    """Quantity kept per placement and date by the live (held or confirmed) bookings: the
    no-overbooking invariant.

    Derived from ad_booking by PostgreSQL itself: a trigger on ad_booking (see ``init``)
    moves each row's quantity in the same statement that inserts, updates or deletes a
    booking, whatever wrote it (ORM, cascaded deletes, raw SQL). PostgreSQL checks
    ``quantity <= capacity`` on every row it writes, whatever the transaction saw, so
    concurrent confirmations can never overbook: the later one waits, then fails
    (serialization failure, retried by Odoo, or the check). Reps may read it: it says what
    is booked, not by whom.
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
        self.env.cr.execute(self._AD_SYNC_FUNCTION)
        # ad_booking's table is created after this model's (module order): once all are set up
        self.pool.post_init(self._ad_create_trigger)

    # What a booking row keeps (quantity on each date from date_start to date_end, when held or
    # confirmed) is given back when the row changes or goes, and what the new row keeps is
    # taken; rows of a placement and date are created at its current capacity.
    _AD_SYNC_FUNCTION = """
        CREATE OR REPLACE FUNCTION ad_slot_occupancy_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF (OLD.state IN ('held', 'confirmed')) = (NEW.state IN ('held', 'confirmed'))
                   AND (NEW.state NOT IN ('held', 'confirmed')
                        OR (OLD.slot_id, OLD.date_start, OLD.date_end, OLD.quantity)
                           = (NEW.slot_id, NEW.date_start, NEW.date_end, NEW.quantity)) THEN
                    RETURN NULL;  -- keeps what it kept, e.g. a hold confirmed
                END IF;
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state IN ('held', 'confirmed') THEN
                UPDATE ad_slot_occupancy SET quantity = quantity - OLD.quantity
                 WHERE slot_id = OLD.slot_id AND date BETWEEN OLD.date_start AND OLD.date_end;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state IN ('held', 'confirmed') THEN
                INSERT INTO ad_slot_occupancy AS o (slot_id, medium_id, date, quantity, capacity)
                SELECT s.id, s.medium_id, d::date, NEW.quantity, s.capacity
                  FROM ad_slot s
                 CROSS JOIN generate_series(NEW.date_start, NEW.date_end, interval '1 day') d
                 WHERE s.id = NEW.slot_id
                    ON CONFLICT (slot_id, date) DO UPDATE SET quantity = o.quantity + EXCLUDED.quantity;
            END IF;
            RETURN NULL;
        END
        $$
    """

    def _ad_create_trigger(self):
        cr = self.env.cr
        cr.execute("DROP TRIGGER IF EXISTS ad_booking_occupancy_sync ON ad_booking")
        cr.execute(
            """CREATE TRIGGER ad_booking_occupancy_sync
               AFTER INSERT OR DELETE OR UPDATE OF state, slot_id, date_start, date_end, quantity ON ad_booking
               FOR EACH ROW EXECUTE FUNCTION ad_slot_occupancy_sync()"""
        )

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
