from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import AdMediaCommon

D = date(2026, 12, 1)


def utc(day, time):
    """A UTC timestamp for freeze_time; Shanghai is UTC+8."""
    return f"{day.isoformat()} {time}"


class PaymentReminderCommon(AdMediaCommon):
    """Invoices of customer1 (rep1) and customer2 (rep2); the company in Shanghai, reminded 3
    days before the due date and 1, 15 and 30 days after it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.write(
            {
                "ad_reminder_days_before": 3,
                "ad_reminder_overdue_steps": "1,15,30",
                "ad_reminder_digest": "daily",
                "ad_reminder_finance_user_ids": [(6, 0, cls.accountant.ids)],
                "ad_sms_provider": "fake",
                "ad_reminder_sms_steps": "15",
            }
        )
        cls.activity_type = cls.env.ref("ad_media_crm.mail_activity_type_ad_payment_reminder")
        cls.inv1 = cls._invoice(cls.customer1, cls.rep1, D + timedelta(days=3))
        cls.inv2 = cls._invoice(cls.customer2, cls.rep2, D + timedelta(days=3))
        cls.inv3 = cls._invoice(cls.customer1, cls.rep1, D + timedelta(days=5))

    @classmethod
    def _invoice(cls, customer, salesperson, due, amount=1000.0):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_user_id": salesperson.id,
                "invoice_date": D - timedelta(days=30),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    (0, 0, {"product_id": cls.product.id, "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _run(self, moment):
        with freeze_time(moment):
            self.env["ad.payment.reminder"]._cron_ad_payment_reminders()

    def _reminders(self, invoice, done=None):
        """The reminder activities of ``invoice``: all, open (done=False) or done (done=True)."""
        activities = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "account.move"),
                    ("res_id", "=", invoice.id),
                    ("activity_type_id", "=", self.activity_type.id),
                ]
            )
        )
        return activities if done is None else activities.filtered(lambda a: a.active != done)

    def _pay(self, invoice, day):
        with freeze_time(utc(day, "02:00:00")):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": day})._create_payments()


class TestPaymentReminders(PaymentReminderCommon):
    def test_steps_owner_and_no_duplicates(self):
        # 3 days before the due date (09:00 in Shanghai): inv1 and inv2, each for its owner
        self._run(utc(D, "01:00:00"))
        self.assertEqual(len(self._reminders(self.inv1)), 1)
        self.assertEqual(self._reminders(self.inv1).user_id, self.rep1)
        self.assertEqual(self._reminders(self.inv2).user_id, self.rep2)
        self.assertFalse(self._reminders(self.inv3), "due in 5 days: not yet")
        self.assertEqual((self.inv1.ad_reminder_step, self.inv2.ad_reminder_step), (-3, -3))
        follower = self.inv1.message_follower_ids.filtered(lambda f: f.partner_id == self.rep1.partner_id)
        self.assertTrue(follower.subtype_ids, "the owner follows the invoice, as for any activity")
        # re-run the same day: nothing new
        self._run(utc(D, "08:00:00"))
        self.assertEqual(len(self._reminders(self.inv1) | self._reminders(self.inv2)), 2)
        # two days later, inv3 is 3 days from its due date
        self._run(utc(D + timedelta(days=2), "01:00:00"))
        self.assertEqual(len(self._reminders(self.inv3)), 1)
        self.assertEqual(len(self._reminders(self.inv1)), 1, "inv1 is between steps")
        # the due date itself: not overdue
        self._run(utc(D + timedelta(days=3), "10:00:00"))
        self.assertEqual(len(self._reminders(self.inv1)), 1, "due today is not overdue")
        # one day overdue: the overdue step supersedes the first reminder, which is marked done
        self._run(utc(D + timedelta(days=4), "01:00:00"))
        self.assertEqual(len(self._reminders(self.inv1)), 2)
        self.assertEqual(len(self._reminders(self.inv1, done=False)), 1)
        self.assertEqual(self._reminders(self.inv1, done=False).date_deadline, D + timedelta(days=4))
        self.assertEqual(self.inv1.ad_reminder_step, 1)
        # 15 and 30 days overdue; a re-run on each day adds nothing
        for days, expected in ((18, 3), (18, 3), (25, 3), (33, 4), (33, 4), (60, 4)):
            self._run(utc(D + timedelta(days=days), "03:00:00"))
            self.assertEqual(len(self._reminders(self.inv1)), expected, f"day {days}")
            self.assertEqual(len(self._reminders(self.inv1, done=False)), 1)
        self.assertEqual(self.inv1.ad_reminder_step, 30)

    def test_shanghai_day_boundary(self):
        # 23:30 in Shanghai on the day before: still 4 days before the due date
        self._run(utc(D - timedelta(days=1), "15:30:00"))
        self.assertFalse(self._reminders(self.inv1))
        # 00:30 in Shanghai (16:30 UTC the day before): 3 days before, the reminder is made
        self._run(utc(D - timedelta(days=1), "16:30:00"))
        self.assertEqual(len(self._reminders(self.inv1)), 1)
        # the due date's last minute in Shanghai (15:59 UTC): due today, not overdue
        self._run(utc(D + timedelta(days=3), "15:59:00"))
        self.assertEqual(self.inv1.ad_reminder_step, -3)
        # one minute later it is the next day in Shanghai: 1 day overdue
        self._run(utc(D + timedelta(days=3), "16:00:00"))
        self.assertEqual(self.inv1.ad_reminder_step, 1)
        self.assertEqual(len(self._reminders(self.inv1)), 2)

    def test_paid_invoices_are_closed_and_not_reminded(self):
        self._run(utc(D, "01:00:00"))
        self._pay(self.inv2, D + timedelta(days=1))
        self.assertIn(self.inv2.payment_state, ("paid", "in_payment"))
        self.assertFalse(self._reminders(self.inv2, done=False), "closed on payment")
        self.assertEqual(len(self._reminders(self.inv2, done=True)), 1)
        self._run(utc(D + timedelta(days=18), "01:00:00"))
        self.assertEqual(len(self._reminders(self.inv2)), 1, "no reminder for a paid invoice")
        self.assertEqual(self.inv1.ad_reminder_step, 15, "the open one goes on")

    def test_partial_payment_keeps_reminding(self):
        self._run(utc(D, "01:00:00"))
        with freeze_time(utc(D, "02:00:00")):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=self.inv1.ids
            ).create({"payment_date": D, "amount": 400.0})._create_payments()
        self.assertEqual(self.inv1.payment_state, "partial")
        self.assertEqual(len(self._reminders(self.inv1, done=False)), 1)
        self._run(utc(D + timedelta(days=4), "01:00:00"))
        self.assertIn("600", self._reminders(self.inv1, done=False).summary.replace(",", ""))

    def test_sweep_closes_reminders_of_cancelled_invoices(self):
        self._run(utc(D, "01:00:00"))
        self.inv1.button_draft()
        self.assertFalse(self.inv1.ad_reminder_step, "reminders start again when it is re-posted")
        self.inv1.button_cancel()
        self._run(utc(D + timedelta(days=1), "01:00:00"))
        self.assertFalse(self._reminders(self.inv1, done=False))
        self.assertEqual(len(self._reminders(self.inv2, done=False)), 1, "control: the open invoice's stays")

    def test_unowned_customer_goes_to_the_salesperson(self):
        invoice = self._invoice(self.pool_customer, self.rep3, D + timedelta(days=3))
        self._run(utc(D, "01:00:00"))
        self.assertEqual(self._reminders(invoice).user_id, self.rep3)

    def test_digest_lists_only_the_reps_customers(self):
        Mail = self.env["mail.mail"]
        self._run(utc(D, "01:00:00"))

        def digests(user):
            return Mail.search([("recipient_ids", "in", user.partner_id.ids), ("model", "=", "res.users")])

        rep1_mail, rep2_mail, finance_mail = digests(self.rep1), digests(self.rep2), digests(self.accountant)
        self.assertEqual(len(rep1_mail), 1)
        self.assertIn(self.inv1.name, rep1_mail.body_html)
        self.assertIn(self.customer1.name, rep1_mail.body_html)
        self.assertNotIn(self.inv2.name, rep1_mail.body_html, "rep1 never sees customer2's invoice")
        self.assertNotIn(self.customer2.name, rep1_mail.body_html)
        self.assertIn(self.inv2.name, rep2_mail.body_html)
        self.assertNotIn(self.inv1.name, rep2_mail.body_html)
        self.assertFalse(digests(self.rep3), "nothing due for rep3: no mail")
        for invoice in (self.inv1, self.inv2):
            self.assertIn(invoice.name, finance_mail.body_html, "finance gets everything")
        # idempotent per day
        self._run(utc(D, "09:00:00"))
        self.assertEqual(len(digests(self.rep1) | digests(self.accountant)), 2)
        # the next day, again
        self._run(utc(D + timedelta(days=1), "01:00:00"))
        self.assertEqual(len(digests(self.rep1)), 2)

    def test_digest_resumes_after_a_crash(self):
        # a run that stopped after rep1's digest: the next one serves the others only
        self.company.ad_reminder_digest_progress = f"{D}/0,{self.rep1.id}"
        self._run(utc(D, "01:00:00"))
        Mail = self.env["mail.mail"]
        self.assertFalse(Mail.search([("recipient_ids", "in", self.rep1.partner_id.ids)]))
        self.assertTrue(Mail.search([("recipient_ids", "in", self.rep2.partner_id.ids)]))
        self.assertTrue(Mail.search([("recipient_ids", "in", self.accountant.partner_id.ids)]))
        self.assertEqual(self.company.ad_reminder_digest_date, D)

    def test_digest_is_computed_as_the_recipient(self):
        # an invoice of customer2 wrongly carrying rep1 as salesperson: rep1's rules hide it
        stray = self._invoice(self.customer2, self.rep1, D + timedelta(days=2))
        data = self.env["ad.payment.reminder"]._ad_digest_data(self.rep1, D, mine=True)
        self.assertNotIn(stray.id, data["invoice_ids"])
        self.assertIn(self.inv1.id, data["invoice_ids"], "control: his own customer's invoice")
        finance = self.env["ad.payment.reminder"]._ad_digest_data(self.accountant, D, mine=False)
        self.assertLessEqual({self.inv1.id, self.inv2.id, stray.id}, set(finance["invoice_ids"]))

    def test_weekly_digest_on_mondays(self):
        self.company.ad_reminder_digest = "weekly"
        monday = D - timedelta(days=D.weekday()) + timedelta(days=7)
        Mail = self.env["mail.mail"]
        before = Mail.search([("model", "=", "res.users")])  # e.g. of a demo server's cron runs
        self._run(utc(monday - timedelta(days=1), "01:00:00"))
        self.assertFalse(Mail.search([("model", "=", "res.users"), ("id", "not in", before.ids)]))
        self._run(utc(monday, "01:00:00"))
        self.assertTrue(Mail.search([("recipient_ids", "in", self.accountant.partner_id.ids)]))

    def test_rep_cannot_write_the_reminder_step(self):
        self._run(utc(D, "01:00:00"))
        invoice = self.inv1.with_user(self.rep1)
        self.assertEqual(invoice.ad_reminder_step, -3, "control: he reads his own invoice's step")
        with self.assertRaises(AccessError):
            invoice.write({"ad_reminder_step": -100})
        with self.assertRaises(AccessError):
            self.inv2.with_user(self.rep1).read(["ad_reminder_step"])
        self.assertEqual(self.inv1.ad_reminder_step, -3)

    def test_bad_steps_are_refused(self):
        from odoo.exceptions import ValidationError

        for field, value in (("ad_reminder_overdue_steps", "1,x"), ("ad_reminder_overdue_steps", "0,5")):
            with self.assertRaises(ValidationError):
                self.company.write({field: value})
        with self.assertRaises(ValidationError):
            self.company.write({"ad_reminder_sms_steps": "7"})

    def test_query_count_per_batch(self):
        """The searches are per step, not per invoice: 20 invoices cost about as much as 2."""
        many = self.env["account.move"]
        for _ in range(20):
            many |= self._invoice(self.customer1, self.rep1, D + timedelta(days=10))
        self.env.company.ad_reminder_digest = "none"
        self.env.flush_all()
        # the bound holds with the demo's open invoices of other reps reminded in the same run
        # (a few queries per rep, none per invoice)
        with freeze_time(utc(D + timedelta(days=7), "01:00:00")), self.assertQueryCount(88):
            self.env["ad.payment.reminder"]._cron_ad_payment_reminders()
        self.assertEqual(len(self._reminders(many[-1])), 1)
