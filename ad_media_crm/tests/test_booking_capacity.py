from datetime import date, timedelta

import psycopg2.errors

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AdInventoryCommon


@tagged("post_install", "-at_install")
class TestBookingCapacity(AdInventoryCommon):
    """Occupancy is the sum of the live bookings after every path that changes them; the
    trigger on ad_booking keeps it so, whatever wrote the bookings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("ad_media_crm.hold_days", 3)

    # _ad_order returns the quotation as its rep sees it

    def _booked(self, slot, day):
        return slot._ad_availability(day, day)[0]["booked"]

    def _expire(self, orders):
        """Hold dates in the past, as if days had gone by (the cron has not run)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ad_booking SET hold_until = CURRENT_DATE - 1 WHERE order_id = ANY(%s) AND state = 'held'",
            [orders.ids],
        )
        self.env["ad.booking"].invalidate_model(["hold_until"])

    def _waiting(self, slot, day, user):
        return self.env["ad.waitlist"].create(
            {"slot_id": slot.id, "date_start": day, "date_end": day, "partner_id": self.customer2.id,
             "user_id": user.id}
        )  # fmt: skip

    def test_create_hold_confirm_cancel(self):
        day = date(2027, 3, 2)
        order = self._ad_order(self.customer1, self.rep1, self.spots, date(2027, 3, 1), date(2027, 3, 3))
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.spots, day), 0)
        order.action_ad_hold()
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.spots, day), 1)
        order.action_confirm()
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.spots, day), 1)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.spots, day), 0)

    def test_deleting_a_held_line_releases_it(self):
        day, later = date(2027, 3, 10), date(2027, 3, 20)
        order = self._ad_order(self.customer1, self.rep1, self.front, day, day)
        order.write({"order_line": [Command.create({"product_id": self.product.id, "ad_slot_id": self.front.id,
                                                    "ad_date_start": later, "ad_date_end": later})]})  # fmt: skip
        order.action_ad_hold()
        self.assertEqual((self._booked(self.front, day), self._booked(self.front, later)), (1, 1))
        waiting = self._waiting(self.front, day, self.rep2)
        order.write({"order_line": [Command.delete(order.order_line[0].id)]})
        self.assertOccupancyExact()
        self.assertEqual((self._booked(self.front, day), self._booked(self.front, later)), (0, 1))
        self.assertEqual(waiting.state, "offered", "the waiting rep is told")
        other = self._ad_order(self.customer2, self.rep2, self.front, day, day)
        other.action_confirm()
        self.assertEqual(other.state, "sale")
        self.assertOccupancyExact()

    def test_deleting_a_held_quotation_releases_it(self):
        day = date(2027, 3, 12)
        order = self._ad_order(self.customer1, self.rep1, self.spots, day, day, units=2)
        order.with_user(self.rep1).action_ad_hold()
        self.assertEqual(self._booked(self.spots, day), 2)
        waiting = self._waiting(self.spots, day, self.rep2)
        order.with_user(self.director).unlink()
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.spots, day), 0)
        self.assertEqual(waiting.state, "offered")

    def test_a_confirmed_line_cannot_be_deleted_cancel_then_delete(self):
        day = date(2027, 3, 14)
        order = self._ad_order(self.customer1, self.rep1, self.front, day, day)
        order.action_confirm()
        with self.assertRaises(UserError):
            order.write({"order_line": [Command.delete(order.order_line.id)]})
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.front, day), 1)
        order.with_context(disable_cancel_warning=True).action_cancel()
        order.with_user(self.director).unlink()
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.front, day), 0)

    def test_changing_dates_quantity_and_placement(self):
        confirmed = self._ad_order(self.customer1, self.rep1, self.spots, date(2027, 4, 1), date(2027, 4, 5))
        held = self._ad_order(self.customer2, self.rep2, self.spots, date(2027, 4, 3), date(2027, 4, 4))
        confirmed.with_user(self.rep1).action_confirm()
        held.with_user(self.rep2).action_ad_hold()
        self.assertEqual(self._booked(self.spots, date(2027, 4, 3)), 2)
        line = confirmed.order_line.with_user(self.rep1)
        for vals in (
            {"ad_date_start": date(2027, 4, 2), "ad_date_end": date(2027, 4, 8)},
            {"ad_date_end": date(2027, 4, 6)},
            {"ad_slot_id": self.front.id},
            {"ad_date_start": date(2027, 4, 7), "ad_date_end": date(2027, 4, 7)},
            {"ad_slot_id": self.spots.id, "ad_capacity_quantity": 2},
        ):
            line.write(vals)
            self.assertOccupancyExact(f"after {vals}")
        self.assertEqual(self._booked(self.spots, date(2027, 4, 7)), 2)
        with self.assertRaises(ValidationError):
            line.write({"ad_date_start": date(2027, 4, 4)})  # the hold has 1 of 2 on 2027-04-04
        self.assertOccupancyExact()
        held.order_line.with_user(self.rep2).write({"ad_capacity_quantity": 2})
        self.assertOccupancyExact()

    def test_expired_hold_confirmed_before_the_cron_takes_its_capacity(self):
        """The attack: 4 units confirmed on a placement of capacity 2."""
        start, end = date(2027, 5, 1), date(2027, 5, 3)
        held = self._ad_order(self.customer1, self.rep1, self.spots, start, end, units=2)
        held.action_ad_hold()
        self._expire(held)
        held.action_confirm()
        self.assertEqual(held.order_line.ad_booking_ids.state, "confirmed")
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.spots, start), 2)
        other = self._ad_order(self.customer2, self.rep2, self.spots, end, end, units=2)
        with self.assertRaises(ValidationError):
            other.action_confirm()
        self.assertOccupancyExact()

    def test_expiry_by_the_cron_and_before_a_new_take(self):
        day = date(2027, 5, 10)
        first = self._ad_order(self.customer1, self.rep1, self.front, day, day)
        first.action_ad_hold()
        waiting = self._waiting(self.front, day, self.rep3)
        self._expire(first)
        self.assertEqual(self.env["ad.booking"]._cron_ad_expire_holds(), first.order_line.ad_booking_ids)
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.front, day), 0)
        self.assertEqual(waiting.state, "offered")

        first.action_ad_hold()
        self.assertEqual(self._booked(self.front, day), 1)
        self._expire(first)
        second = self._ad_order(self.customer2, self.rep2, self.front, day, day)
        second.action_ad_hold()  # the expired hold loses to the new one at once
        self.assertEqual(first.order_line.ad_booking_ids.state, "tentative")
        self.assertEqual(second.order_line.ad_booking_ids.state, "held")
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.front, day), 1)

    def test_make_good_replacement(self):
        order = self._ad_order(self.customer1, self.rep1, self.front, date(2027, 6, 1), date(2027, 6, 3))
        order.with_user(self.rep1).action_confirm()
        MakeGood = self.env["ad.make.good"].with_user(self.manager1)
        values = {"sale_line_id": order.order_line.id, "reason": "Did not run on 2027-06-02"}
        MakeGood.create(dict(values, date_start=date(2027, 6, 9), date_end=date(2027, 6, 10))).action_apply()
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.front, date(2027, 6, 10)), 1)
        again = MakeGood.create(dict(values, date_start=date(2027, 6, 10), date_end=date(2027, 6, 10)))
        with self.assertRaises(ValidationError):
            again.action_apply()
        self.assertOccupancyExact()

    def test_contract_cancellation_releases_its_held_quotation(self):
        start = date(2027, 7, 1)
        contract = (
            self.env["ad.contract"]
            .with_user(self.rep1)
            .create(
                {"partner_id": self.customer1.id, "date_start": start, "date_end": date(2027, 12, 31),
                 "line_ids": [Command.create({"slot_id": self.spots.id, "date_start": start,
                                              "date_end": start + timedelta(days=6), "quantity": 2})]}
            )
        )  # fmt: skip
        contract.action_sign()
        order = self.env["sale.order"].browse(contract.action_create_order()["res_id"]).with_user(self.rep1)
        order.action_ad_hold()
        self.assertEqual(self._booked(self.spots, start), 2)
        contract.action_cancel()
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.spots, start), 0)

    def test_copy_of_an_order(self):
        day = date(2027, 8, 1)
        order = self._ad_order(self.customer1, self.rep1, self.front, day, day)
        order.action_ad_hold()
        held_copy = order.copy()
        self.assertEqual(held_copy.order_line.ad_booking_ids.state, "tentative", "a copy holds nothing")
        order.action_confirm()
        confirmed_copy = order.copy()
        self.assertOccupancyExact()
        self.assertEqual(self._booked(self.front, day), 1)
        for copy in (held_copy, confirmed_copy):
            with self.assertRaises(ValidationError):
                copy.action_confirm()
        self.assertOccupancyExact()

    def test_raw_sql_on_bookings(self):
        order = self._ad_order(self.customer1, self.rep1, self.spots, date(2027, 9, 1), date(2027, 9, 5))
        order.with_user(self.rep1).action_confirm()
        booking = order.order_line.ad_booking_ids
        self.env.flush_all()
        cr = self.env.cr
        for query in (
            "UPDATE ad_booking SET date_end = '2027-09-10' WHERE id = %(id)s",
            "UPDATE ad_booking SET date_start = '2027-09-08', quantity = 2 WHERE id = %(id)s",
            "UPDATE ad_booking SET slot_id = %(front)s, quantity = 1 WHERE id = %(id)s",
            "UPDATE ad_booking SET state = 'held' WHERE id = %(id)s",
            "UPDATE ad_booking SET state = 'tentative' WHERE id = %(id)s",
            "UPDATE ad_booking SET state = 'confirmed', slot_id = %(spots)s WHERE id = %(id)s",
            (
                "INSERT INTO ad_booking (slot_id, date_start, date_end, quantity, state) "
                "SELECT slot_id, date_start, date_end, 1, 'held' FROM ad_booking WHERE id = %(id)s"
            ),
            "DELETE FROM ad_booking WHERE id = %(id)s",
        ):
            cr.execute(query, {"id": booking.id, "front": self.front.id, "spots": self.spots.id})
            self.assertOccupancyExact(query)
        self.assertEqual(self._booked(self.spots, date(2027, 9, 9)), 1)
        with self.assertRaises(psycopg2.errors.CheckViolation), mute_logger("odoo.sql_db"), cr.savepoint():
            cr.execute(
                "INSERT INTO ad_booking (slot_id, date_start, date_end, quantity, state) "
                "VALUES (%s, '2027-09-09', '2027-09-09', 2, 'confirmed')",
                [self.spots.id],
            )
        self.assertOccupancyExact()

    def test_state_is_written_by_the_system_only(self):
        day = date(2027, 10, 1)
        order = self._ad_order(self.customer1, self.rep1, self.front, day, day)
        booking = order.order_line.ad_booking_ids.with_env(self.env)
        for user in (self.rep1, self.office, self.manager1, self.director):
            for vals in ({"state": "confirmed"}, {"hold_until": day}):
                with self.assertRaises(AccessError, msg=f"{user.login} writes {vals}") as caught:
                    booking.with_user(user).write(vals)
                self.assertIn("only through the document's buttons", str(caught.exception))
        self.assertEqual(booking.state, "tentative")
        self.assertEqual(self._booked(self.front, day), 0)
        booking.write({"state": "confirmed"})  # the superuser may
        self.assertEqual(self._booked(self.front, day), 1)
        self.assertOccupancyExact()
        booking.write({"state": "held", "hold_until": day})
        self.assertEqual(self._booked(self.front, day), 1)
        booking.write({"state": "cancelled", "hold_until": False})
        self.assertEqual(self._booked(self.front, day), 0)
        self.assertOccupancyExact()

    def test_clash_names_only_the_orders_the_user_may_read(self):
        day = date(2027, 11, 1)
        mine = self._ad_order(self.customer1, self.rep1, self.front, day, day + timedelta(days=1))
        mine.with_user(self.rep1).action_confirm()
        theirs = self._ad_order(self.customer2, self.rep2, self.front, day, day)
        with self.assertRaises(ValidationError) as caught:
            theirs.with_user(self.rep2).action_confirm()
        self.assertNotIn(mine.name, str(caught.exception))
        self.assertIn(f"{day} by another order", str(caught.exception))
        again = self._ad_order(self.customer1, self.rep1, self.front, day, day)
        with self.assertRaises(ValidationError) as caught:
            again.with_user(self.rep1).action_confirm()
        self.assertIn(f"{day} by {mine.name}.", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            theirs.with_user(self.manager1).action_confirm()
        self.assertIn(mine.name, str(caught.exception), "the team's manager reads the order")
        self.assertOccupancyExact()
