from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AdInventoryCommon


@tagged("post_install", "-at_install")
class TestMakeGood(AdInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.invoice_policy = "order"
        cls.order = cls.env["sale.order"].browse(
            cls._ad_order(cls, cls.customer1, cls.rep1, cls.front, date(2027, 5, 3), date(2027, 5, 7)).id
        )
        cls.order.with_user(cls.rep1).action_confirm()
        cls.line = cls.order.order_line
        # another customer holds the front page on 2027-05-20
        cls.other = cls._ad_order(cls, cls.customer2, cls.rep2, cls.front, date(2027, 5, 20), date(2027, 5, 20))
        cls.other.with_user(cls.rep2).action_confirm()

    def _make_good(self, user, **vals):
        return self.env["ad.make.good"].with_user(user).create(dict({"sale_line_id": self.line.id}, **vals))

    def test_replacement_run_is_free_booked_and_linked(self):
        make_good = self._make_good(
            self.manager1, reason="Ran in black and white on 2027-05-05", date_start=date(2027, 5, 10),
            date_end=date(2027, 5, 10),
        )  # fmt: skip
        self.assertEqual(make_good.slot_id, self.front, "the same placement by default")
        make_good.action_apply()
        self.assertEqual(make_good.state, "done")
        replacement = make_good.replacement_line_id
        self.assertEqual(replacement.order_id, self.order)
        self.assertEqual(replacement.ad_make_good_of_id, self.line)
        self.assertEqual(replacement.price_total, 0.0)
        booking = replacement.ad_booking_ids
        self.assertEqual((booking.state, booking.date_start, booking.date_end), ("confirmed", date(2027, 5, 10),
                                                                                 date(2027, 5, 10)))  # fmt: skip
        self.assertEqual(self.order.ad_make_good_ids, make_good)
        self.assertIn("Ran in black and white", self.order.message_ids[0].body)
        # visible to the rep on his order
        self.assertEqual(self.order.with_user(self.rep1).ad_make_good_ids.reason, make_good.reason)

    def test_replacement_on_a_full_date_changes_nothing(self):
        make_good = self._make_good(
            self.manager1, reason="Did not run", date_start=date(2027, 5, 20), date_end=date(2027, 5, 20)
        )
        lines_before = self.order.order_line
        with self.assertRaises(ValidationError) as caught:
            make_good.action_apply()
        self.assertIn(self.other.name, str(caught.exception))
        self.assertEqual(make_good.state, "draft")
        self.assertEqual(self.order.order_line, lines_before)

    def test_credit_note_on_the_invoice(self):
        make_good = self._make_good(self.manager1, reason="Wrong creative", remedy="credit")
        self.assertEqual(make_good.amount, 200.0, "one date of a 1,000 five-date run")
        with self.assertRaises(UserError):
            make_good.action_apply()  # not invoiced yet
        invoice = self.order.sudo()._create_invoices()
        invoice.action_post()
        make_good.amount = 5000.0
        with self.assertRaises(UserError):
            make_good.action_apply()  # more than invoiced
        make_good.amount = 200.0
        make_good.action_apply()
        refund = make_good.credit_note_id
        self.assertEqual(
            (refund.move_type, refund.state, refund.reversed_entry_id, refund.amount_untaxed),
            ("out_refund", "draft", invoice, 200.0),
        )
        self.assertEqual(refund.ad_owner_id, self.rep1, "the credit note follows the customer's rules")
        self.assertEqual(self.line.qty_invoiced, 1.0, "the placement stays invoiced")

    def test_contract_shows_make_goods_and_credits_reduce_invoiced(self):
        contract = self.env["ad.contract"].with_user(self.rep1).create(
            {"partner_id": self.customer1.id, "date_start": date(2027, 6, 1), "date_end": date(2027, 6, 30),
             "amount_committed": 5000.0,
             "line_ids": [(0, 0, {"slot_id": self.spots.id, "date_start": date(2027, 6, 1),
                                  "date_end": date(2027, 6, 4), "price_unit": 800.0})]}
        )  # fmt: skip
        contract.action_sign()
        order = self.env["sale.order"].browse(contract.action_create_order()["res_id"])
        order.with_user(self.rep1).action_confirm()
        order.sudo()._create_invoices().action_post()
        make_good = (
            self.env["ad.make.good"]
            .with_user(self.manager1)
            .create({"sale_line_id": order.order_line.id, "reason": "Misprinted", "remedy": "credit"})
        )
        make_good.action_apply()
        self.assertEqual(contract.make_good_ids, make_good)
        self.assertEqual(contract.amount_invoiced, 800.0)
        make_good.credit_note_id.sudo().action_post()
        contract.invalidate_recordset()
        self.assertEqual(contract.amount_invoiced, 600.0)

    def test_only_managers_decide_and_reps_see_their_own(self):
        with self.assertRaises(AccessError):
            self._make_good(self.rep1, reason="Please", date_start=date(2027, 5, 10), date_end=date(2027, 5, 10))
        make_good = self._make_good(
            self.manager1, reason="Did not run", date_start=date(2027, 5, 11), date_end=date(2027, 5, 11)
        )
        with self.assertRaises(AccessError):
            make_good.with_user(self.rep1).action_apply()
        self.assertFalse(make_good.replacement_line_id)
        MakeGood = self.env["ad.make.good"]
        self.assertEqual(MakeGood.with_user(self.rep1).search([]), make_good)
        self.assertFalse(MakeGood.with_user(self.rep3).search([]))
        with self.assertRaises(AccessError):
            make_good.with_user(self.rep3).read(["reason"])
        # manager2 leads another team: not his customer's order
        with self.assertRaises(AccessError):
            make_good.with_user(self.manager2).read(["reason"])
