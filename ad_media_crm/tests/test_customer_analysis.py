from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AdInventoryCommon


@tagged("post_install", "-at_install")
class TestCustomerAnalysis(AdInventoryCommon):
    """Hand-computed figures (no taxes, company currency, list price 1,000):

    customer1 (rep1): O1 400 days ago, 3 × 1,000 at 10 % = 2,700 (discount 300), invoiced 2 days
    later and paid in full 10 days after the invoice; a make-good credit of 300 on it. O2 20 days
    ago, 2 × 1,000 = 2,000, invoiced 15 days ago, 500 paid. A quotation and a cancelled order
    count nothing.  → 2 orders, spend 4,700, average 2,350, discounts 300, invoiced 4,700,
    receivables 1,500, days to pay 10, not churned, 2 years and 2 months with orders.
    customer3 (rep3): one order of 1,000, 800 days ago → churned after 12 months.
    customer2 (rep2): no order → a row with zeros.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.taxes_id = [Command.clear()]
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.o1 = cls._confirmed(cls.customer1, cls.rep1, 400, 3, discount=10.0)
        cls.o2 = cls._confirmed(cls.customer1, cls.rep1, 20, 2)
        cls.o3 = cls._confirmed(cls.customer3, cls.rep3, 800, 1)
        cls._quotation(cls.customer1, cls.rep1, 5, 7)
        cls._quotation(cls.customer1, cls.rep1, 6, 9).action_cancel()
        invoice1 = cls._post(cls.o1._create_invoices(), 398)
        cls._pay(invoice1, 388, 2700)
        invoice2 = cls._post(cls.o2._create_invoices(), 15)
        cls._pay(invoice2, 10, 500)
        cls.env["ad.make.good"].create(
            {"sale_line_id": cls.o1.order_line.id, "reason": "Misprinted", "remedy": "credit", "amount": 300}
        )
        cls.Analysis = cls.env["ad.customer.analysis"]
        cls.env["res.partner"]._ad_refresh_abc_classes()
        cls.Analysis._ad_refresh()

    # ------------------------------------------------------------
    # FIXTURE HELPERS
    # ------------------------------------------------------------

    @classmethod
    def _date(cls, days_ago):
        return cls.today - timedelta(days=days_ago)

    @classmethod
    def _quotation(cls, partner, rep, days_ago, qty, discount=0.0, company=None):
        Order = cls.env["sale.order"].with_company(company) if company else cls.env["sale.order"]
        return Order.create(
            {
                "partner_id": partner.id,
                "user_id": rep.id,
                "date_order": f"{cls._date(days_ago)} 10:00:00",
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": qty, "discount": discount})
                ],
            }
        )

    @classmethod
    def _confirmed(cls, partner, rep, days_ago, qty, discount=0.0, company=None):
        order = cls._quotation(partner, rep, days_ago, qty, discount, company)
        order.action_confirm()
        order.date_order = f"{cls._date(days_ago)} 10:00:00"  # confirmation sets it to now
        return order

    @classmethod
    def _post(cls, move, days_ago):
        move.invoice_date = cls._date(days_ago)
        move.action_post()
        return move

    @classmethod
    def _pay(cls, move, days_ago, amount):
        cls.env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
            {"payment_date": cls._date(days_ago), "amount": amount}
        )._create_payments()

    def _row(self, partner, user=None):
        Analysis = self.Analysis.with_user(user) if user else self.Analysis
        return Analysis.search([("partner_id", "=", partner.id), ("company_id", "in", [self.env.company.id, False])])

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    def test_totals_equal_orders_and_invoices(self):
        row = self._row(self.customer1)
        self.assertEqual(len(row), 1)
        # the hand-computed figures
        self.assertEqual(row.order_count, 2)
        self.assertAlmostEqual(row.spend, 4700.0)
        self.assertAlmostEqual(row.average_order, 2350.0)
        self.assertAlmostEqual(row.discount_amount, 300.0)
        self.assertAlmostEqual(row.invoiced_amount, 4700.0)
        self.assertAlmostEqual(row.receivable_amount, 1500.0)
        self.assertEqual(row.paid_invoice_count, 1)
        self.assertAlmostEqual(row.days_to_pay, 10.0)
        self.assertEqual(row.make_good_count, 1)
        self.assertAlmostEqual(row.make_good_amount, 300.0)
        self.assertEqual((row.first_order_date, row.last_order_date), (self._date(400), self._date(20)))
        self.assertEqual((row.active_years, row.active_months), (2, 2))
        self.assertFalse(row.is_churned)
        self.assertEqual((row.ad_owner_id, row.ad_team_id), (self.rep1, self.team1))
        # ... and the same as the documents, read through the ORM
        Order = self.env["sale.order"]
        confirmed = Order.search([("partner_id", "child_of", self.customer1.id), ("state", "=", "sale")])
        self.assertEqual(row.order_count, len(confirmed))
        self.assertAlmostEqual(row.spend, sum(confirmed.mapped("amount_untaxed")))
        lines = confirmed.order_line
        self.assertAlmostEqual(
            row.discount_amount, sum(line.price_unit * line.product_uom_qty * line.discount / 100 for line in lines)
        )
        invoices = self.env["account.move"].search(
            [("commercial_partner_id", "=", self.customer1.id), ("state", "=", "posted"),
             ("move_type", "in", ("out_invoice", "out_refund"))]
        )  # fmt: skip
        self.assertAlmostEqual(row.invoiced_amount, sum(invoices.mapped("amount_untaxed_signed")))
        self.assertAlmostEqual(row.receivable_amount, self.customer1.ad_receivable_amount)
        self.assertAlmostEqual(row.receivable_amount, sum(invoices.mapped("amount_residual_signed")))
        # and Odoo's sales analysis agrees
        [sales] = self.env["sale.report"].read_group(
            [("commercial_partner_id", "=", self.customer1.id), ("state", "=", "sale")],
            ["price_subtotal:sum", "discount_amount:sum"],
            [],
        )
        self.assertAlmostEqual(row.spend, sales["price_subtotal"])
        self.assertAlmostEqual(row.discount_amount, sales["discount_amount"])

    def test_grouped_averages_are_ratios_of_sums(self):
        customers = [self.customer1.id, self.customer3.id]
        [group] = self.Analysis.read_group(
            [("partner_id", "in", customers)], ["spend:sum", "order_count:sum", "average_order", "days_to_pay"], []
        )
        self.assertAlmostEqual(group["spend"], 5700.0)
        self.assertEqual(group["order_count"], 3)
        self.assertAlmostEqual(group["average_order"], 1900.0)  # not 2,350 + 1,000
        self.assertAlmostEqual(group["days_to_pay"], 10.0)
        self.assertNotIn("days_to_pay_total", group)

    def test_churn_flag_follows_the_setting(self):
        self.assertTrue(self._row(self.customer3).is_churned)
        self.assertFalse(self._row(self.customer1).is_churned)
        no_order = self._row(self.customer2)
        self.assertEqual((no_order.order_count, no_order.spend, no_order.is_churned), (0, 0.0, False))
        self.env.company.ad_churn_months = 36
        self.Analysis.invalidate_model()  # a new request reads the view again
        self.assertFalse(self._row(self.customer3).is_churned)
        churned = self.Analysis.search([("is_churned", "=", True), ("partner_id", "=", self.customer3.id)])
        self.assertFalse(churned)
        self.env.company.ad_churn_months = 24
        self.Analysis.invalidate_model()
        mine = [self.customer1.id, self.customer2.id, self.customer3.id]
        churned = self.Analysis.search([("is_churned", "=", True), ("partner_id", "in", mine)])
        self.assertEqual(churned.partner_id, self.customer3)  # 800 days > 24 months

    def test_abc_classes(self):
        """Ten buying customers in a company of their own: 2 A, 3 B, 5 C; the others C."""
        company = self.env["res.company"].create({"name": "ABC Media"})
        customers = self.env["res.partner"].browse(
            [self._customer(f"ABC customer {i}", self.rep1).id for i in range(10)]
        )
        for i, customer in enumerate(customers):
            self._confirmed(customer, self.rep1, 30, 10 - i, company=company)
        idle = self._customer("ABC idle customer", self.rep1)
        old = self._customer("ABC old customer", self.rep1)
        self._confirmed(old, self.rep1, 400, 50, company=company)  # more than a year ago
        contact = self.env["res.partner"].create({"name": "Li Na", "parent_id": customers[0].id})
        vendor = self.env["res.partner"].create({"name": "Paper supplier", "ad_managed": False})
        self.env["res.partner"]._ad_refresh_abc_classes()
        self.assertEqual(customers.mapped("ad_abc_class"), ["a"] * 2 + ["b"] * 3 + ["c"] * 5)
        self.assertEqual((idle.ad_abc_class, old.ad_abc_class), ("c", "c"))
        self.assertEqual(contact.ad_abc_class, "a")
        self.assertFalse(vendor.ad_abc_class)
        # the care rules' domain, and the analysis follow
        self.assertEqual(
            self.env["res.partner"].search([("ad_abc_class", "=", "a"), ("id", "in", customers.ids)]), customers[:2]
        )
        self.Analysis._ad_refresh()
        self.assertEqual(self.Analysis.search([("partner_id", "=", customers[0].id)]).abc_class, "a")
        # a second run changes nothing
        self.assertEqual(self.env["res.partner"]._ad_refresh_abc_classes(), 0)

    def test_abc_class_is_not_written_by_reps(self):
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.rep1).write({"ad_abc_class": "a"})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.rep1).create({"name": "Self-made A", "ad_abc_class": "a"})

    def test_rows_obey_the_customer_rules(self):
        mine = [self.customer1.id, self.customer2.id, self.customer3.id]
        domain = [("partner_id", "in", mine)]
        Analysis = self.Analysis
        self.assertEqual(Analysis.with_user(self.rep1).search(domain).partner_id, self.customer1)
        self.assertEqual(Analysis.with_user(self.manager1).search(domain).partner_id, self.customer1 | self.customer2)
        self.assertEqual(
            Analysis.with_user(self.director).search(domain).partner_id,
            self.customer1 | self.customer2 | self.customer3,
        )
        groups = Analysis.with_user(self.rep1).read_group(domain, ["spend:sum"], ["partner_id"])
        self.assertEqual([group["partner_id"][0] for group in groups], [self.customer1.id])
        [total] = Analysis.with_user(self.rep1).read_group(domain, ["spend:sum"], [])
        self.assertAlmostEqual(total["spend"], 4700.0)
        other = self._row(self.customer3)
        with self.assertRaises(AccessError):
            other.with_user(self.rep1).read(["spend"])
        with self.assertRaises(AccessError):
            other.with_user(self.manager1).read(["spend"])
        self.assertAlmostEqual(other.with_user(self.manager2).spend, 1000.0)
        with self.assertRaises(AccessError):
            Analysis.with_user(self.rep1).action_refresh()
        # who sees a row follows an ownership change at once; the owner shown, at the refresh
        self.customer3._ad_assign_owner(self.rep1, "handover")
        self.assertEqual(Analysis.with_user(self.rep1).search(domain).partner_id, self.customer1 | self.customer3)
        self.assertAlmostEqual(other.with_user(self.rep1).spend, 1000.0)
        with self.assertRaises(AccessError):
            other.with_user(self.manager2).read(["spend"])
        self.assertEqual(other.ad_owner_id, self.rep3)
        Analysis._ad_refresh()
        self.assertEqual(self._row(self.customer3).ad_owner_id, self.rep1)

    def test_sales_by_medium_and_placement(self):
        start = self.today + timedelta(days=30)
        order = self._ad_order(self.customer1, self.rep1, self.front, start, start + timedelta(days=2))
        order.action_confirm()
        groups = self.env["sale.report"].read_group(
            [("ad_medium_id", "=", self.paper.id), ("state", "=", "sale")],
            ["price_subtotal:sum"],
            ["ad_medium_id", "ad_slot_id", "date:month"],
            lazy=False,
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["ad_slot_id"][0], self.front.id)
        self.assertAlmostEqual(groups[0]["price_subtotal"], order.amount_untaxed)
        # rep3 sees nothing of rep1's customer there
        groups = (
            self.env["sale.report"]
            .with_user(self.rep3)
            .read_group([("ad_medium_id", "=", self.paper.id)], ["price_subtotal:sum"], [])
        )
        self.assertEqual(groups[0]["__count"], 0)
        # the monthly cells give the same figures, by medium, placement and category
        Sales = self.env["ad.sales.report"]
        Sales.with_user(self.manager1).action_refresh()
        groupby = ["slot_id", "categ_id", "date:month"]
        groups = Sales.read_group([("medium_id", "=", self.paper.id)], ["amount:sum"], groupby, lazy=False)
        self.assertEqual(len(groups), 1)
        self.assertEqual((groups[0]["slot_id"][0], groups[0]["categ_id"][0]), (self.front.id, self.product.categ_id.id))
        self.assertAlmostEqual(groups[0]["amount"], order.amount_untaxed)
        [total] = Sales.read_group([("ad_owner_id", "=", self.rep1.id)], ["amount:sum", "discount_amount:sum"], [])
        [lines] = self.env["sale.report"].read_group(
            [("ad_owner_id", "=", self.rep1.id), ("state", "=", "sale")],
            ["price_subtotal:sum", "discount_amount:sum"],
            [],
        )
        self.assertAlmostEqual(total["amount"], lines["price_subtotal"])
        self.assertAlmostEqual(total["amount"], 4700.0 + order.amount_untaxed)
        self.assertAlmostEqual(total["discount_amount"], lines["discount_amount"])
        # the rule: rep3 sees none of it, his manager none, rep1's manager all
        self.assertFalse(Sales.with_user(self.rep3).search([("medium_id", "=", self.paper.id)]))
        self.assertFalse(Sales.with_user(self.manager2).search([("ad_owner_id", "=", self.rep1.id)]))
        cells = Sales.search([("ad_owner_id", "=", self.rep1.id)])
        self.assertEqual(Sales.with_user(self.manager1).search([("ad_owner_id", "=", self.rep1.id)]), cells)
        self.assertEqual(Sales.with_user(self.rep1).search([("ad_owner_id", "=", self.rep1.id)]), cells)
        with self.assertRaises(AccessError):
            cells[:1].with_user(self.rep3).read(["amount"])
        with self.assertRaises(AccessError):
            Sales.with_user(self.rep1).action_refresh()

    def test_refresh_by_a_manager(self):
        self._confirmed(self.customer2, self.rep2, 3, 4)
        self.assertEqual(self._row(self.customer2).order_count, 0)  # until the figures are refreshed
        self.Analysis.with_user(self.manager1).action_refresh()
        row = self._row(self.customer2)
        self.assertEqual((row.order_count, row.spend), (1, 4000.0))
        self.assertTrue(row.refreshed_at)
        self.assertEqual(row.abc_class, self.customer2.ad_abc_class)
