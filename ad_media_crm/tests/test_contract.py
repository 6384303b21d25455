from datetime import date, timedelta

import lxml.html

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AdInventoryCommon


@tagged("post_install", "-at_install")
class TestContract(AdInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract(cls.rep1, cls.customer1, date(2027, 1, 1), date(2027, 12, 31))

    @classmethod
    def _contract(cls, user, partner, start, end, **vals):
        """Created by ``user``, returned in the test's (superuser) environment."""
        contract = (
            cls.env["ad.contract"]
            .with_user(user)
            .create(
                dict(
                    vals,
                    partner_id=partner.id,
                    date_start=start,
                    date_end=end,
                    amount_committed=10000.0,
                    line_ids=[
                        (0, 0, {"slot_id": cls.front.id, "date_start": start, "date_end": start + timedelta(days=6),
                                "price_unit": 3000.0}),
                        (0, 0, {"slot_id": cls.spots.id, "date_start": start + timedelta(days=7),
                                "date_end": start + timedelta(days=13), "quantity": 2, "price_unit": 1000.0}),
                    ],
                )
            )
        )  # fmt: skip
        return contract.with_env(cls.env)

    def test_contract_generates_orders_and_tracks_consumption(self):
        contract = self.contract.with_user(self.rep1)
        self.assertRegex(contract.name, r"^AC\d{4}-\d{4}$")
        with self.assertRaises(UserError):
            contract.action_create_order()  # not signed yet
        contract.action_sign()
        self.assertEqual(contract.state, "signed", "starts in the future")
        order = self.env["sale.order"].browse(contract.action_create_order()["res_id"]).with_user(self.rep1)
        self.assertEqual(order.ad_contract_id, contract)
        self.assertEqual(order.partner_id, self.customer1)
        bookings = order.order_line.ad_booking_ids
        self.assertEqual(
            sorted((b.slot_id, b.date_start, b.date_end, b.quantity, b.state) for b in bookings),
            sorted(
                [
                    (self.front, date(2027, 1, 1), date(2027, 1, 7), 1, "tentative"),
                    (self.spots, date(2027, 1, 8), date(2027, 1, 14), 2, "tentative"),
                ]
            ),
        )
        self.assertEqual(bookings.contract_line_id, contract.line_ids)
        self.assertEqual(order.amount_untaxed, 4000.0)
        self.assertTrue(all(contract.line_ids.mapped("ordered")))
        with self.assertRaises(UserError):
            contract.action_create_order()  # everything is ordered
        self.assertEqual(contract.amount_ordered, 0.0, "a quotation is not consumption")

        order.action_confirm()
        self.assertEqual(set(bookings.mapped("state")), {"confirmed"})
        self.assertEqual(contract.amount_ordered, 4000.0)
        self.assertEqual(contract.consumption, 40.0)
        self.assertEqual(contract.amount_invoiced, 0.0)

        invoice = order.sudo()._create_invoices()
        invoice.action_post()
        contract.invalidate_recordset()
        self.assertEqual(contract.amount_invoiced, 4000.0)

        # a cancelled order frees its placements for a new order
        order.sudo()._action_cancel()
        self.assertFalse(any(contract.line_ids.mapped("ordered")))
        self.assertEqual(contract.amount_ordered, 0.0)

    def test_contract_discount_carried_to_orders_only_managers_raise_it(self):
        tier = self.customer1.ad_discount_tier_id.discount
        with self.assertRaises(UserError):
            self.contract.with_user(self.rep1).discount = tier + 10
        self.assertEqual(self.contract.discount, 0.0)
        self.contract.with_user(self.manager1).discount = tier + 10
        self.contract.with_user(self.rep1).action_sign()
        # the rep orders at the agreed discount
        order = self.env["sale.order"].browse(self.contract.with_user(self.rep1).action_create_order()["res_id"])
        self.assertEqual(set(order.order_line.mapped("discount")), {tier + 10})
        with self.assertRaises(UserError):
            order.order_line[:1].with_user(self.rep1).discount = tier + 20

    def test_lines_stay_within_the_period(self):
        with self.assertRaises(UserError):
            self.contract.with_user(self.rep1).write(
                {"line_ids": [(0, 0, {"slot_id": self.front.id, "date_start": date(2027, 12, 30),
                                      "date_end": date(2028, 1, 2)})]}
            )  # fmt: skip
        self.assertEqual(len(self.contract.line_ids), 2)
        with self.assertRaises(UserError):
            self.env["ad.contract"].with_user(self.rep1).create(
                {"partner_id": self.customer1.id, "date_start": date(2027, 1, 1), "date_end": date(2027, 1, 1)}
            ).action_sign()  # no placements

    def test_cancel(self):
        contract = self.contract.with_user(self.rep1)
        contract.action_sign()
        order = self.env["sale.order"].browse(contract.action_create_order()["res_id"])
        order.with_user(self.rep1).action_confirm()
        with self.assertRaises(UserError):
            contract.action_cancel()
        self.assertEqual(contract.state, "signed")
        order.sudo()._action_cancel()
        quotation = self.env["sale.order"].browse(contract.action_create_order()["res_id"])
        contract.action_cancel()
        self.assertEqual(contract.state, "cancelled")
        self.assertEqual(quotation.state, "cancel")
        self.assertEqual(set(quotation.order_line.ad_booking_ids.mapped("state")), {"cancelled"})

    def test_states_and_reminder_cron_is_idempotent(self):
        today = fields.Date.context_today(self.env["ad.contract"].with_user(self.rep1))  # the rep's day
        self.env["ir.config_parameter"].sudo().set_param("ad_media_crm.contract_reminder_days", 30)
        running = self._contract(self.rep1, self.customer1, today - timedelta(days=20), today + timedelta(days=20))
        later = self._contract(self.rep1, self.customer1, today - timedelta(days=20), today + timedelta(days=60))
        ending = self._contract(self.rep1, self.customer1, today - timedelta(days=30), today - timedelta(days=1))
        (running | later | ending).with_user(self.rep1).action_sign()
        self.assertEqual(running.state, "running")
        self.assertEqual(ending.state, "expired")
        # the office hands the customer over: the reminder goes to the owner, not the old salesperson
        self.customer1._ad_assign_owner(self.rep2, "test")
        Contract = self.env["ad.contract"]
        for _run in range(2):
            Contract._cron_ad_contracts()
        reminders = self.env["mail.activity"].search(
            [("res_model", "=", "ad.contract"), ("res_id", "in", (running | later | ending).ids)]
        )
        self.assertEqual(len(reminders), 1, "one reminder per contract and window, however often the cron runs")
        self.assertEqual(reminders.res_id, running.id)
        self.assertEqual(reminders.user_id, self.rep2)
        self.assertEqual(reminders.date_deadline, running.date_end)
        # extended: a new end date is a new window
        running.date_end = today + timedelta(days=25)
        Contract._cron_ad_contracts()
        Contract._cron_ad_contracts()
        reminders = self.env["mail.activity"].search(
            [("res_model", "=", "ad.contract"), ("res_id", "in", (running | later | ending).ids)]
        )
        self.assertEqual(len(reminders), 2)
        # renewing answers the reminder with a draft for the next period
        renewal = Contract.browse(running.with_user(self.rep2).action_renew()["res_id"])
        self.assertEqual(renewal.state, "draft")
        self.assertEqual(renewal.renewed_from_id, running)
        self.assertEqual(renewal.date_start, running.date_end + timedelta(days=1))
        self.assertEqual(renewal.line_ids[0].date_start, running.line_ids[0].date_start + timedelta(days=46))

    def test_rep_sees_contracts_of_his_customers_only(self):
        Contract = self.env["ad.contract"]
        other = self._contract(self.rep3, self.customer3, date(2027, 1, 1), date(2027, 6, 30))
        self.contract.with_user(self.rep1).action_sign()
        self.env["sale.order"].browse(self.contract.with_user(self.rep1).action_create_order()["res_id"])
        self.assertEqual(Contract.with_user(self.rep1).search([]), self.contract)
        self.assertEqual(Contract.with_user(self.rep3).search([]), other)
        self.assertFalse(Contract.with_user(self.rep3).name_search(self.contract.name))
        groups = Contract.with_user(self.rep3).read_group([], ["amount_committed:sum"], ["partner_id"])
        self.assertEqual([g["partner_id"][0] for g in groups], [self.customer3.id])
        with self.assertRaises(AccessError):
            self.contract.with_user(self.rep3).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.contract.line_ids.with_user(self.rep3).read(["price_unit"])
        self.assertFalse(self.env["ad.booking"].with_user(self.rep3).search([("contract_line_id", "!=", False)]))
        self.assertEqual(Contract.with_user(self.manager1).search([]), self.contract)  # his team's
        mine = [("partner_id", "in", (self.customer1 | self.customer3).ids)]  # the demo data has others
        self.assertEqual(Contract.with_user(self.office).search(mine), self.contract | other)
        # nor can a rep write a contract for another rep's customer
        with self.assertRaises(UserError):
            self._contract(self.rep3, self.customer1, date(2027, 1, 1), date(2027, 1, 31))

    def _printed_page(self, report):
        html = report._render_qweb_html(report.report_name, self.contract.ids)[0]
        return " ".join(lxml.html.fromstring(html).xpath("//div[hasclass('page')]")[0].text_content().split())

    def test_pdf_in_chinese_and_english(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["ad_media_crm"], ["zh_CN"], overwrite=True)
        report = self.env.ref("ad_media_crm.action_report_ad_contract")
        self.customer1.lang = "en_US"
        page = self._printed_page(report)
        self.assertIn(f"Advertising Contract {self.contract.name}", page)
        self.assertIn("[FP-H] Evening News / Front page half", page)
        self.assertIn("3,000.00", page)
        self.customer1.lang = "zh_CN"
        page = self._printed_page(report)
        self.assertIn(f"广告认刊书 {self.contract.name}", page)
        self.assertIn("认刊金额", page)
        self.assertNotIn("Committed Amount", page)
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed: the HTML above is what it would print")
        # wkhtmltopdf would fetch the style sheets from this very server, which builds them in
        # another transaction, blocked by this one: point it at a closed port (no style, same PDF)
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, self.contract.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        self.assertGreater(len(pdf), 5000)
