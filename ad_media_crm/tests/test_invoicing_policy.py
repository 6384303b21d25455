from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from .common import AdInventoryCommon

# noon in Shanghai (04:00 UTC) of a day: the same date in both time zones
NOON = "%s 04:00:00"


@tagged("post_install", "-at_install")
class TestInvoicingPolicy(AdInventoryCommon):
    """An order of three runs at 100 a unit: February (9 units, 20–28), March into April
    (10 units, 25 March – 3 April), April (5 units, 1–5); confirmed on 1 February 2027."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "Asia/Shanghai"
        cls.product.taxes_id = False
        cls.env.user.tz = "UTC"  # the company's time zone decides, not the user's

    def _placement_order(self, policy):
        runs = [
            (self.front, date(2027, 2, 20), date(2027, 2, 28), 9),
            (self.spots, date(2027, 3, 25), date(2027, 4, 3), 10),
            (self.front, date(2027, 4, 1), date(2027, 4, 5), 5),
        ]
        with freeze_time(NOON % "2027-02-01"):
            order = (
                self.env["sale.order"]
                .with_user(self.rep1)
                .create(
                    {
                        "partner_id": self.customer1.id,
                        "ad_invoice_policy": policy,
                        "order_line": [
                            (0, 0, {"product_id": self.product.id, "ad_slot_id": slot.id, "ad_date_start": start,
                                    "ad_date_end": end, "product_uom_qty": units, "price_unit": 100.0})
                            for slot, start, end, units in runs
                        ],
                    }
                )
            )  # fmt: skip
            order.action_confirm()
        # the order is the team leader's now: the invoice still goes to the customer's owner
        order.sudo().user_id = self.manager1
        return order

    def _wizard_invoice(self, order, user):
        """Invoice through Odoo's "Create Invoice" wizard (regular invoice) as ``user``."""
        before = order.invoice_ids
        wizard = Form(
            self.env["sale.advance.payment.inv"]
            .with_user(user)
            .with_context(active_model="sale.order", active_ids=order.ids, active_id=order.id)
        ).save()
        wizard.create_invoices()
        return order.invoice_ids - before

    def _lines_quantities(self, invoice):
        return [(line.sale_line_ids.ad_date_start, line.quantity) for line in invoice.invoice_line_ids]

    def test_company_default_and_protection(self):
        self.env.company.ad_invoice_policy = "monthly"
        order = self._order(self.customer1, self.rep1)
        self.assertEqual(order.ad_invoice_policy, "monthly", "defaulted from the company setting")
        order.ad_invoice_policy = "per_run"  # a quotation: the rep agrees it with the customer
        order.action_confirm()
        with self.assertRaises(AccessError):
            order.write({"ad_invoice_policy": "advance"})
        order.with_user(self.accountant).write({"ad_invoice_policy": "completion"})
        self.assertEqual(order.ad_invoice_policy, "completion")

    def test_per_run(self):
        order = self._placement_order("per_run")
        first, second, third = order.order_line
        self.assertEqual(first.qty_delivered_method, "ad_runs")
        for user in (self.rep1, self.accountant):  # what ran is not typed in
            with self.assertRaises(AccessError):
                second.with_user(user).write({"qty_delivered": 10.0})
        with freeze_time(NOON % "2027-03-15"):
            invoice = self._wizard_invoice(order, self.manager1)
            self.assertEqual(self._lines_quantities(invoice), [(date(2027, 2, 20), 9.0)])
            self.assertEqual(invoice.amount_untaxed, 900.0)
            self.assertIn("Run 02/20/2027 – 02/28/2027", invoice.invoice_line_ids.name)
            self.assertEqual(invoice.invoice_user_id, self.rep1, "the customer's owner, not the order's salesperson")
            self.assertEqual(invoice.state, "draft")
            self.assertFalse(order.env["sale.order"]._cron_ad_invoice_runs(), "nothing more has run")
            with self.assertRaises(UserError):
                self._wizard_invoice(order, self.manager1)
        with freeze_time(NOON % "2027-04-04"):
            invoices = self.env["sale.order"]._cron_ad_invoice_runs()
            self.assertEqual(self._lines_quantities(invoices), [(date(2027, 3, 25), 10.0)])
            self.assertEqual(invoices.invoice_user_id, self.rep1)
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs(), "a re-run invoices nothing twice")
        invoices = self.env["sale.order"]._cron_ad_invoice_runs(today=date(2027, 4, 6))
        self.assertEqual(self._lines_quantities(invoices), [(date(2027, 4, 1), 5.0)])
        self.assertEqual((first.qty_invoiced, second.qty_invoiced, third.qty_invoiced), (9.0, 10.0, 5.0))
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(sum(order.invoice_ids.mapped("amount_untaxed")), 2400.0)

    def test_run_judged_on_the_company_local_date(self):
        order = self._placement_order("per_run")
        # 23:59 in Shanghai on the run's last day: it has not run yet
        with freeze_time("2027-02-28 15:59:00"):
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs())
        self.assertEqual(order.order_line[0].qty_delivered, 0.0)
        # 2027-03-01 00:30 in Shanghai is still 28 February in UTC: the February run has run
        with freeze_time("2027-02-28 16:30:00"):
            invoices = self.env["sale.order"]._cron_ad_invoice_runs()
        self.assertEqual(self._lines_quantities(invoices), [(date(2027, 2, 20), 9.0)])

    def test_monthly(self):
        order = self._placement_order("monthly")
        with freeze_time(NOON % "2027-02-27"):
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs(), "February is not over")
        with freeze_time(NOON % "2027-03-01"):
            march = self.env["sale.order"]._cron_ad_invoice_runs()
        self.assertEqual(self._lines_quantities(march), [(date(2027, 2, 20), 9.0)])
        with freeze_time(NOON % "2027-03-31"):
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs(), "March is not over")
        with freeze_time(NOON % "2027-04-01"):
            april = self._wizard_invoice(order, self.office)
            self.assertEqual(self._lines_quantities(april), [(date(2027, 3, 25), 7.0)], "7 of its 10 dates ran")
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs(), "invoiced by hand: not twice")
        with freeze_time(NOON % "2027-05-02"):
            may = self.env["sale.order"]._cron_ad_invoice_runs()
            self.assertEqual(self._lines_quantities(may), [(date(2027, 3, 25), 3.0), (date(2027, 4, 1), 5.0)])
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs())
        self.assertEqual([i.amount_untaxed for i in march | april | may], [900.0, 700.0, 800.0])
        self.assertEqual(set((march | april | may).mapped("invoice_user_id")), {self.rep1})
        self.assertEqual(order.invoice_status, "invoiced")

    def test_completion(self):
        order = self._placement_order("completion")
        with freeze_time(NOON % "2027-04-05"):
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs(), "the last run runs today")
            with self.assertRaises(UserError):
                self._wizard_invoice(order, self.rep1)
            self.assertEqual(order.order_line.mapped("qty_delivered"), [0.0, 0.0, 0.0])
        with freeze_time(NOON % "2027-04-06"):
            invoice = self.env["sale.order"]._cron_ad_invoice_runs()
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs())
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.amount_untaxed, 2400.0)
        self.assertEqual(invoice.invoice_user_id, self.rep1)

    def test_advance_invoices_as_ordered(self):
        order = self._placement_order("advance")
        with freeze_time(NOON % "2027-02-24"):
            self.assertFalse(self.env["sale.order"]._cron_ad_invoice_runs(), "the cron leaves advance orders alone")
            order.order_line._ad_refresh_delivered()
            self.assertEqual(order.order_line[0].qty_delivered, 4.0, "what ran so far, for information")
            invoice = self._wizard_invoice(order, self.rep1)
        self.assertEqual(invoice.amount_untaxed, 2400.0)

    def test_free_replacement_run_is_not_invoiced(self):
        order = self._placement_order("per_run")
        first = order.order_line[0]
        with freeze_time(NOON % "2027-03-02"):
            invoice = self.env["sale.order"]._cron_ad_invoice_runs()
            invoice.with_user(self.accountant).action_post()
            make_good = (
                self.env["ad.make.good"]
                .with_user(self.manager1)
                .create({"sale_line_id": first.id, "reason": "Ran on page 3", "date_start": date(2027, 3, 5),
                         "date_end": date(2027, 3, 5)})
            )  # fmt: skip
            make_good.action_apply()
        replacement = make_good.replacement_line_id
        self.assertTrue(replacement)
        invoices = self.env["sale.order"]._cron_ad_invoice_runs(today=date(2027, 3, 10))
        self.assertFalse(invoices, "the replacement ran but is free")
        replacement.with_context(ad_today=date(2027, 3, 10))._ad_refresh_delivered()
        self.assertEqual((replacement.qty_delivered, replacement.qty_to_invoice), (1.0, 0.0))
        self.assertEqual(replacement.invoice_status, "invoiced")
        self.assertFalse(replacement.invoice_lines)

    def test_payments_and_credit_notes(self):
        order = self._placement_order("monthly")
        invoice = self.env["sale.order"]._cron_ad_invoice_runs(today=date(2027, 3, 1))
        self.assertEqual(invoice.amount_total, 900.0)
        invoice.with_user(self.accountant).action_post()
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (900.0, "not_paid"))

        def pay(amount):
            register = self.env["account.payment.register"].with_user(self.accountant)
            wizard = register.with_context(active_model="account.move", active_ids=invoice.ids).create(
                {"amount": amount, "payment_date": date(2027, 3, 10)}
            )
            wizard.action_create_payments()

        pay(400.0)
        self.assertEqual((invoice.amount_residual, invoice.payment_state), (500.0, "partial"))
        pay(500.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

        # the April invoice is partly credited by a make-good, then fully by Odoo's credit note
        april = self.env["sale.order"]._cron_ad_invoice_runs(today=date(2027, 4, 1))
        april.with_user(self.accountant).action_post()
        make_good = (
            self.env["ad.make.good"]
            .with_user(self.manager1)
            .create({"sale_line_id": order.order_line[1].id, "reason": "Wrong creative", "remedy": "credit",
                     "amount": 100.0})
        )  # fmt: skip
        make_good.action_apply()
        refund = make_good.credit_note_id.with_user(self.accountant)
        refund.action_post()  # reconciled with the invoice it reverses
        self.assertEqual((april.amount_residual, april.payment_state), (600.0, "partial"))
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=april.ids)
            .create({"reason": "Campaign cancelled", "journal_id": april.journal_id.id})
        )
        reversal.refund_moves()
        credit_note = (april.reversal_move_ids - refund).with_user(self.accountant)
        self.assertEqual(credit_note.invoice_line_ids.sale_line_ids, order.order_line[1])
        credit_note.invoice_line_ids.write({"quantity": 6.0})  # what is still open: 600
        credit_note.action_post()
        self.assertEqual(april.amount_residual, 0.0)
        self.assertEqual(credit_note.amount_residual, 0.0)
        self.assertEqual(refund.amount_residual, 0.0)
        self.assertEqual(april.payment_state, "reversed")
        # the credited line is not invoiced again by the cron (accounting decides)
        self.assertEqual(order.order_line[1].qty_invoiced, 1.0)
        again = self.env["sale.order"]._cron_ad_invoice_runs(today=date(2027, 5, 1))
        self.assertEqual(self._lines_quantities(again), [(date(2027, 4, 1), 5.0)])

    def test_cron_batches_and_reports_progress(self):
        """The scheduled action drafts one batch per call and tells the cron runner what remains
        (the runner commits and calls again); outside a cron run it does all batches."""
        first = self._placement_order("per_run")
        with freeze_time(NOON % "2027-02-01"):
            second = self._ad_order(self.customer2, self.rep2, self.spots, date(2027, 3, 25), date(2027, 4, 3))
            second.ad_invoice_policy = "per_run"
            second.action_confirm()
        cron = self.env.ref("ad_media_crm.ir_cron_ad_invoice_runs")
        cron, progress = cron._add_progress()
        Order = self.env["sale.order"].with_context(ir_cron_progress_id=progress.id)
        with freeze_time(NOON % "2027-04-10"):
            invoices = Order._cron_ad_invoice_runs(batch_size=1)
            self.assertEqual(invoices.invoice_origin, first.name)
            self.assertEqual((progress.done, progress.remaining), (1, 1))
            invoices = Order._cron_ad_invoice_runs(batch_size=1)
            self.assertEqual(invoices.invoice_origin, second.name)
            self.assertEqual(invoices.invoice_user_id, self.rep2)
            self.assertEqual(progress.remaining, 0)
            self.assertFalse(Order._cron_ad_invoice_runs(batch_size=1))
            # the cron as scheduled: nothing left either
            cron.method_direct_trigger()
        self.assertEqual(len(first.invoice_ids), 1)
        self.assertEqual(len(second.invoice_ids), 1)
