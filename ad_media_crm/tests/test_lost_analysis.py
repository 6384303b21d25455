from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import AdMediaCommon


class TestLostAnalysis(AdMediaCommon):
    """Opportunities and quotations lost with a reason and a competitor, and the lost orders
    analysis over them, seen by each user as the documents are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Competitor = cls.env["ad.competitor"]
        cls.paper = Competitor.create({"name": "Morning Post (test)", "medium_type": "newspaper"})
        cls.screens = Competitor.create({"name": "Lift Screens (test)", "medium_type": "outdoor"})
        Reason = cls.env["crm.lost.reason"]
        cls.price = Reason.create({"name": "Price (test)"})
        cls.digital = Reason.create({"name": "Budget moved to digital (test)"})
        cls.Report = cls.env["ad.lost.report"]
        cls.customers = cls.customer1 | cls.customer2 | cls.customer3

    def _lead(self, partner, user, revenue):
        return (
            self.env["crm.lead"]
            .with_user(user)
            .create(
                {
                    "name": f"Campaign of {partner.name}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "expected_revenue": revenue,
                }
            )
        )

    def _lose_lead(self, lead, user, reason, competitor):
        wizard = (
            self.env["crm.lead.lost"]
            .with_user(user)
            .create({"lead_ids": [(6, 0, lead.ids)], "lost_reason_id": reason.id, "ad_competitor_id": competitor.id})
        )
        wizard.action_lost_reason_apply()

    def _lose_order(self, order, user, reason, competitor):
        wizard = (
            self.env["ad.order.lost"]
            .with_user(user)
            .create({"order_ids": [(6, 0, order.ids)], "lost_reason_id": reason.id, "competitor_id": competitor.id})
        )
        return wizard.action_mark_lost()

    def _rows(self, user, domain=()):
        return self.Report.with_user(user).search([("partner_id", "in", self.customers.ids), *domain])

    def test_rep_marks_opportunity_lost(self):
        lead = self._lead(self.customer1, self.rep1, 50000)
        self._lose_lead(lead, self.rep1, self.price, self.paper)
        self.assertFalse(lead.active)
        self.assertEqual(lead.probability, 0)
        self.assertEqual((lead.lost_reason_id, lead.ad_competitor_id), (self.price, self.paper))
        self.assertEqual(lead.ad_lost_date, fields.Date.context_today(lead))
        row = self._rows(self.rep1)
        self.assertEqual(row.lead_id, lead)
        self.assertEqual(
            (row.kind, row.user_id, row.lost_reason_id, row.competitor_id, row.competitor_medium_type, row.amount),
            ("opportunity", self.rep1, self.price, self.paper, "newspaper", 50000),
        )

    def test_rep_marks_quotation_lost(self):
        order = self._order(self.customer1, self.rep1)
        order.with_user(self.rep1).action_quotation_sent()
        self.assertEqual(order.state, "sent")
        # a sent quotation: Odoo's cancel would open its mail wizard; marking lost cancels at once
        result = self._lose_order(order, self.rep1, self.digital, self.screens)
        self.assertEqual(result, {"type": "ir.actions.act_window_close"})
        self.assertEqual(order.state, "cancel")
        self.assertEqual((order.ad_lost_reason_id, order.ad_competitor_id), (self.digital, self.screens))
        row = self._rows(self.rep1)
        self.assertEqual(
            (row.kind, row.order_id, row.lost_reason_id, row.competitor_id, row.amount),
            ("quotation", order, self.digital, self.screens, order.amount_untaxed),
        )

    def test_mark_lost_refuses_bad_input(self):
        order = self._order(self.customer1, self.rep1)
        with self.assertRaises(UserError):
            order.with_user(self.rep1).action_ad_mark_lost(False)
        order.action_confirm()
        with self.assertRaises(UserError):
            order.with_user(self.rep1).action_ad_mark_lost(self.price.id, self.paper.id)
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.ad_lost_reason_id)

    def test_plain_cancel_still_works(self):
        draft = self._order(self.customer1, self.rep1)
        draft.with_user(self.rep1).action_cancel()
        self.assertEqual(draft.state, "cancel")
        self.assertFalse(draft.ad_lost_reason_id)
        # a sent quotation still goes through Odoo's cancel wizard
        sent = self._order(self.customer1, self.rep1)
        sent.with_user(self.rep1).action_quotation_sent()
        action = sent.with_user(self.rep1).action_cancel()
        self.assertEqual(action["res_model"], "sale.order.cancel")
        # a cancellation without a reason is not a lost quotation
        self.assertFalse(self._rows(self.director))

    def test_report_totals_equal_documents(self):
        leads = self._lead(self.customer1, self.rep1, 30000) | self._lead(self.customer1, self.rep1, 12000)
        self._lose_lead(leads, self.rep1, self.price, self.paper)
        lead3 = self._lead(self.customer3, self.rep3, 70000)
        self._lose_lead(lead3, self.rep3, self.digital, self.screens)
        orders = {}
        for partner, rep, reason, competitor in (
            (self.customer1, self.rep1, self.price, self.paper),
            (self.customer2, self.rep2, self.price, self.screens),
            (self.customer3, self.rep3, self.digital, self.paper),
        ):
            order = self._order(partner, rep)
            order.order_line.product_uom_qty = 3
            self._lose_order(order, rep, reason, competitor)
            orders[order] = (reason, competitor)
        expected = {}
        for lead in leads | lead3:
            key = (lead.lost_reason_id.id, lead.ad_competitor_id.id)
            count, amount = expected.get(key, (0, 0))
            expected[key] = (count + 1, amount + lead.expected_revenue)
        for order, (reason, competitor) in orders.items():
            key = (reason.id, competitor.id)
            count, amount = expected.get(key, (0, 0))
            expected[key] = (count + 1, amount + order.amount_untaxed)
        groups = self.Report.with_user(self.director).read_group(
            [("partner_id", "in", self.customers.ids)],
            ["amount:sum"],
            ["lost_reason_id", "competitor_id"],
            lazy=False,
        )
        got = {(g["lost_reason_id"][0], g["competitor_id"][0]): (g["__count"], g["amount"]) for g in groups}
        self.assertEqual(got, expected)
        self.assertEqual(len(got), 4)

    def test_rep_cannot_see_other_reps_lost_rows(self):
        own = self._lead(self.customer1, self.rep1, 10000)
        self._lose_lead(own, self.rep1, self.price, self.paper)
        other = self._lead(self.customer2, self.rep2, 20000)
        self._lose_lead(other, self.rep2, self.price, self.paper)
        other_order = self._order(self.customer2, self.rep2)
        self._lose_order(other_order, self.rep2, self.price, self.screens)
        other_rows = self._rows(self.director, [("partner_id", "=", self.customer2.id)])
        self.assertEqual(len(other_rows), 2)
        own_row = self._rows(self.director, [("partner_id", "=", self.customer1.id)])
        self.assertEqual(len(own_row), 1)
        Report = self.Report.with_user(self.rep1)
        # search, read_group, name_search: nothing of rep2's customer, his own row found
        self.assertEqual(self._rows(self.rep1), own_row)
        self.assertFalse(Report.search([("partner_id", "=", self.customer2.id)]))
        self.assertEqual(Report.search([("partner_id", "=", self.customer1.id)]), own_row)
        groups = Report.read_group([("partner_id", "in", self.customers.ids)], ["amount:sum"], ["partner_id"])
        self.assertEqual([(g["partner_id"][0], g["amount"]) for g in groups], [(self.customer1.id, 10000)])
        self.assertFalse(Report.name_search(other_order.name))
        # read by id: refused on his colleague's rows, allowed on his own
        for row in other_rows:
            with self.assertRaises(AccessError):
                Report.browse(row.id).read(["amount", "partner_id"])
        self.assertEqual(Report.browse(own_row.id).read(["amount"])[0]["amount"], 10000)

    def test_manager_sees_his_teams_rows(self):
        for partner, rep in ((self.customer1, self.rep1), (self.customer2, self.rep2), (self.customer3, self.rep3)):
            lead = self._lead(partner, rep, 1000)
            self._lose_lead(lead, rep, self.price, self.paper)
        self.assertEqual(self._rows(self.manager1).partner_id, self.customer1 | self.customer2)
        self.assertEqual(self._rows(self.manager2).partner_id, self.customer3)
        self.assertEqual(self._rows(self.director).partner_id, self.customers)

    def test_rep_cannot_mark_other_reps_quotation_lost(self):
        other = self._order(self.customer2, self.rep2)
        with self.assertRaises(AccessError):
            self._lose_order(other, self.rep1, self.price, self.paper)
        self.assertEqual(other.state, "draft")
        self.assertFalse(other.ad_lost_reason_id)
        own = self._order(self.customer1, self.rep1)
        self._lose_order(own, self.rep1, self.price, self.paper)
        self.assertEqual(own.state, "cancel")
