from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestDiscountTiers(AdMediaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.ad_discount_period = "calendar_year"
        Tier = cls.env["ad.discount.tier"]
        Tier.search([("company_id", "=", cls.company.id)]).unlink()
        cls.silver = Tier.create({"name": "Silver", "min_spend": 2000, "discount": 5})
        cls.gold = Tier.create({"name": "Gold", "min_spend": 5000, "discount": 10})
        medium = cls.env["ad.medium"].create({"name": "Metro Daily", "medium_type": "newspaper"})
        cls.slot = cls.env["ad.slot"].create(
            {"medium_id": medium.id, "name": "Page 3", "code": "P3", "capacity": 50, "product_id": cls.product.id}
        )

    def _confirmed(self, amount, days_ago=0, currency=None):
        """A confirmed order of ``amount`` (untaxed) for customer1, ``days_ago`` days back."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.contact1.id,
                "user_id": self.rep1.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "price_unit": amount, "tax_id": False})],
            }
        )
        if currency:
            pricelist = self.env["product.pricelist"].create({"name": currency.name, "currency_id": currency.id})
            order.write({"pricelist_id": pricelist.id})
            order.order_line.price_unit = amount
        order.action_confirm()
        order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    def _ad_line(self, user):
        order = self.env["sale.order"].with_user(user).create(
            {
                "partner_id": self.customer1.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "ad_slot_id": self.slot.id,
                                       "ad_date_start": fields.Date.today(), "ad_date_end": fields.Date.today()})],
            }
        )  # fmt: skip
        return order.order_line

    def test_spend_and_tiers_on_customer(self):
        self.assertEqual(
            (self.customer1.ad_spend, self.customer1.ad_discount_tier_id), (0, self.env["ad.discount.tier"])
        )
        self.assertEqual(self.customer1.ad_next_tier_id, self.silver)
        self._confirmed(2500)
        self.customer1.invalidate_recordset()
        self.assertEqual(self.customer1.ad_spend, 2500)
        self.assertEqual(self.customer1.ad_discount_tier_id, self.silver)
        self.assertEqual((self.customer1.ad_next_tier_id, self.customer1.ad_next_tier_gap), (self.gold, 2500))

    def test_period_boundaries(self):
        with freeze_time("2026-03-15"):
            self._confirmed(3000, days_ago=80)  # 2025-12-25: last calendar year
            self._confirmed(1000, days_ago=10)
            self.customer1.invalidate_recordset()
            self.assertEqual(self.customer1.ad_spend, 1000, "calendar year: December does not count")
            self.company.ad_discount_period = "rolling_year"
            self.customer1.invalidate_recordset()
            self.assertEqual(self.customer1.ad_spend, 4000, "last 12 months: it does")
            self.assertEqual(self.customer1.ad_discount_tier_id, self.silver)

    def test_other_currency_counts_in_company_currency(self):
        other = self.env["res.currency"].search([("name", "=", "EUR")]) or self.env.ref("base.EUR")
        other.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": other.id,
                "rate": 2.0,
                "name": fields.Date.today() - timedelta(days=30),
                "company_id": self.company.id,
            }
        )
        self.assertNotEqual(other, self.company.currency_id)
        self._confirmed(6000, currency=other)  # 6,000 EUR at 2 EUR per company unit: 3,000
        self.customer1.invalidate_recordset()
        self.assertAlmostEqual(self.customer1.ad_spend, 3000)
        self.assertEqual(self.customer1.ad_discount_tier_id, self.silver)

    def test_new_ad_lines_get_the_tier_and_only_managers_give_more(self):
        self._confirmed(5500)
        line = self._ad_line(self.rep1)
        self.assertEqual(line.discount, 10)
        with self.assertRaises(UserError) as caught:
            line.with_user(self.rep1).write({"discount": 15})
        self.assertIn("only a sales manager can give more", str(caught.exception))
        self.assertEqual(line.discount, 10)
        line.with_user(self.rep1).write({"discount": 8})
        line.with_user(self.manager1).write({"discount": 15})
        self.assertEqual(line.discount, 15)
