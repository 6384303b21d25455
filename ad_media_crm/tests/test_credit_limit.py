from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestCreditLimit(AdMediaCommon):
    """customer1 (rep1's) owes a posted 8,000 invoice; its credit limit is 10,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.taxes_id = False
        cls.env.company.write({"account_use_credit_limit": True, "ad_approval_amount": 0})
        cls.customer1.with_company(cls.env.company).credit_limit = 10000.0
        cls.invoice = cls._posted_invoice(cls.customer1, 8000.0, fields.Date.today())

    @classmethod
    def _posted_invoice(cls, customer, amount, due_date):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": due_date,
                "invoice_date_due": due_date,
                "invoice_line_ids": [(0, 0, {"product_id": cls.product.id, "quantity": 1, "price_unit": amount,
                                             "tax_ids": [(5, 0, 0)]})],
            }
        )  # fmt: skip
        invoice.action_post()
        return invoice

    def _quotation(self, amount, customer=None, user=None):
        order = self._order(customer or self.customer1, user or self.rep1)
        order.order_line.write({"product_uom_qty": amount / 1000.0})
        return order

    def test_above_limit_needs_approval_then_confirms(self):
        order = self._quotation(3000.0)  # 8,000 + 3,000 > 10,000
        self.assertTrue(order.ad_credit_exceeded)
        self.assertTrue(order.ad_approval_needed)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn("credit limit", str(caught.exception))
        self.assertEqual(order.state, "draft")
        # the rep cannot approve his own order, nor raise the limit, nor pass the state
        with self.assertRaises(AccessError):
            order.write({"ad_approval_state": "approved"})
        with self.assertRaises(AccessError):
            order.write({"state": "sale"})
        with self.assertRaises(AccessError):
            order.action_ad_approve()
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.rep1).write({"credit_limit": 1000000.0})
        order.action_ad_request_approval()
        self.assertEqual(order.sudo().activity_ids.user_id, self.manager1)
        order.with_user(self.manager1).action_ad_approve()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_within_limit_and_payments_free_credit(self):
        order = self._quotation(2000.0)  # 8,000 + 2,000 = the limit
        self.assertFalse(order.ad_approval_needed)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # confirmed but not invoiced counts too (Odoo's credit_to_invoice): 10,000 + 1,000
        second = self._quotation(1000.0)
        self.assertTrue(second.ad_credit_exceeded)
        # a payment of the invoice brings the customer back under its limit
        register = self.env["account.payment.register"].with_user(self.accountant)
        register.with_context(active_model="account.move", active_ids=self.invoice.ids).create(
            {"amount": 5000.0}
        ).action_create_payments()
        self.assertEqual(self.invoice.amount_residual, 3000.0)
        second.invalidate_recordset()
        self.assertFalse(second.ad_credit_exceeded)
        second.action_confirm()
        self.assertEqual(second.state, "sale")

    def test_setting_off_or_no_limit(self):
        self.env.company.account_use_credit_limit = False
        order = self._quotation(3000.0)
        self.assertFalse(order.ad_approval_needed)
        self.env.company.account_use_credit_limit = True
        order.invalidate_recordset()
        self.assertTrue(order.ad_approval_needed)
        # another rep's customer without a limit: nothing to approve
        self.assertFalse(self._quotation(50000.0, self.customer2, self.rep2).ad_credit_exceeded)

    def test_rep_cannot_probe_another_customer(self):
        """The check reads Odoo's figures as superuser, for the order's own customer only: a rep
        cannot point an order at another rep's customer to learn whether it is over its limit."""
        self.customer2.with_company(self.env.company).credit_limit = 1.0
        Order = self.env["sale.order"].with_user(self.rep1)
        with self.assertRaises(AccessError):
            Order.create({"partner_id": self.customer2.id})
        with self.assertRaises(AccessError):
            Order.onchange({"partner_id": self.customer2.id}, ["partner_id"], {"ad_credit_exceeded": {}})
        mine = self._quotation(3000.0)
        with self.assertRaises(AccessError):
            mine.write({"partner_id": self.customer2.id})
        self.assertTrue(
            Order.onchange({"partner_id": self.customer1.id}, ["partner_id"], {"ad_credit_exceeded": {}}),
            "control: the same call on his own customer works",
        )
        with self.assertRaises(AccessError):
            self.customer2.with_user(self.rep1).read(["credit"])

    def test_overdue_blocks_reps_not_managers(self):
        self.env.company.write({"account_use_credit_limit": False, "ad_overdue_block_days": 30})
        today = fields.Date.today()
        self._posted_invoice(self.customer1, 500.0, today - timedelta(days=20))
        order = self._quotation(1000.0)
        order.action_confirm()  # overdue by 20 days only
        self.assertEqual(order.state, "sale")
        late = self._posted_invoice(self.customer1, 700.0, today - timedelta(days=45))
        order = self._quotation(1000.0)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        self.assertIn("overdue by more than 30 days", str(caught.exception))
        self.assertEqual(order.state, "draft")
        # an approval does not lift the block for the rep; a manager confirms himself
        with self.assertRaises(AccessError):
            order.write({"ad_approval_state": "approved"})
        order.with_user(self.manager1).action_confirm()
        self.assertEqual(order.state, "sale")
        # once the late invoice is paid, the rep confirms again
        register = self.env["account.payment.register"].with_user(self.accountant)
        register.with_context(active_model="account.move", active_ids=late.ids).create({}).action_create_payments()
        self.assertEqual(late.amount_residual, 0.0)
        order = self._quotation(1000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_overdue_blocks_per_customer(self):
        self.env.company.write({"account_use_credit_limit": False, "ad_overdue_block_days": 30})
        self._posted_invoice(self.customer2, 700.0, fields.Date.today() - timedelta(days=90))
        blocked = self._quotation(1000.0, self.customer2, self.rep2)
        with self.assertRaises(UserError):
            blocked.action_confirm()
        mine = self._quotation(1000.0)
        mine.action_confirm()  # rep1's customer owes nothing overdue
        self.assertEqual(mine.state, "sale")
        blocked.with_user(self.office).action_confirm()
        self.assertEqual(blocked.state, "sale", "the sales office confirms")
