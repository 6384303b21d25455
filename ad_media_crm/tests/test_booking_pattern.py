from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestBookingPattern(AdMediaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        medium = cls.env["ad.medium"].create({"name": "Weekly Auto", "medium_type": "magazine"})
        cls.slot = cls.env["ad.slot"].create(
            {"medium_id": medium.id, "name": "Back cover", "code": "BC", "product_id": cls.product.id}
        )
        # someone else holds the third Monday (2027-01-18)
        taken = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer2.id,
                "user_id": cls.rep2.id,
                "order_line": [(0, 0, {"product_id": cls.product.id, "ad_slot_id": cls.slot.id,
                                       "ad_date_start": date(2027, 1, 18), "ad_date_end": date(2027, 1, 18)})],
            }
        )  # fmt: skip
        taken.action_confirm()
        cls.taken = taken

    def _one_run_on_the_taken_monday(self, quotation):
        return (
            self.env["ad.booking.pattern"]
            .with_user(self.rep1)
            .create({"order_id": quotation.id, "slot_id": self.slot.id, "date_first": date(2027, 1, 18), "weeks": 1})
        )

    def test_every_monday_for_four_weeks(self):
        quotation = self._order(self.customer1, self.rep1)
        form = Form(self.env["ad.booking.pattern"].with_user(self.rep1).with_context(default_order_id=quotation.id))
        form.slot_id = self.slot
        form.date_first = date(2027, 1, 1)  # a Friday: the first run is Monday 4 January
        form.weekday = "0"
        form.weeks = 4
        wizard = form.save()
        self.assertEqual(
            wizard.run_ids.mapped("date_start"),
            [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18), date(2027, 1, 25)],
        )
        self.assertEqual(wizard.conflict_count, 1)
        clash = wizard.run_ids.filtered("conflict")
        self.assertEqual((clash.date_start, clash.selected, clash.note), (date(2027, 1, 18), False, "2027-01-18"))
        wizard.action_add_lines()
        runs = quotation.order_line.filtered("ad_slot_id")
        self.assertEqual(runs.mapped("ad_date_start"), [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 25)])
        quotation.action_confirm()
        self.assertEqual(set(runs.ad_booking_ids.mapped("state")), {"confirmed"})

    def test_forcing_a_clashing_run_is_refused_at_confirmation(self):
        quotation = self._order(self.customer1, self.rep1)
        wizard = self._one_run_on_the_taken_monday(quotation)
        wizard.run_ids.selected = True
        wizard.action_add_lines()
        with self.assertRaises(UserError) as caught:
            quotation.action_confirm()
        self.assertIn("2027-01-18 by another order", str(caught.exception), "rep1 may not read rep2's order")
        self.assertEqual(quotation.state, "draft")

    def test_nothing_selected(self):
        quotation = self._order(self.customer1, self.rep1)
        wizard = self._one_run_on_the_taken_monday(quotation)
        with self.assertRaises(UserError):
            wizard.action_add_lines()

    def test_waitlist_full_runs_and_offer_when_freed(self):
        quotation = self._order(self.customer1, self.rep1)
        wizard = self._one_run_on_the_taken_monday(quotation)
        wizard.action_waitlist_conflicts()
        entry = self.env["ad.waitlist"].with_user(self.rep1).search([("slot_id", "=", self.slot.id)])
        self.assertEqual(
            (entry.date_start, entry.partner_id, entry.user_id, entry.state),
            (date(2027, 1, 18), self.customer1, self.rep1, "waiting"),
        )
        self.assertFalse(
            self.env["ad.waitlist"].with_user(self.rep3).search([("id", "=", entry.id)]),
            "other teams' entries stay hidden",
        )
        self.taken._action_cancel()
        self.assertEqual(entry.state, "offered")
        activity = self.customer1.activity_ids.filtered(lambda a: a.user_id == self.rep1)
        self.assertIn("free capacity again", activity.summary)
