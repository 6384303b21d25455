from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AdInventoryCommon


@tagged("post_install", "-at_install")
class TestBooking(AdInventoryCommon):
    def _occupied(self, slot, day):
        rows = slot._ad_availability(day, day)
        return rows[0]["booked"]

    def assertBookingsMatchLines(self, order):
        for line in order.order_line.filtered("ad_slot_id"):
            live = line.ad_booking_ids.filtered(lambda b: b.state != "cancelled")
            self.assertEqual(len(live), 1)
            self.assertEqual(
                (live.slot_id, live.date_start, live.date_end, live.quantity),
                (line.ad_slot_id, line.ad_date_start, line.ad_date_end, line.ad_capacity_quantity),
            )
            self.assertEqual(live.state, "confirmed" if order.state == "sale" else "tentative")

    def test_confirm_books_and_cancel_releases(self):
        order = self._ad_order(self.customer1, self.rep1, self.front, date(2027, 3, 1), date(2027, 3, 7))
        self.assertBookingsMatchLines(order)
        self.assertEqual(self._occupied(self.front, date(2027, 3, 3)), 0, "a quotation takes no capacity")
        order.action_confirm()
        self.assertBookingsMatchLines(order)
        self.assertEqual(self._occupied(self.front, date(2027, 3, 3)), 1)
        self.assertEqual(self._occupied(self.front, date(2027, 3, 8)), 0)
        order._action_cancel()
        self.assertEqual(order.order_line.ad_booking_ids.state, "cancelled")
        self.assertEqual(self._occupied(self.front, date(2027, 3, 3)), 0)

    def test_sequential_clash_names_the_dates(self):
        first = self._ad_order(self.customer1, self.rep1, self.front, date(2027, 4, 1), date(2027, 4, 10))
        first.action_confirm()
        second = self._ad_order(self.customer2, self.rep2, self.front, date(2027, 4, 9), date(2027, 4, 12))
        with self.assertRaises(ValidationError) as caught:
            second.with_user(self.rep2).action_confirm()
        self.assertIn("2027-04-09, 2027-04-10 by another order", str(caught.exception), "not his customer's")
        self.assertEqual(second.state, "draft")
        self.assertEqual(self._occupied(self.front, date(2027, 4, 12)), 0, "nothing of the refused order stays")
        third = self._ad_order(self.customer2, self.rep2, self.front, date(2027, 4, 11), date(2027, 4, 12))
        third.with_user(self.rep2).action_confirm()
        self.assertEqual(third.state, "sale")

    def test_capacity_two(self):
        for customer, rep in ((self.customer1, self.rep1), (self.customer2, self.rep2)):
            self._ad_order(customer, rep, self.spots, date(2027, 5, 1), date(2027, 5, 3)).action_confirm()
        self.assertEqual(self._occupied(self.spots, date(2027, 5, 2)), 2)
        third = self._ad_order(self.customer3, self.rep3, self.spots, date(2027, 5, 3), date(2027, 5, 4))
        with self.assertRaises(ValidationError) as caught:
            third.action_confirm()
        self.assertIn("fully booked on 2027-05-03", str(caught.exception))
        double = self._ad_order(self.customer3, self.rep3, self.spots, date(2027, 5, 4), date(2027, 5, 4), units=2)
        double.action_confirm()
        self.assertEqual(self._occupied(self.spots, date(2027, 5, 4)), 2)

    def test_change_dates_and_split(self):
        order = self._ad_order(self.customer1, self.rep1, self.front, date(2027, 6, 1), date(2027, 6, 14))
        order.action_confirm()
        line = order.order_line
        line.write({"ad_date_end": date(2027, 6, 7)})
        line.copy({"order_id": order.id, "ad_date_start": date(2027, 6, 10), "ad_date_end": date(2027, 6, 14)})
        self.assertBookingsMatchLines(order)
        self.assertEqual(self._occupied(self.front, date(2027, 6, 8)), 0, "the gap is free again")
        self.assertEqual(self._occupied(self.front, date(2027, 6, 12)), 1)
        clash = self._ad_order(self.customer2, self.rep2, self.front, date(2027, 6, 8), date(2027, 6, 9))
        clash.action_confirm()
        with self.assertRaises(ValidationError):
            line.write({"ad_date_end": date(2027, 6, 8)})
        self.assertBookingsMatchLines(order)

    def test_placement_line_does_not_move_to_another_order(self):
        quotation = self._ad_order(self.customer1, self.rep1, self.front, "2031-01-05", "2031-01-05")
        confirmed = self._ad_order(self.customer1, self.rep1, self.spots, "2031-01-06", "2031-01-06")
        confirmed.action_confirm()
        with self.assertRaises(UserError):
            quotation.order_line.write({"order_id": confirmed.id})
        self.assertEqual(quotation.order_line.order_id, quotation)
        self.assertEqual(quotation.order_line.ad_booking_ids.state, "tentative")

    def test_capacity_cannot_drop_below_bookings(self):
        self._ad_order(
            self.customer1, self.rep1, self.spots, date(2027, 7, 1), date(2027, 7, 1), units=2
        ).action_confirm()
        with self.assertRaises(ValidationError):
            self.spots.capacity = 1
        self.spots.capacity = 3
        self.assertEqual(self.spots._ad_availability(date(2027, 7, 1), date(2027, 7, 1))[0]["free"], 1)

    def test_rep_sees_own_bookings_and_availability_without_customer(self):
        mine = self._ad_order(self.customer1, self.rep1, self.front, date(2027, 8, 1), date(2027, 8, 2))
        theirs = self._ad_order(self.customer2, self.rep2, self.front, date(2027, 8, 5), date(2027, 8, 6))
        mine.action_confirm()
        theirs.action_confirm()
        Booking = self.env["ad.booking"].with_user(self.rep1)
        self.assertEqual(Booking.search([("slot_id", "=", self.front.id)]), mine.order_line.ad_booking_ids)
        with self.assertRaises(AccessError):
            theirs.order_line.ad_booking_ids.with_user(self.rep1).read(["partner_id"])
        grid = (
            self.env["ad.slot.occupancy"]
            .with_user(self.rep1)
            .search_read([("slot_id", "=", self.front.id)], ["date", "quantity", "capacity"])
        )
        self.assertEqual(len(grid), 4, "other customers' dates show as booked")
        self.assertNotIn("partner_id", self.env["ad.slot.occupancy"]._fields)
