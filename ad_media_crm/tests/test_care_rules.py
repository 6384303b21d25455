from datetime import date, datetime, timedelta

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AdInventoryCommon


def shanghai(day, hour=9):
    """The UTC moment of ``hour`` o'clock on ``day`` in Shanghai (UTC+8)."""
    return datetime(day.year, day.month, day.day, hour) - timedelta(hours=8)


@tagged("post_install", "-at_install")
class TestCareRules(AdInventoryCommon):
    """Care rules fire once per occurrence, in the company's time zone; their logs follow the
    customer's visibility."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.ad_sms_provider = "fake"
        cls.env["ad.care.rule"].search([]).active = False  # the demo's
        cls.customer1.email = "info@sunrise.example"
        cls.Rule = cls.env["ad.care.rule"]

    def _rule(self, kind, days=0, action="activity", **vals):
        """A rule on the test's customers (not the demo's) unless ``segment_domain`` says otherwise."""
        ours = (self.customer1 | self.customer2 | self.customer3 | self.pool_customer).ids
        vals.setdefault("segment_domain", repr([("id", "in", ours)]))
        return self.Rule.create({"name": f"Care {kind}", "kind": kind, "days": days, "action": action, **vals})

    def _run(self, day, hour=9):
        """The daily cron at ``hour`` o'clock, Shanghai time, on ``day``; the logs it made."""
        before = self.env["ad.care.log"].search([])
        with freeze_time(shanghai(day, hour)):
            self.Rule._cron_ad_care()
        return self.env["ad.care.log"].search([]) - before

    def _activities(self, partner):
        return self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])

    def test_birthday_once_per_year_across_the_year_boundary(self):
        self.contact1.ad_birthday = date(1980, 1, 1)
        self._rule("contact_birthday", days=1, activity_summary="Send a card")
        existing = self._activities(self.customer1)
        self.assertFalse(self._run(date(2026, 12, 30)), "two days ahead: not yet")
        logs = self._run(date(2026, 12, 31))
        self.assertEqual(len(logs), 1)
        self.assertEqual((logs.target_id, logs.partner_id, logs.occurrence), (self.contact1, self.customer1, "2027"))
        self.assertEqual(logs.occurrence_date, date(2027, 1, 1))
        activity = self._activities(self.customer1) - existing
        self.assertEqual((activity.user_id, activity.summary), (self.rep1, "Send a card"))
        self.assertEqual(activity.date_deadline, date(2027, 1, 1))
        self.assertEqual(logs.activity_id, activity)
        # re-runs: the same day, on the birthday, the day after
        for day in (date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 2)):
            self.assertFalse(self._run(day), day)
        self.assertEqual(self._run(date(2027, 12, 31)).occurrence, "2028", "next year again")

    def test_birthday_in_the_company_time_zone(self):
        self.contact1.ad_birthday = date(1990, 3, 10)
        self._rule("contact_birthday")
        # 23:00 on 9 March in Shanghai is already 15:00 UTC; 01:00 on 10 March is still 9 March UTC
        self.assertFalse(self._run(date(2027, 3, 9), hour=23))
        with freeze_time(shanghai(date(2027, 3, 10), hour=1)):
            self.assertEqual(datetime.now().date(), date(2027, 3, 9))
        self.assertEqual(len(self._run(date(2027, 3, 10), hour=1)), 1)

    def test_leap_day_birthday(self):
        self.contact1.ad_birthday = date(2000, 2, 29)
        self._rule("contact_birthday")
        self.assertFalse(self._run(date(2027, 2, 27)))
        logs = self._run(date(2027, 2, 28))
        self.assertEqual((logs.occurrence, logs.occurrence_date), ("2027", date(2027, 2, 28)), "28 Feb in 2027")
        self.assertFalse(self._run(date(2027, 3, 1)))
        self.assertFalse(self._run(date(2028, 2, 28)), "2028 has a 29 February")
        self.assertEqual(self._run(date(2028, 2, 29)).occurrence, "2028")

    def test_company_anniversary_not_in_the_founding_year(self):
        self.customer2.ad_founding_date = date(2010, 5, 4)
        self.customer3.ad_founding_date = date(2027, 5, 4)
        logs = self._rule("company_anniversary") and self._run(date(2027, 5, 4))
        self.assertEqual(logs.partner_id, self.customer2)
        self.assertEqual(
            self._activities(self.customer2).filtered(lambda a: "Anniversary" in a.summary).user_id, self.rep2
        )

    def test_after_campaign(self):
        order = self._ad_order(self.customer1, self.rep1, self.front, date(2030, 3, 1), date(2030, 3, 10))
        order.action_confirm()
        self._ad_order(self.customer3, self.rep3, self.front, date(2030, 3, 11), date(2030, 3, 12))  # a quotation
        self._rule("after_campaign", days=14)
        self.assertFalse(self._run(date(2030, 3, 23)))
        logs = self._run(date(2030, 3, 26))  # two days late: caught up
        self.assertEqual((logs.partner_id, logs.document_ref, logs.occurrence), (self.customer1, order, str(order.id)))
        self.assertEqual(logs.occurrence_date, date(2030, 3, 24))
        self.assertFalse(self._run(date(2030, 3, 27)))

    def test_key_customer_without_contact(self):
        self.customer1.ad_customer_type = "key"
        self.env["ad.work.log"].create(
            {"partner_id": self.customer1.id, "user_id": self.rep1.id, "date": date(2030, 1, 1), "summary": "Visit"}
        )
        self._rule("no_contact", days=30)
        self.assertFalse(self._run(date(2030, 1, 30)))
        logs = self._run(date(2030, 1, 31))
        self.assertEqual((logs.partner_id, logs.occurrence), (self.customer1, "2030-01-01"), "customer2 is no key one")
        self.assertIn("Get in touch", logs.activity_id.summary)
        self.assertFalse(self._run(date(2030, 2, 20)), "one reminder per silence")
        # marking the activity done is a contact: a new silence starts
        with freeze_time(shanghai(date(2030, 2, 21))):
            logs.activity_id.action_feedback("Called")
        self.assertFalse(self._run(date(2030, 3, 20)))
        self.assertEqual(self._run(date(2030, 3, 23)).occurrence, "2030-02-21")

    def test_lapsed_customer_win_back_mail(self):
        template = self.env.ref("ad_media_crm.mail_template_ad_care_win_back")
        with freeze_time(shanghai(date(2030, 1, 10))):
            self._order(self.customer1, self.rep1).action_confirm()
        self._rule("lapsed", days=90, action="mail", mail_template_id=template.id)
        self.assertFalse(self._run(date(2030, 4, 9)))
        logs = self._run(date(2030, 4, 10))
        self.assertEqual((logs.partner_id, logs.recipient_id, logs.state), (self.customer1, self.customer1, "done"))
        message = logs.message_id
        self.assertEqual((message.model, message.res_id), ("res.partner", self.customer1.id), "on the customer")
        self.assertIn("let us plan your next campaign", message.subject)
        self.assertEqual(message.partner_ids, self.customer1)
        self.assertEqual(message.author_id, self.rep1.partner_id)
        self.assertTrue(self.env["mail.mail"].search([("mail_message_id", "=", message.id)]), "a mail goes out")
        self.assertFalse(self._run(date(2030, 4, 12)))
        # a new order, a new lapse
        with freeze_time(shanghai(date(2030, 5, 1))):
            self._order(self.customer1, self.rep1).action_confirm()
        self.assertEqual(self._run(date(2030, 7, 30)).occurrence, "2030-05-01")

    def test_mail_goes_to_the_main_contact_or_is_skipped(self):
        template = self.env.ref("ad_media_crm.mail_template_ad_care_win_back")
        self.customer2.ad_main_contact_id = self.env["res.partner"].create(
            {"name": "Zhao Lei", "parent_id": self.customer2.id, "email": "zhao@dragon.example"}
        )
        with freeze_time(shanghai(date(2030, 1, 10))):
            self._order(self.customer2, self.rep2).action_confirm()
            self._order(self.customer3, self.rep3).action_confirm()
        self._rule("lapsed", days=90, action="mail", mail_template_id=template.id)
        logs = self._run(date(2030, 4, 10))
        self.assertEqual(len(logs), 2)
        by_customer = {log.partner_id: log for log in logs}
        self.assertEqual(by_customer[self.customer2].recipient_id, self.customer2.ad_main_contact_id)
        self.assertEqual(by_customer[self.customer3].state, "skipped", "no address: logged, not retried")
        self.assertFalse(self._run(date(2030, 4, 11)))

    def test_payment_thanks_sms_through_the_gateway(self):
        template = self.env.ref("ad_media_crm.sms_template_ad_care_payment_thanks")
        invoices = self.env["account.move"]
        for customer, rep in ((self.customer1, self.rep1), (self.customer2, self.rep2)):
            invoices |= self.env["account.move"].create(
                {"move_type": "out_invoice", "partner_id": customer.id, "invoice_user_id": rep.id,
                 "invoice_date": date(2030, 1, 5),
                 "invoice_line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 500.0, "tax_ids": []})]}
            )  # fmt: skip
        invoices.action_post()
        for invoice, amount in zip(invoices, (500.0, 200.0), strict=True):  # invoice 2 partly paid
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": date(2030, 2, 3), "amount": amount})._create_payments()
        self._rule("payment_thanks", days=1, action="sms", sms_template_id=template.id)
        demo_sms = self.env["ad.sms.log"].search([])
        self.assertFalse(self._run(date(2030, 2, 3)))
        logs = self._run(date(2030, 2, 4))
        self.assertEqual((logs.partner_id, logs.document_ref), (self.customer1, invoices[0]))
        sms = self.env["ad.sms.log"].search([]) - demo_sms
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number.replace(" ", "")[-8:], "55550101")
        self.assertIn("we have received your payment", sms.body)
        self.assertEqual((logs.message_id.message_type, logs.message_id.res_id), ("sms", self.customer1.id))
        self.assertFalse(self._run(date(2030, 2, 5)))
        self.assertEqual(self.env["ad.sms.log"].search([]) - demo_sms, sms)

    def test_segment_and_owner_fallback(self):
        for customer in (self.customer1, self.customer3, self.pool_customer):
            customer.ad_founding_date = date(2000, 6, 1)
        self.customer3.ad_customer_type = "key"
        self.pool_customer.ad_customer_type = "key"
        self._rule("company_anniversary", segment_domain="[('ad_customer_type', '=', 'key')]")
        logs = self._run(date(2030, 6, 1))
        self.assertEqual(logs.partner_id, self.customer3 | self.pool_customer, "the segment only")
        self.assertEqual(logs.filtered(lambda log: log.partner_id == self.pool_customer).state, "skipped")
        self._rule(
            "company_anniversary", segment_domain=f"[('id', '=', {self.pool_customer.id})]", user_id=self.office.id
        )
        self.assertEqual(self._run(date(2030, 6, 1)).activity_id.user_id, self.office, "no owner: the responsible")

    def test_database_refuses_a_second_firing(self):
        self.contact1.ad_birthday = date(1980, 7, 7)
        rule = self._rule("contact_birthday")
        log = self._run(date(2030, 7, 7))
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env["ad.care.log"].create(
                    {"rule_id": rule.id, "partner_id": self.customer1.id, "target_id": self.contact1.id,
                     "occurrence": log.occurrence, "date": date(2030, 7, 7), "channel": "activity"}
                )  # fmt: skip

    def test_rule_validation(self):
        with self.assertRaises(ValidationError):
            self._rule("lapsed", days=0)
        with self.assertRaises(ValidationError):
            self._rule("contact_birthday", action="mail")
        with self.assertRaises(ValidationError):
            self._rule("contact_birthday", segment_domain="[('no_such_field', '=', 1)]")

    def test_reps_see_only_their_customers_logs(self):
        self.contact1.ad_birthday = date(1980, 8, 8)
        self.env["res.partner"].create(
            {"name": "Lin Fang", "parent_id": self.customer3.id, "ad_birthday": "1985-08-08"}
        )
        self.customer2.ad_founding_date = date(1999, 8, 8)
        self._rule("contact_birthday")
        self._rule("company_anniversary")
        logs = self._run(date(2030, 8, 8))
        self.assertEqual(logs.partner_id, self.customer1 | self.customer2 | self.customer3)
        Log = self.env["ad.care.log"]
        theirs = logs.filtered(lambda log: log.partner_id == self.customer3)
        mine = logs.filtered(lambda log: log.partner_id == self.customer1)
        self.assertEqual(Log.with_user(self.rep1).search([("id", "in", logs.ids)]), mine)
        self.assertFalse(Log.with_user(self.rep1).search([("partner_id", "=", self.customer3.id)]))
        groups = Log.with_user(self.rep1).read_group([], ["partner_id"], ["partner_id"])
        self.assertNotIn(self.customer3.id, [group["partner_id"][0] for group in groups])
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep1).read(["occurrence"])
        with self.assertRaises(AccessError):
            mine.with_user(self.rep1).write({"occurrence": "2099"})
        with self.assertRaises(AccessError):
            Log.with_user(self.rep1).create(
                {"rule_id": mine.rule_id.id, "partner_id": self.customer1.id, "target_id": self.customer1.id,
                 "occurrence": "x", "date": date(2030, 8, 8), "channel": "activity"}
            )  # fmt: skip
        # control: his own log, the manager's team, the office all
        self.assertEqual(mine.with_user(self.rep1).read(["occurrence"])[0]["occurrence"], "2030")
        self.assertEqual(
            Log.with_user(self.manager1).search([("id", "in", logs.ids)]).partner_id, self.customer1 | self.customer2
        )
        self.assertEqual(Log.with_user(self.office).search([("id", "in", logs.ids)]), logs)
        # rules: reps read them, managers configure them
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.rep1).create({"name": "Mine", "kind": "lapsed", "days": 5})
        self.assertTrue(self.Rule.with_user(self.manager1).create({"name": "Team", "kind": "lapsed", "days": 5}))


