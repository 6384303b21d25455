from collections import Counter, defaultdict
from datetime import timedelta

import pytz

from odoo import fields
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestWorkSummary(AdMediaCommon):
    """The weekly summary per rep equals the underlying records; digests go to each manager
    with his team only, once per period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reps = cls.rep1 | cls.rep2 | cls.rep3
        cls.reps.tz = "Asia/Shanghai"
        cls.today = fields.Date.context_today(cls.env["ad.work.log"].with_context(tz="Asia/Shanghai"))
        cls.week_start = cls.today - timedelta(days=cls.today.weekday())
        cls.week_end = cls.week_start + timedelta(days=6)
        monday, tuesday = cls.week_start, cls.week_start + timedelta(days=1)
        Partner = cls.env["res.partner"].with_user(cls.rep1)
        new_customer = Partner.create({"name": "Morning Star Foods", "is_company": True})
        seed = [
            (cls.rep1, cls.customer1, "visit", monday),
            (cls.rep1, cls.customer1, "call", monday),
            (cls.rep1, cls.contact1, "proposal", tuesday),
            (cls.rep1, new_customer, "visit", tuesday),
            (cls.rep1, cls.customer1, "visit", monday - timedelta(days=1)),  # the week before
            (cls.rep2, cls.customer2, "feedback", tuesday),
            (cls.rep2, cls.customer2, "other", monday),
            (cls.rep3, cls.customer3, "call", tuesday),
        ]
        for user, partner, kind, day in seed:
            cls.env["ad.work.log"].with_user(user).create(
                {"partner_id": partner.id, "kind": kind, "date": day, "summary": f"{kind} on {day}"}
            )
        cls._order(cls, cls.customer1, cls.rep1)  # a quotation
        cls._order(cls, cls.customer1, cls.rep1).action_confirm()
        cls._order(cls, cls.customer2, cls.rep2).action_confirm()
        # claimed and then won by its first order: one new customer
        claimed = cls.env["res.partner"].with_user(cls.rep2).create({"name": "Silver Lake Resorts", "is_company": True})
        cls._order(cls, claimed, cls.rep2).action_confirm()

    def _local_date(self, moment, user):
        return pytz.utc.localize(moment).astimezone(pytz.timezone(user.tz)).date()

    def _expected(self, users):
        """Counted from the documents themselves, per rep, for the seeded week."""

        def in_week(day):
            return self.week_start <= day <= self.week_end

        expected = defaultdict(Counter)
        touched = defaultdict(set)
        for log in self.env["ad.work.log"].search([("user_id", "in", users.ids)]):
            if in_week(log.date):
                expected[log.user_id]["log_count"] += 1
                expected[log.user_id][f"{log.kind}_count"] += 1
                touched[log.user_id].add(log.partner_id.commercial_partner_id)
        for order in self.env["sale.order"].search([("user_id", "in", users.ids)]):
            amount = order.amount_untaxed / (order.currency_rate or 1)
            if in_week(self._local_date(order.create_date, order.user_id)):
                expected[order.user_id]["quotation_count"] += 1
                expected[order.user_id]["quotation_amount"] += amount
            if order.state == "sale" and in_week(self._local_date(order.date_order, order.user_id)):
                expected[order.user_id]["order_count"] += 1
                expected[order.user_id]["order_amount"] += amount
        won = {}
        history = self.env["ad.customer.assignment"].search(
            [("kind", "in", ("claim", "first_order")), ("new_owner_id", "in", users.ids)], order="create_date, id"
        )
        for assignment in history:
            won.setdefault((assignment.partner_id, assignment.new_owner_id), assignment)
        new = defaultdict(set)
        for (partner, user), assignment in won.items():
            if in_week(self._local_date(assignment.create_date, user)):
                new[user].add(partner)
        for user in users:
            expected[user]["touched_partner"] = len(touched[user])
            expected[user]["new_customer"] = len(new[user])
        return expected

    def _assertSummaryEqual(self, summary, expected, users):
        for user in users:
            for measure, value in summary[user].items():
                self.assertAlmostEqual(value, expected[user][measure], msg=f"{user.name}: {measure}")

    def test_weekly_summary_equals_the_records(self):
        summary = (
            self.env["ad.work.summary.report"]
            .with_user(self.director)
            ._ad_summary(self.week_start, self.week_end, self.reps)
        )
        expected = self._expected(self.reps)
        self._assertSummaryEqual(summary, expected, self.reps)
        # and what that is, spelled out
        self.assertEqual(
            [summary[self.rep1][name] for name in ("log_count", "visit_count", "touched_partner", "new_customer")],
            [4, 2, 2, 1],
        )
        self.assertEqual(
            [summary[self.rep2][name] for name in ("log_count", "quotation_count", "order_count", "new_customer")],
            [2, 2, 2, 1],
        )
        self.assertEqual(summary[self.rep2]["order_amount"], 2000.0)

    def test_rep_sees_only_his_figures(self):
        Report = self.env["ad.work.summary.report"].with_user(self.rep1)
        summary = Report._ad_summary(self.week_start, self.week_end)
        self.assertEqual(set(summary), {self.rep1})
        self._assertSummaryEqual(summary, self._expected(self.rep1), self.rep1)
        self.assertFalse(Report.search([("user_id", "=", self.rep2.id)]))
        self.assertFalse(Report.search([("partner_id", "=", self.customer2.id)]))
        groups = Report.read_group([], ["order_amount:sum"], ["user_id"])
        self.assertEqual({group["user_id"][0] for group in groups}, {self.rep1.id})
        # a manager: his team's reps, not the other team's
        team = self.env["ad.work.summary.report"].with_user(self.manager1)._ad_summary(self.week_start, self.week_end)
        self.assertEqual(set(team) & set(self.reps), {self.rep1, self.rep2})

    def test_digest_to_each_manager_once(self):
        Report = self.env["ad.work.summary.report"]
        last_monday = self.week_start - timedelta(days=7)
        self.assertEqual(Report._ad_period("week", self.today), (last_monday, last_monday + timedelta(days=6)))
        for user, partner in ((self.rep1, self.customer1), (self.rep2, self.customer2), (self.rep3, self.customer3)):
            self.env["ad.work.log"].with_user(user).create(
                {"partner_id": partner.id, "date": last_monday, "summary": "Last week"}
            )
        Report.with_context(tz="Asia/Shanghai")._cron_ad_work_digest("week")
        Report.with_context(tz="Asia/Shanghai")._cron_ad_work_digest("week")  # the same period: nothing new
        mails = self.env["mail.mail"].search([("message_id", "like", "ad-work-digest-week-")])
        by_manager = {manager: mails.filtered(lambda m, p=manager.partner_id: p in m.recipient_ids)
                      for manager in (self.manager1, self.manager2, self.director)}  # fmt: skip
        for manager, mail in by_manager.items():
            self.assertEqual(len(mail), 1, f"one digest for {manager.name}")
        body1, body2 = by_manager[self.manager1].body_html, by_manager[self.manager2].body_html
        self.assertIn("Rep One", body1)
        self.assertIn("Rep Two", body1)
        self.assertNotIn("Rep Three", body1)
        self.assertIn("Rep Three", body2)
        self.assertNotIn("Rep One", body2)
        self.assertIn("Rep Three", by_manager[self.director].body_html)
