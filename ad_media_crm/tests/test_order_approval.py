from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestOrderApproval(AdMediaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"ad_approval_amount": 5000, "ad_approval_discount": 20})

    def _big_order(self, quantity=6, discount=0.0, user=None):
        order = self._order(self.customer1, user or self.rep1)
        order.order_line.write({"product_uom_qty": quantity, "discount": discount})
        return order

    def test_small_order_needs_nothing(self):
        order = self._big_order(quantity=2)
        self.assertFalse(order.ad_approval_needed)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_over_amount_needs_approval_then_confirms(self):
        order = self._big_order()
        self.assertTrue(order.ad_approval_needed)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn("approval thresholds", str(caught.exception))
        self.assertEqual(order.state, "draft")
        self.assertEqual(self.customer1.ad_owner_id, self.rep1)
        order.action_ad_request_approval()
        self.assertEqual(order.ad_approval_state, "to_approve")
        activity = order.sudo().activity_ids
        self.assertEqual(activity.user_id, self.manager1, "the team leader is asked")
        with self.assertRaises(AccessError):
            order.action_ad_approve()
        order.with_user(self.manager1).action_ad_approve()
        self.assertEqual((order.ad_approval_state, order.ad_approved_by_id), ("approved", self.manager1))
        self.assertFalse(order.sudo().activity_ids)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(order.message_ids.filtered(lambda m: "approved by Manager One" in (m.body or "")))

    def test_discount_threshold(self):
        self.assertFalse(self._big_order(quantity=1, discount=20).ad_approval_needed)
        self.assertTrue(self._big_order(quantity=1, discount=25).ad_approval_needed)

    def test_rejection_keeps_order_unconfirmed(self):
        order = self._big_order()
        order.action_ad_request_approval()
        wizard = Form(self.env["ad.order.reject"].with_user(self.manager1).with_context(default_order_ids=order.ids))
        wizard.reason = "Discount too deep for a first order"
        wizard.save().action_reject()
        self.assertEqual(order.ad_approval_state, "rejected")
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.message_ids.filtered(lambda m: "Discount too deep" in (m.body or "")))
        with self.assertRaises(UserError):
            order.with_user(self.manager1).action_ad_reject("")

    def test_change_after_approval_needs_new_approval(self):
        order = self._big_order()
        order.action_ad_request_approval()
        order.with_user(self.manager1).action_ad_approve()
        order.write({"order_line": [(1, order.order_line.id, {"product_uom_qty": 10})]})
        self.assertFalse(order.ad_approval_state)
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_thresholds_per_company_and_team(self):
        other = self.env["res.company"].create({"name": "Star City TV Ltd", "ad_approval_amount": 100000})
        self.env.user.company_ids |= other
        order = self.env["sale.order"].with_company(other).create(
            {"partner_id": self.customer1.id, "company_id": other.id,
             "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 6})]}
        )  # fmt: skip
        self.assertFalse(order.ad_approval_needed, "6,000 is below the other company's 100,000")
        self.team1.ad_approval_amount = 10000
        self.assertFalse(self._big_order(quantity=6).ad_approval_needed, "the team's own threshold wins")
        self.assertTrue(self._big_order(quantity=11).ad_approval_needed)
