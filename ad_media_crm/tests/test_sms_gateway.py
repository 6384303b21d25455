from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .test_payment_reminders import D, PaymentReminderCommon, utc


class TestSmsGateway(PaymentReminderCommon):
    """SMS to the customer's finance contact at the SMS steps (15 days overdue), through the
    fake provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance1 = cls.env["res.partner"].create(
            {
                "name": "Li Na",
                "parent_id": cls.customer1.id,
                "mobile": "+86 138 0013 8000",
                "ad_contact_role": "finance",
            }
        )
        cls.env["res.partner"].create(
            {
                "name": "Zhao Lei",
                "parent_id": cls.customer2.id,
                "mobile": "+86 139 0000 0002",
                "ad_contact_role": "contact",
            }
        )
        cls.demo_log = cls.env["ad.sms.log"].search([])  # the demo's care rules text too

    def _log(self):
        return self.env["ad.sms.log"].search([("id", "not in", self.demo_log.ids)])

    def _sms_messages(self, invoice):
        return invoice.message_ids.filtered(lambda m: m.message_type == "sms")

    def test_sms_reaches_the_finance_contact_once_per_step(self):
        self._run(utc(D + timedelta(days=4), "01:00:00"))  # step 1: no SMS step
        self.assertFalse(self._log())
        self._run(utc(D + timedelta(days=18), "01:00:00"))  # step 15
        log = self._log()
        self.assertEqual(len(log), 1, "customer2 has no finance contact: only customer1's")
        self.assertIn("13800138000", log.number.replace(" ", ""))
        self.assertIn(self.inv1.name, log.body)
        message = self._sms_messages(self.inv1)
        self.assertEqual(len(message), 1, "logged on the invoice")
        self.assertEqual(message.notification_ids.res_partner_id, self.finance1)
        self.assertEqual(message.notification_ids.notification_status, "sent")
        self.assertFalse(self._sms_messages(self.inv2))
        # re-run the same day and the next: no second SMS
        self._run(utc(D + timedelta(days=18), "06:00:00"))
        self._run(utc(D + timedelta(days=19), "01:00:00"))
        self.assertEqual(len(self._log()), 1)

    def test_no_provider_no_sms_and_no_error(self):
        self.company.ad_sms_provider = False
        self._run(utc(D + timedelta(days=18), "01:00:00"))
        self.assertFalse(self._log())
        self.assertFalse(self._sms_messages(self.inv1))
        self.assertEqual(self.inv1.ad_reminder_step, 15, "the reminder itself is made")
        self.assertEqual(len(self._reminders(self.inv1, done=False)), 1)

    def test_gateway_routes_sms_sms(self):
        sms = self.env["sms.sms"].create({"number": "+8613800138001", "body": "你好"})
        sms.send(unlink_sent=False)
        self.assertEqual(sms.state, "sent")
        self.assertEqual(self._log().body, "你好")

    def test_unknown_gateway_fails_softly(self):
        sms = self.env["sms.sms"].create({"number": "+8613800138001", "body": "test"})
        self.env.flush_all()
        # a provider whose module was removed: the SMS fails, nothing is raised
        self.env.cr.execute("UPDATE res_company SET ad_sms_provider = 'gone' WHERE id = %s", [self.company.id])
        self.company.invalidate_recordset(["ad_sms_provider"])
        with mute_logger("odoo.addons.ad_media_crm.models.sms_sms"):
            sms.send(unlink_failed=False)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        self.assertFalse(self._log())

    def test_reps_cannot_read_the_sms_log(self):
        self._run(utc(D + timedelta(days=18), "01:00:00"))
        with self.assertRaises(AccessError):
            self.env["ad.sms.log"].with_user(self.rep1).search([])
        self.assertEqual(
            self.env["ad.sms.log"].with_user(self.office).search([("id", "not in", self.demo_log.ids)]),
            self._log(),
            "control: the office",
        )
        self.assertEqual(len(self._log()), 1)
