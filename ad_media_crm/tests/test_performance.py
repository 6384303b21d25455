from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.sql import index_exists

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

    def test_rep_partner_search_starts_from_the_rule(self):
        """A rep's partner searches read the rows the rule lets him see from its indexes (owner,
        team, non-managed) and sort them, instead of walking complete_name whatever the term;
        same results, same order. Office and general manager keep Odoo's plan."""
        Partner = self.env["res.partner"]
        domain = [("display_name", "ilike", "Customer 0")]
        for user, restricted in (
            (self.rep1, True),
            (self.manager1, True),
            (self.office, False),
            (self.director, False),
        ):
            query = Partner.with_user(user)._search(domain, limit=8, order=Partner._order)
            self.assertEqual("|| ''" in query.select().code, restricted, user.login)
        rule = ["|", "|", "&", ("ad_managed", "=", False), ("ad_is_customer", "=", False),
                ("ad_owner_id", "=", self.rep1.id), ("ad_team_id", "in", [])]  # fmt: skip
        self.assertEqual(
            [pid for pid, _name in Partner.with_user(self.rep1).name_search("Customer 0", limit=8)],
            Partner.sudo().search(domain + rule, limit=8).ids,
        )
        query = Partner.with_user(self.rep1)._search(domain, limit=8, order=Partner._order)
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")  # tiny tables: show which indexes can serve
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("RESET enable_seqscan")
        self.assertIn("BitmapOr", plan)  # every branch of the rule has an index
        self.assertIn("res_partner__ad_owner_id_index", plan)
        self.assertNotIn("complete_name_index", plan)
        self.assertTrue(index_exists(self.env.cr, "res_partner_ad_unmanaged_index"))

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
