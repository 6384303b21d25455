from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestCustomerReminder(AdMediaCommon):
    """Reminders become activities on their day, once per occurrence, for readable customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.rep1 | cls.rep2 | cls.rep3).tz = "Asia/Shanghai"

    def _reminder(self, day, recurrence="none", user=None, partner=None, note="Call about the renewal"):
        with freeze_time(day):
            return (
                self.env["ad.customer.reminder"]
                .with_user(user or self.rep1)
                .create(
                    {"partner_id": (partner or self.customer1).id, "date": day, "recurrence": recurrence, "note": note}
                )
            )

    def _activities(self, partner=None):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", (partner or self.customer1).id)],
            order="date_deadline, id",
        )

    def _run_cron(self, moment):
        """The cron at ``moment`` (UTC), twice: the second run must add nothing."""
        with freeze_time(moment):
            self.env["ad.customer.reminder"]._cron_ad_deliver_reminders()
            before = self._activities()
            self.env["ad.customer.reminder"]._cron_ad_deliver_reminders()
            self.assertEqual(self._activities(), before, "a re-run delivers nothing new")

    def _run_daily(self, first, last):
        day = first
        while day <= last:
            self._run_cron(datetime(day.year, day.month, day.day, 1, 0))  # 09:00 in Shanghai
            day = date.fromordinal(day.toordinal() + 1)

    def test_once(self):
        reminder = self._reminder(date(2027, 3, 10))
        self._run_daily(date(2027, 3, 8), date(2027, 3, 12))
        activity = self._activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.date_deadline, activity.user_id, activity.summary),
                         (date(2027, 3, 10), self.rep1, "Call about the renewal"))  # fmt: skip
        self.assertEqual(reminder.last_date, date(2027, 3, 10))
        self.assertFalse(reminder.next_date)

    def test_monthly_on_the_31st(self):
        reminder = self._reminder(date(2027, 1, 31), "monthly")
        for first, last in ((1, 30), (2, 27), (3, 30), (4, 29)):  # each month's last days and the 1st after
            self._run_daily(date(2027, first, last), date(2027, first + 1, 1))
        self.assertEqual(
            self._activities().mapped("date_deadline"),
            [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)],
        )
        self.assertEqual(reminder.next_date, date(2027, 5, 31))

    def test_yearly_on_29_february(self):
        reminder = self._reminder(date(2028, 2, 29), "yearly")
        for day in (date(2028, 2, 29), date(2029, 2, 27), date(2029, 2, 28), date(2029, 3, 1), date(2032, 2, 29)):
            self._run_cron(datetime(day.year, day.month, day.day, 2, 0))
        self.assertEqual(
            self._activities().mapped("date_deadline"), [date(2028, 2, 29), date(2029, 2, 28), date(2032, 2, 29)]
        )
        self.assertEqual(reminder.next_date, date(2033, 2, 28))

    def test_year_boundary(self):
        monthly = self._reminder(date(2026, 12, 15), "monthly")
        yearly = self._reminder(date(2026, 12, 31), "yearly", note="Year end")
        self._run_daily(date(2026, 12, 15), date(2027, 1, 16))
        self.assertEqual(
            self._activities().mapped("date_deadline"), [date(2026, 12, 15), date(2026, 12, 31), date(2027, 1, 15)]
        )
        self.assertEqual((monthly.next_date, yearly.next_date), (date(2027, 2, 15), date(2027, 12, 31)))

    def test_missed_runs_deliver_the_latest_occurrence_once(self):
        reminder = self._reminder(date(2027, 1, 5), "monthly")
        self._run_cron(datetime(2027, 4, 20, 1, 0))  # the cron was down since January
        self.assertEqual(self._activities().mapped("date_deadline"), [date(2027, 4, 5)])
        self.assertEqual(reminder.next_date, date(2027, 5, 5))

    def test_local_date_of_the_user(self):
        """16:30 UTC on 9 March is already 10 March in Shanghai, not yet in New York."""
        self._reminder(date(2027, 3, 10))
        self.rep2.tz = "America/New_York"
        other = self._reminder(date(2027, 3, 10), user=self.rep2, partner=self.customer2)
        self._run_cron(datetime(2027, 3, 9, 16, 30))
        self.assertEqual(len(self._activities()), 1)
        self.assertFalse(self._activities(self.customer2))
        self.assertEqual(other.next_date, date(2027, 3, 10))
        with freeze_time(datetime(2027, 3, 10, 16, 30)):  # 11:30 in New York
            self.env["ad.customer.reminder"]._cron_ad_deliver_reminders()
        self.assertEqual(len(self._activities(self.customer2)), 1)

    def test_recurring_reminder_starts_with_its_next_occurrence(self):
        """A yearly date entered after this year's passed is first delivered next year."""
        reminder = self._reminder(date(1990, 3, 12), "yearly")
        with freeze_time(date(2027, 5, 2)):
            reminder.write({"date": date(1990, 3, 12)})
        self.assertEqual(reminder.next_date, date(2028, 3, 12))
        self._run_cron(datetime(2027, 5, 2, 1, 0))
        self.assertFalse(self._activities())

    def test_only_for_readable_customers(self):
        Reminder = self.env["ad.customer.reminder"]
        with self.assertRaises(AccessError):
            Reminder.with_user(self.rep1).create({"partner_id": self.customer2.id, "note": "Probe"})
        theirs = self._reminder(date(2027, 3, 10), user=self.rep2, partner=self.customer2, note="Golden secret")
        self.assertFalse(Reminder.with_user(self.rep1).search([("id", "=", theirs.id)]))
        self.assertFalse(Reminder.with_user(self.rep1).search([("note", "ilike", "secret")]))
        self.assertFalse(Reminder.with_user(self.rep1).read_group([("id", "=", theirs.id)], ["note"], ["user_id"]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep1).read(["note"])
        self.assertEqual(Reminder.with_user(self.manager1).search([("id", "=", theirs.id)]), theirs)
        self.assertFalse(Reminder.with_user(self.manager2).search([("id", "=", theirs.id)]))
        # control: his own
        mine = self._reminder(date(2027, 3, 11))
        self.assertEqual(Reminder.with_user(self.rep1).search([("id", "in", (mine | theirs).ids)]), mine)
        # the customer goes to rep3: the reminder reaches the new owner, not rep1
        self.customer1._ad_assign_owner(self.rep3, "test handover")
        self._run_cron(datetime(2027, 3, 11, 1, 0))
        activity = self._activities()
        self.assertEqual(activity.user_id, self.rep3)
        self.assertEqual(mine.user_id, self.rep3)
        self.assertFalse(self.env["mail.activity"].search([("user_id", "=", self.rep1.id),
                                                          ("res_model", "=", "res.partner")]))  # fmt: skip

    def test_birthday_and_anniversary(self):
        with freeze_time(date(2027, 5, 2)):
            self.contact1.with_user(self.rep1).write({"ad_birthday": date(1985, 5, 20)})
            self.customer1.with_user(self.rep1).write({"ad_founding_date": date(2005, 1, 8)})
        Reminder = self.env["ad.customer.reminder"].with_context(active_test=False)
        birthday = Reminder.search([("partner_id", "=", self.contact1.id), ("kind", "=", "birthday")])
        anniversary = Reminder.search([("partner_id", "=", self.customer1.id), ("kind", "=", "anniversary")])
        self.assertEqual((birthday.recurrence, birthday.user_id, birthday.next_date),
                         ("yearly", self.rep1, date(2027, 5, 20)))  # fmt: skip
        self.assertEqual(anniversary.next_date, date(2028, 1, 8))
        self.assertEqual(self.customer1.with_user(self.rep1).ad_reminder_count, 2)
        self._run_cron(datetime(2027, 5, 20, 1, 0))
        activity = self._activities(self.contact1)
        self.assertEqual(len(activity), 1)
        self.assertIn(self.contact1.name, activity.summary)
        with freeze_time(date(2027, 6, 1)):
            self.contact1.with_user(self.rep1).write({"ad_birthday": date(1985, 7, 1)})
        self.assertEqual(Reminder.search([("partner_id", "=", self.contact1.id)]), birthday, "the same reminder")
        self.assertEqual(birthday.next_date, date(2027, 7, 1))
        self.contact1.with_user(self.rep1).write({"ad_birthday": False})
        self.assertFalse(birthday.active)
        self._run_cron(datetime(2027, 7, 1, 1, 0))
        self.assertEqual(len(self._activities(self.contact1)), 1)