@tagged("post_install", "-at_install")
class TestSegmentSends(AdInventoryCommon):
    """A segment mailing (mass_mailing on contacts) reaches exactly the segment and counts the
    customers who ordered within N days; an SMS to a segment goes through the gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.ad_sms_provider = "fake"
        for index, (customer, kind) in enumerate(
            ((cls.customer1, "key"), (cls.customer2, "key"), (cls.customer3, "target"))
        ):
            customer.write(
                {"email": f"info{index}@example.com", "mobile": f"+861380000000{index}", "ad_customer_type": kind}
            )
        ours = (cls.customer1 | cls.customer2 | cls.customer3).ids
        cls.segment = [("id", "in", ours), ("ad_is_customer", "=", True), ("ad_customer_type", "=", "key")]

    def test_mailing_reaches_the_segment_and_measures_orders(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Spring packages",
                "body_html": "<p>New front-page packages</p>",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr(self.segment),
                "ad_order_window_days": 30,
            }
        )
        segment = self.env["res.partner"].search(self.segment)
        self.assertEqual(segment, self.customer1 | self.customer2)
        with freeze_time("2030-04-01 02:00:00"):
            mailing.action_send_mail()
        traces = mailing.mailing_trace_ids
        self.assertEqual(set(traces.mapped("res_id")), set(segment.ids), "exactly the segment")
        self.assertEqual(mailing.sent_date, datetime(2030, 4, 1, 2))
        # Odoo's own measures: opened, replied
        traces.filtered(lambda t: t.res_id == self.customer1.id).set_opened()
        mailing.invalidate_recordset()
        self.assertEqual(mailing.opened, 1)
        # ordered within 30 days: customer1 on day 5, customer2 on day 40, customer3 (not mailed) on day 3
        for customer, rep, day in ((self.customer1, self.rep1, 5), (self.customer2, self.rep2, 40),
                                   (self.customer3, self.rep3, 3)):  # fmt: skip
            with freeze_time(datetime(2030, 4, 1, 2) + timedelta(days=day)):
                self._order(customer, rep).action_confirm()
        self.assertEqual(mailing.ad_ordered_count, 1)
        self.assertAlmostEqual(mailing.ad_ordered_ratio, 100.0 / len(segment))
        mailing.ad_order_window_days = 60
        self.assertEqual(mailing.ad_ordered_count, 2)
        orders = self.env["sale.order"].search(mailing.action_ad_view_ordered()["domain"])
        self.assertEqual(orders.partner_id, self.customer1 | self.customer2)

    def test_sms_to_a_segment(self):
        segment = self.env["res.partner"].search(self.segment)
        demo_sms = self.env["ad.sms.log"].search([])
        composer = (
            self.env["sms.composer"]
            .with_context(
                default_composition_mode="mass", default_res_model="res.partner", default_res_ids=repr(segment.ids)
            )
            .create({"body": "Spring packages are out", "mass_force_send": True})
        )
        composer.action_send_sms()
        sms = self.env["ad.sms.log"].search([]) - demo_sms
        self.assertEqual(sorted(sms.mapped("number")), ["+8613800000000", "+8613800000001"], "exactly the segment")
        self.assertEqual(set(sms.mapped("body")), {"Spring packages are out"})
