from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestBookingHold(AdMediaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("ad_media_crm.hold_days", 3)
        medium = cls.env["ad.medium"].create({"name": "City Radio", "medium_type": "radio"})
        cls.slot = cls.env["ad.slot"].create(
            {"medium_id": medium.id, "name": "Morning news sponsor", "code": "MN", "product_id": cls.product.id}
        )
        cls.day = fields.Date.today() + timedelta(days=20)

    def _quotation(self, partner, rep):
        return self.env["sale.order"].with_user(rep).create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "ad_slot_id": self.slot.id,
                                       "ad_date_start": self.day, "ad_date_end": self.day})],
            }
        )  # fmt: skip

    def _booked(self):
        return self.slot._ad_availability(self.day, self.day)[0]["booked"]

    def test_hold_reserves_until_confirmed(self):
        held = self._quotation(self.customer1, self.rep1)
        held.action_ad_hold()
        booking = held.order_line.ad_booking_ids
        self.assertEqual((booking.state, booking.hold_until), ("held", fields.Date.today() + timedelta(days=3)))
        self.assertEqual(self._booked(), 1)
        other = self._quotation(self.customer2, self.rep2)
        with self.assertRaises(ValidationError) as caught:
            other.with_user(self.manager1).action_confirm()
        self.assertIn(held.name, str(caught.exception), "named to the team's manager")
        held.action_confirm()
        self.assertEqual((booking.state, booking.hold_until), ("confirmed", False))
        self.assertEqual(self._booked(), 1, "a confirmed hold is not counted twice")

    def test_cancel_releases_the_hold(self):
        held = self._quotation(self.customer1, self.rep1)
        held.action_ad_hold()
        held._action_cancel()
        self.assertEqual(self._booked(), 0)

    def test_confirmed_booking_wins_over_an_expired_hold(self):
        held = self._quotation(self.customer1, self.rep1)
        held.action_ad_hold()
        other = self._quotation(self.customer2, self.rep2)
        with freeze_time(fields.Date.today() + timedelta(days=4)):
            other.action_confirm()  # before the cron ran
        self.assertEqual(other.state, "sale")
        self.assertEqual(held.order_line.ad_booking_ids.state, "tentative")
        self.assertEqual(self._booked(), 1)

    def test_cron_releases_expired_holds_and_tells_the_rep(self):
        held = self._quotation(self.customer1, self.rep1)
        held.action_ad_hold()
        Booking = self.env["ad.booking"]
        with freeze_time(fields.Date.today() + timedelta(days=3)):
            self.assertFalse(Booking._cron_ad_expire_holds())
        with freeze_time(fields.Date.today() + timedelta(days=4)):
            expired = Booking._cron_ad_expire_holds()
        self.assertEqual(expired, held.order_line.ad_booking_ids)
        self.assertEqual(self._booked(), 0)
        message = self.env["mail.message"].search([("partner_ids", "in", self.rep1.partner_id.ids)], limit=1)
        self.assertIn(held.name, message.body)

    def test_hold_on_a_full_date_is_refused(self):
        self._quotation(self.customer2, self.rep2).action_confirm()
        late = self._quotation(self.customer1, self.rep1)
        with self.assertRaises(ValidationError):
            late.action_ad_hold()
        self.assertEqual(late.order_line.ad_booking_ids.state, "tentative")
        self.assertEqual(self._booked(), 1, "the refused hold took nothing")
