from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestPerformance(AdMediaCommon):
    """Query counts stay bounded whatever the number of records (warm-up first)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        industry = cls.env["res.partner.industry"].create({"name": "Beverages"})
        cls.many = cls.env["res.partner"].create(
            [
                {"name": f"Customer {n:03d}", "is_company": True, "ad_managed": True, "industry_id": industry.id}
                for n in range(100)
            ]
        )
        cls.many._ad_assign_owner(cls.rep1, "bulk", check_cap=False)
        cls.fields = [
            "ad_customer_code",
            "name",
            "industry_id",
            "ad_customer_type",
            "ad_customer_status",
            "ad_stage_id",
            "phone",
            "ad_owner_id",
            "ad_ownership_state",
        ]

    def _list(self):
        return (
            self.env["res.partner"]
            .with_user(self.rep1)
            .search_read([("ad_is_customer", "=", True)], self.fields, limit=80, order="name")
        )

    def test_rep_customer_list(self):
        self._list()
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            rows = self._list()
        self.assertEqual(len(rows), 80)

    def test_confirm_order(self):
        self._order(self.many[0], self.rep1).action_confirm()
        order = self._order(self.pool_customer, self.rep1, creator=self.office)
        self.env.invalidate_all()
        # 72: ownership moves with the stored mirrors of every document of the customer (the
        # owned-document mixin), and the rep's subscription reads followers through their
        # visibility (one subquery per followed model)
        with self.assertQueryCount(72):
            order.with_user(self.rep1).action_confirm()
        self.assertEqual(self.pool_customer.ad_owner_id, self.rep1)
