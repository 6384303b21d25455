from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_receivable_report import ReceivableCommon

STATEMENT = "ad_media_crm.report_ad_customer_statement"
CARD = "ad_media_crm.report_ad_customer_card"


@tagged("post_install", "-at_install")
class TestCustomerStatement(ReceivableCommon):
    """customer1 over the 30 days before yesterday: an invoice of 1,000 partly paid (400)
    before the period, then in it an invoice of 500, a payment of 300 and a credit note of
    100; a payment of 50 today falls after it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        day = lambda n: cls.today - timedelta(days=n)
        cls.date_from, cls.date_to = day(30), day(1)
        cls.inv_a = cls._invoice(cls.customer1, 1000.0, days_overdue=30, date=day(60))
        cls._pay(cls.inv_a, 400.0, date=day(45))
        cls.inv_b = cls._invoice(cls.customer1, 500.0, days_overdue=-20, date=day(10))
        cls.payment = cls._pay(cls.inv_a, 300.0, date=day(5))
        cls.refund = cls._invoice(cls.customer1, 100.0, move_type="out_refund", days_overdue=3, date=day(3))
        cls._pay(cls.inv_b, 50.0)
        cls.inv_other = cls._invoice(cls.customer2, 800.0, days_overdue=10, date=day(20))
        cls.data = {"date_from": str(cls.date_from), "date_to": str(cls.date_to)}

    def _values(self, user, partner):
        return self.env["report." + STATEMENT].with_user(user)._get_report_values(partner.ids, self.data)

    def _html(self, user, report, partner, data=None):
        html, _kind = self.env["ir.actions.report"].with_user(user)._render_qweb_html(report, partner.ids, data)
        return html.decode()

    def test_statement_figures(self):
        statement = self._values(self.rep1, self.customer1)["statements"][self.customer1.id]
        self.assertEqual(statement["opening"], 600.0)
        self.assertEqual([(i["line"].move_id, i["open"]) for i in statement["opening_items"]], [(self.inv_a, 600.0)])
        movements = [(m["line"].move_name, m["kind"], m["balance"]) for m in statement["movements"]]
        self.assertEqual(
            movements,
            [(self.inv_b.name, "Invoice", 1100.0), (self.payment.move_id.name, "Payment", 800.0),
             (self.refund.name, "Credit Note", 700.0)],
        )  # fmt: skip
        self.assertEqual((statement["invoiced"], statement["received"], statement["closing"]), (500.0, 400.0, 700.0))
        # the closing balance plus what happened since is what Odoo says is open today
        open_now = sum((self.inv_a | self.inv_b).mapped("amount_residual")) - self.refund.amount_residual
        self.assertEqual(statement["closing"] - 50.0, open_now)
        # finance reads the same statement
        accountant = self._values(self.accountant, self.customer1)["statements"][self.customer1.id]
        self.assertEqual(
            [(m["line"], m["balance"]) for m in accountant["movements"]],
            [(m["line"], m["balance"]) for m in statement["movements"]],
        )

    def test_rep_prints_his_customers_only(self):
        for report in (STATEMENT, CARD):
            with self.assertRaises(AccessError, msg=report):
                self._html(self.rep1, report, self.customer2, self.data)
            with self.assertRaises(AccessError, msg=report):
                self._html(self.rep3, report, self.customer1, self.data)
        with self.assertRaises(AccessError):
            self._values(self.rep1, self.customer2)
        with self.assertRaises(AccessError):  # nor through a contact of his customer's
            self.env["ad.customer.statement"].with_user(self.rep1).create({"partner_id": self.customer2.id})
        # control: his own customer; finance and his manager print anyone's of theirs
        html = self._html(self.rep1, STATEMENT, self.customer1, self.data)
        self.assertIn(self.inv_b.name, html)
        self.assertIn(self.payment.move_id.name, html)
        self.assertNotIn(self.inv_other.name, html)
        self.assertIn(self.inv_other.name, self._html(self.accountant, STATEMENT, self.customer2, self.data))
        self.assertIn(self.inv_other.name, self._html(self.manager1, STATEMENT, self.customer2, self.data))
        context = self.customer1.with_user(self.rep1).action_ad_open_statement()["context"]
        wizard = self.env["ad.customer.statement"].with_user(self.rep1).with_context(**context).create({})
        action = wizard.action_print()
        self.assertEqual((action["report_name"], action["data"]["date_to"]), (STATEMENT, str(self.today)))

    def test_statement_in_customer_language(self):
        lang = self.env["res.lang"]._activate_lang("zh_CN")
        english = self.env["res.lang"]._lang_get("en_US")
        self.assertNotEqual(lang.date_format, english.date_format)
        self.customer1.lang = "zh_CN"
        html = self._html(self.rep1, STATEMENT, self.customer1, self.data)
        self.assertIn(self.date_from.strftime(lang.date_format), html)
        self.assertNotIn(self.date_from.strftime(english.date_format), html)
        self.assertEqual(self.rep1.lang, "en_US")

    def test_period_must_be_ordered(self):
        wizard = (
            self.env["ad.customer.statement"]
            .with_user(self.rep1)
            .create({"partner_id": self.customer1.id, "date_from": self.today, "date_to": self.date_to})
        )
        with self.assertRaises(UserError):
            wizard.action_print()

    def test_customer_card(self):
        html = self._html(self.rep1, CARD, self.customer1)
        for text in (self.customer1.name, self.customer1.ad_customer_code or "", self.rep1.name, self.contact1.name):
            self.assertIn(text, html)
        self.assertIn("650.00", html)  # open: 300 (inv_a) + 450 (inv_b) - 100 (credit note)
