from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestWorkLog(AdMediaCommon):
    """Work log: a rep logs for his customers and as himself; managers see their teams."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Log = cls.env["ad.work.log"]
        cls.log1 = Log.with_user(cls.rep1).create(
            {"partner_id": cls.customer1.id, "kind": "visit", "summary": "Presented the spring package"}
        )
        cls.log2 = Log.with_user(cls.rep2).create(
            {"partner_id": cls.customer2.id, "kind": "call", "summary": "Golden Dragon secret budget"}
        )
        cls.log3 = Log.with_user(cls.rep3).create(
            {"partner_id": cls.customer3.id, "kind": "proposal", "summary": "Blue Ocean proposal"}
        )

    def _activities(self, partner):
        return self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])

    def test_rep_logs_only_for_his_customers(self):
        Log = self.env["ad.work.log"].with_user(self.rep1)
        # control: his own customer and its contact
        own = Log.create({"partner_id": self.contact1.id, "kind": "call", "summary": "Called Wang Wei"})
        self.assertEqual(own.user_id, self.rep1)
        self.assertEqual(own.ad_owner_id, self.rep1)
        self.assertEqual(own.date, fields.Date.context_today(own))
        secret = self.customer2.name
        with self.assertRaises(AccessError) as caught:
            Log.create({"partner_id": self.customer2.id, "kind": "visit", "summary": "Probe"})
        self.assertNotIn(secret, str(caught.exception))
        with self.assertRaises(AccessError):
            Log.with_context(default_partner_id=self.customer2.id).create({"summary": "Probe"})
        with self.assertRaises(AccessError) as caught:
            own.write({"partner_id": self.customer2.id})
        self.assertNotIn(secret, str(caught.exception))
        self.assertEqual(own.partner_id, self.contact1)

    def test_rep_cannot_reach_other_reps_log(self):
        Log = self.env["ad.work.log"].with_user(self.rep1)
        self.assertFalse(Log.search([("id", "=", self.log2.id)]))
        self.assertFalse(Log.search([("partner_id", "=", self.customer2.id)]))
        self.assertFalse(Log.search([("summary", "ilike", "secret")]))
        self.assertFalse(Log.name_search("secret"))
        groups = Log.read_group([], ["partner_id"], ["partner_id"])
        self.assertEqual([group["partner_id"][0] for group in groups], [self.customer1.id])
        with self.assertRaises(AccessError):
            self.log2.with_user(self.rep1).read(["summary"])
        with self.assertRaises(AccessError):
            self.log2.with_user(self.rep1).write({"summary": "overwritten"})
        # control: his own log, by every path
        self.assertEqual(Log.search([]), self.log1)
        self.assertEqual(Log.name_search("spring")[0][0], self.log1.id)
        self.assertEqual(self.log1.with_user(self.rep1).read(["summary"])[0]["summary"], "Presented the spring package")

    def test_rep_logs_only_as_himself(self):
        Log = self.env["ad.work.log"].with_user(self.rep1)
        with self.assertRaises(AccessError):
            Log.create({"partner_id": self.customer1.id, "user_id": self.rep2.id, "summary": "As someone else"})
        with self.assertRaises(AccessError):
            self.log1.with_user(self.rep1).write({"user_id": self.rep2.id})
        self.assertEqual(self.log1.user_id, self.rep1)
        # a manager logs for his team, not for another team
        for_rep1 = (
            self.env["ad.work.log"]
            .with_user(self.manager1)
            .create({"partner_id": self.customer1.id, "user_id": self.rep1.id, "summary": "Joint visit"})
        )
        self.assertEqual(for_rep1.user_id, self.rep1)
        with self.assertRaises(AccessError):
            self.env["ad.work.log"].with_user(self.manager1).create(
                {"partner_id": self.customer1.id, "user_id": self.rep3.id, "summary": "Other team"}
            )

    def test_managers_see_their_team(self):
        logs = self.log1 | self.log2 | self.log3
        domain = [("id", "in", logs.ids)]
        self.assertEqual(self.env["ad.work.log"].with_user(self.manager1).search(domain), self.log1 | self.log2)
        self.assertEqual(self.env["ad.work.log"].with_user(self.manager2).search(domain), self.log3)
        self.assertEqual(self.env["ad.work.log"].with_user(self.director).search(domain), logs)
        with self.assertRaises(AccessError):
            self.log3.with_user(self.manager1).read(["summary"])
        groups = self.env["ad.work.log"].with_user(self.manager1).read_group(domain, ["user_id"], ["user_id"])
        self.assertEqual({group["user_id"][0] for group in groups}, {self.rep1.id, self.rep2.id})

    def test_unmanaged_partner_refused(self):
        vendor = self.env["res.partner"].create({"name": "Paper Supplier", "ad_managed": False})
        with self.assertRaises(ValidationError):
            self.env["ad.work.log"].create({"partner_id": vendor.id, "user_id": self.rep1.id, "summary": "x"})

    def test_next_step_is_one_activity(self):
        Log = self.env["ad.work.log"].with_user(self.rep1)
        deadline = fields.Date.today() + timedelta(days=3)
        log = Log.create(
            {"partner_id": self.customer1.id, "summary": "Liked the offer", "next_step": "Send the quote",
             "next_date": deadline}
        )  # fmt: skip
        activity = self._activities(self.customer1)
        self.assertEqual(len(activity), 1)
        self.assertEqual(log.activity_id, activity)
        self.assertEqual((activity.user_id, activity.date_deadline, activity.summary),
                         (self.rep1, deadline, "Send the quote"))  # fmt: skip
        log.write({"next_date": deadline + timedelta(days=2), "next_step": "Send the revised quote"})
        self.assertEqual(self._activities(self.customer1), activity, "updated, not duplicated")
        self.assertEqual((activity.date_deadline, activity.summary), (deadline + timedelta(days=2),
                                                                      "Send the revised quote"))  # fmt: skip
        log.with_user(self.manager1).write({"user_id": self.rep2.id})
        self.assertEqual(self._activities(self.customer1), activity)
        self.assertEqual(activity.user_id, self.rep2)
        # done: a later change plans a new one, still one open
        activity.action_done()
        log.with_user(self.manager1).write({"next_date": deadline + timedelta(days=9)})
        self.assertEqual(len(self._activities(self.customer1)), 1)
        log.with_user(self.manager1).write({"next_step": False, "next_date": False})
        self.assertFalse(self._activities(self.customer1))
        # a log without a next step plans nothing
        self.assertFalse(self.log1.activity_id)
        with self.assertRaises(ValidationError):
            Log.create({"partner_id": self.customer1.id, "summary": "x", "next_date": deadline})

    def test_quick_log_from_customer_page(self):
        action = self.customer1.with_user(self.rep1).action_ad_log_work()
        self.assertEqual((action["res_model"], action["target"]), ("ad.work.log", "new"))
        log = (
            self.env["ad.work.log"].with_user(self.rep1).with_context(**action["context"]).create({"summary": "Visit"})
        )
        self.assertEqual((log.partner_id, log.user_id, log.kind), (self.customer1, self.rep1, "visit"))
        self.assertEqual(self.customer1.with_user(self.rep1).ad_work_log_count, 2)
        counted = self.customer2.with_user(self.manager1).ad_work_log_count
        self.assertEqual(counted, 1)
        # the other rep's customer: the button's context does not let him log there
        with self.assertRaises(AccessError):
            self.env["ad.work.log"].with_user(self.rep1).with_context(default_partner_id=self.customer2.id).create(
                {"summary": "Probe"}
            )

    def test_meeting_from_customer_page(self):
        """The calendar is the schedule: Odoo's Meetings button on the customer works for its rep."""
        action = self.customer1.with_user(self.rep1).schedule_meeting()
        Event = self.env["calendar.event"].with_user(self.rep1).with_context(**action["context"])
        meeting = Event.create({"name": "Visit Sunrise", "start": "2030-05-02 02:00:00", "stop": "2030-05-02 03:00:00"})
        self.assertIn(self.customer1, meeting.partner_ids)
        self.assertEqual(self.customer1.with_user(self.rep1).meeting_count, 1)
        self.assertFalse(self.env["calendar.event"].with_user(self.rep3).search([("id", "=", meeting.id)]))
