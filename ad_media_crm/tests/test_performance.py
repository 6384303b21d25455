from unittest.mock import patch

from odoo.osv import expression
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from odoo.addons.ad_media_crm.models.ir_rule import _conjuncts, _is_plain

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
        # 5: the rules are compiled SQL, Odoo's company hierarchy is not read again
        with self.assertQueryCount(5):
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

    def test_manager_partner_search_unions_team_and_others(self):
        """A manager's first partners by name come from two ordered branches (his teams' rows,
        the others he may see); a term without letter case is matched with LIKE. Same rows and
        order as the rule written out; another team's customer stays out."""
        Partner = self.env["res.partner"]
        ours, theirs = Partner.create(
            [{"name": "上海甲乙丙丁广告有限公司", "is_company": True, "ad_managed": True} for _ in range(2)]
        )
        ours._ad_assign_owner(self.rep2, "bench", check_cap=False)
        theirs._ad_assign_owner(self.rep3, "bench", check_cap=False)
        rule = ["|", "|", ("ad_managed", "=", False), ("ad_owner_id", "=", self.manager1.id),
                ("ad_team_id", "in", self.team1.ids)]  # fmt: skip
        for term, limit in (("Customer 0", 8), ("customer 0", 3), ("甲乙丙丁", 8), ("Customer 09", 80)):
            found = Partner.with_user(self.manager1).name_search(term, limit=limit)
            expected = Partner.sudo().search(Partner._search_display_name("ilike", term) + rule, limit=limit)
            self.assertEqual([pid for pid, _name in found], expected.ids, term)
        self.assertEqual([pid for pid, _name in Partner.with_user(self.manager1).name_search("甲乙丙丁")], ours.ids)
        self.assertEqual([pid for pid, _name in Partner.with_user(self.rep3).name_search("甲乙丙丁")], theirs.ids)
        query = Partner.with_user(self.manager1)._search(
            [("complete_name", "ilike", "甲乙丙丁")], limit=8, order=Partner._order
        )
        sql = query.select().code
        self.assertIn("UNION ALL", sql)
        self.assertIn(" LIKE ", sql)
        self.assertNotIn("ILIKE", sql)
        sql = Partner.with_user(self.manager1)._search([("complete_name", "ilike", "Ocean")], limit=8).select().code
        self.assertIn("ILIKE", sql)  # a term with letter case keeps ILIKE
        self.assertTrue(index_exists(self.env.cr, "res_partner_ad_team_name_index"))
        self.assertTrue(index_exists(self.env.cr, "res_partner_ad_team_customer_index"))

    def test_rule_indexes_on_every_owned_table(self):
        """Every table of an owned document has the indexes of its rule's branches (team, and
        salesperson without owner), also where Odoo's own init() does not chain (sale.order)."""
        for model_name in self.env["ad.owned.mixin"]._ad_owned_models():
            Model = self.env[model_name]
            if not Model._auto:
                continue
            self.assertTrue(index_exists(self.env.cr, f"{Model._table}_ad_team_id_index"), model_name)
            field = Model._ad_salesperson_field
            if field and Model._fields[field].store:
                self.assertTrue(index_exists(self.env.cr, f"{Model._table}_ad_no_owner_{field}_index"), model_name)
        self.assertTrue(index_exists(self.env.cr, "sale_order_ad_no_owner_user_id_index"))

    def test_rules_compiled_once_per_user(self):
        """A user's rules are turned into SQL once, not on every search: their leaves compare
        the model's own columns with literals (ownership, salesperson, company and Odoo's
        company hierarchy), whose SQL does not depend on the data. A search then compiles
        only its own domain. Same rows as the rules written out; a changed rule applies at
        once; what needs data or a join to compile is left to Odoo."""
        order1 = self._order(self.customer1, self.rep1)
        order2 = self._order(self.customer2, self.rep2)
        pool_order = self._order(self.pool_customer, self.rep1, creator=self.office)
        Order, Partner = self.env["sale.order"].with_user(self.rep1), self.env["res.partner"].with_user(self.rep1)
        Order.search([])  # compiles and caches
        Partner.search([])
        real = expression.expression
        with patch.object(expression, "expression", side_effect=real) as compiled:
            mine = Order.search([])
            partners = Partner.search([])
        self.assertEqual([call.args[0] for call in compiled.call_args_list], [[("active", "=", 1)]])
        for model, records in (("sale.order", mine), ("res.partner", partners)):
            rule = self.env["ir.rule"].with_user(self.rep1)._compute_domain(model, "read")
            self.assertEqual(records, self.env[model].sudo().search(rule))
        self.assertIn(order1, mine)
        self.assertIn(pool_order, mine)
        self.assertNotIn(order2, mine)
        self.assertIn(self.customer1, partners)
        self.assertNotIn(self.customer2, partners)
        for model, leaf in (
            (Partner, ("parent_id", "parent_of", [1])),  # partners change parents
            (Partner, ("company_id", "child_of", [1])),  # a sub-search, archived companies or not
            (Order, ("partner_id", "=", "Sunrise")),  # a name search
            (Order, ("partner_id.name", "=", "Sunrise")),  # a join
            (Order, ("tag_ids", "in", [1])),
            (Order, ("user_id", "in", 1)),
        ):
            self.assertFalse(_is_plain(model, [leaf]), leaf)
        a, b, c = ("user_id", "=", 1), ("state", "in", ["sale"]), ("ad_managed", "=", True)
        self.assertEqual(_conjuncts(["&", "|", a, b, "&", "!", c, a]), [["|", a, b], ["!", c], [a]])
        # a rule written now is the one applied to the next search
        self.env.ref("ad_media_crm.sale_order_rule_ad_owner").domain_force = "[(0, '=', 1)]"
        self.assertFalse(Order.search([]))

    def test_confirm_order(self):
        self._order(self.many[0], self.rep1).action_confirm()
        order = self._order(self.pool_customer, self.rep1, creator=self.office)
        self.env.invalidate_all()
        # 72: ownership moves with the stored mirrors of every document of the customer (the
        # owned-document mixin), and the rep's subscription reads followers through their
        # visibility (one subquery per followed model); the credit-limit and overdue checks
        # read the customer's open receivables (the demo company has the credit limit on);
        # each owned model costs two searches (the care log's: 76 -> 78)
        with self.assertQueryCount(78):
            order.with_user(self.rep1).action_confirm()
        self.assertEqual(self.pool_customer.ad_owner_id, self.rep1)
