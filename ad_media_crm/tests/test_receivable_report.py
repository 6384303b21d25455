from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import AdMediaCommon


class ReceivableCommon(AdMediaCommon):
    """Invoices posted by finance for the customers of rep1 (customer1), rep2 (customer2) and
    rep3 (customer3), due on given days relative to today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.Report = cls.env["ad.receivable.report"]

    @classmethod
    def _invoice(cls, partner, amount, days_overdue=0, salesperson=None, move_type="out_invoice", date=None):
        due = cls.today - timedelta(days=days_overdue)
        invoice = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_user_id": (salesperson or partner.ad_owner_id).id,
                "invoice_date": date or min(due, cls.today),
                "invoice_date_due": due,
                "invoice_line_ids": [(0, 0, {"name": "Front page", "price_unit": amount, "tax_ids": [(6, 0, [])]})],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, invoices, amount=None, date=None):
        values = {"payment_date": date or cls.today}
        if amount is not None:
            values["amount"] = amount
        register = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(values)
        )
        return register._create_payments()

    @classmethod
    def _credit_note(cls, invoice, amount, date=None):
        reversal = (
            cls.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Make-good", "date": date or cls.today})
        )
        refund = cls.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.invoice_line_ids.price_unit = amount
        refund.action_post()
        return refund


@tagged("post_install", "-at_install")
class TestReceivableReport(ReceivableCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_not_due = cls._invoice(cls.customer1, 1000.0, days_overdue=-10)
        cls.inv_15 = cls._invoice(cls.customer1, 2000.0, days_overdue=15)
        cls.inv_45 = cls._invoice(cls.customer1, 4000.0, days_overdue=45)
        cls.inv_100 = cls._invoice(cls.customer1, 8000.0, days_overdue=100)
        cls.inv_c2 = cls._invoice(cls.customer2, 500.0, days_overdue=20)
        cls.inv_c3 = cls._invoice(cls.customer3, 700.0, days_overdue=5)

    def _figures(self, user, partner):
        """(open, overdue) of ``partner`` as ``user`` reads them in the report."""
        Report = self.Report.with_user(user)
        domain = [("partner_id", "=", partner.id)]
        total = Report.read_group(domain, ["amount_residual:sum"], [])[0]["amount_residual"] or 0.0
        overdue = Report.read_group([*domain, ("days_overdue", ">", 0)], ["amount_residual:sum"], [])[0]
        return total, overdue["amount_residual"] or 0.0

    def _odoo_figures(self, partner):
        """The same from Odoo's own balances: residual of the invoices and credit notes,
        plus the payments not matched with any (negative)."""
        moves = self.env["account.move"].search(
            [("commercial_partner_id", "=", partner.id), ("state", "=", "posted"),
             ("move_type", "in", ("out_invoice", "out_refund"))]
        )  # fmt: skip
        total = sum(moves.mapped("amount_residual_signed"))
        overdue = sum(m.amount_residual_signed for m in moves if m.invoice_date_due < self.today)
        unmatched = self.env["account.move.line"].search(
            [("partner_id", "=", partner.id), ("account_id.account_type", "=", "asset_receivable"),
             ("parent_state", "=", "posted"), ("move_id.move_type", "=", "entry"), ("reconciled", "=", False)]
        )  # fmt: skip
        return total + sum(unmatched.mapped("amount_residual")), overdue

    def assertFiguresMatch(self, step):
        expected = self._odoo_figures(self.customer1)
        for user in (self.rep1, self.manager1, self.accountant, self.director):
            total, overdue = self._figures(user, self.customer1)
            self.assertAlmostEqual(total, expected[0], msg=f"{step}: open amount as {user.login}")
            self.assertAlmostEqual(overdue, expected[1], msg=f"{step}: overdue as {user.login}")

    def test_figures_follow_payments_and_credit_notes(self):
        self.assertFiguresMatch("posted")
        self.assertEqual(self._figures(self.rep1, self.customer1), (15000.0, 14000.0))

        self._pay(self.inv_45, amount=1500.0)
        self.assertEqual(self.inv_45.payment_state, "partial")
        self.assertFiguresMatch("partial payment")
        self.assertEqual(self._figures(self.rep1, self.customer1), (13500.0, 12500.0))

        self._pay(self.inv_15)
        self.assertEqual(self.inv_15.payment_state, self.inv_15._get_invoice_in_payment_state())
        self.assertFiguresMatch("full payment")
        self.assertEqual(self._figures(self.rep1, self.customer1), (11500.0, 10500.0))
        self.assertFalse(self.Report.with_user(self.rep1).search([("move_id", "=", self.inv_15.id)]))

        refund = self._credit_note(self.inv_100, 3000.0)
        self.assertFiguresMatch("credit note")
        receivable = (self.inv_100 | refund).line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        if not receivable.full_reconcile_id and not receivable.matched_credit_ids:
            receivable.reconcile()
        self.assertFiguresMatch("credit note matched")
        self.assertEqual(self.inv_100.amount_residual, 5000.0)
        self.assertEqual(self._figures(self.rep1, self.customer1), (8500.0, 7500.0))

        loose = self._invoice(self.customer1, 200.0, move_type="out_refund")  # not matched with an invoice
        self.assertFiguresMatch("open credit note")
        row = self.Report.with_user(self.rep1).search([("move_id", "=", loose.id)])
        self.assertEqual((row.amount_residual, row.ageing), (-200.0, "not_due"))
        self.assertEqual(self._figures(self.rep1, self.customer1), (8300.0, 7500.0))

        payment = self._pay(self.inv_not_due, amount=2500.0)  # more than due: 1,500 on account
        self.assertFiguresMatch("overpayment")
        self.assertEqual(self._figures(self.rep1, self.customer1)[0], 5800.0)
        self.assertEqual(
            self.Report.with_user(self.rep1).search([("move_id", "=", payment.move_id.id)]).amount_residual, -1500.0
        )

    def test_ageing_boundaries(self):
        expected = {0: "not_due", 1: "1_30", 30: "1_30", 31: "31_60", 60: "31_60", 61: "61_90", 90: "61_90",
                    91: "over_90", -1: "not_due"}  # fmt: skip
        invoices = {days: self._invoice(self.customer1, 10.0, days_overdue=days) for days in expected}
        rows = self.Report.with_user(self.rep1).search([("move_id", "in", [i.id for i in invoices.values()])])
        by_move = {row.move_id: row for row in rows}
        for days, ageing in expected.items():
            row = by_move[invoices[days]]
            self.assertEqual((row.ageing, row.days_overdue), (ageing, max(days, 0)), f"due {days} days ago")
            self.assertEqual(row.date_maturity, invoices[days].invoice_date_due)

    def test_rows_name_the_customer_owner_and_salesperson(self):
        row = self.Report.search([("move_id", "=", self.inv_15.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(
            (row.partner_id, row.ad_owner_id, row.ad_team_id, row.user_id, row.invoice_date, row.ad_managed),
            (self.customer1, self.rep1, self.team1, self.rep1, self.inv_15.invoice_date, True),
        )
        # a payment from a contact counts for its company
        payment = self.env["account.payment"].create(
            {"payment_type": "inbound", "partner_type": "customer", "partner_id": self.contact1.id, "amount": 100.0}
        )
        payment.action_post()
        row = self.Report.with_user(self.rep1).search([("move_id", "=", payment.move_id.id)])
        self.assertEqual((row.partner_id, row.amount_residual, row.ad_owner_id), (self.customer1, -100.0, self.rep1))

    def test_rep_sees_only_his_customers_receivables(self):
        Report = self.Report.with_user(self.rep1)
        own = self.Report.search([("partner_id", "=", self.customer1.id)])
        other = self.Report.search([("partner_id", "=", self.customer2.id)])
        self.assertEqual(len(own), 4)
        self.assertEqual(len(other), 1)
        # search, read_group, name_search: nothing of customer2
        self.assertFalse(Report.search([("partner_id", "=", self.customer2.id)]))
        self.assertFalse(Report.search([("id", "in", other.ids)]))
        self.assertEqual(
            Report.read_group([("partner_id", "=", self.customer2.id)], ["amount_residual:sum"], [])[0]["__count"], 0
        )
        groups = Report.read_group([], ["amount_residual:sum"], ["partner_id"])
        self.assertNotIn(self.customer2.id, [g["partner_id"][0] for g in groups if g["partner_id"]])
        self.assertIn(self.customer1.id, [g["partner_id"][0] for g in groups if g["partner_id"]])
        self.assertFalse(Report.name_search(self.inv_c2.name))
        # read by id, export: refused
        with self.assertRaises(AccessError):
            Report.browse(other.ids).read(["amount_residual"])
        with self.assertRaises(AccessError):  # export needs a manager (group_allow_export): manager2 is not rep2's
            self.Report.with_user(self.manager2).browse(other.ids).export_data(["amount_residual", "partner_id"])
        with self.assertRaises(AccessError):
            self.customer2.with_user(self.rep1).ad_receivable_amount  # noqa: B018
        # control: the same calls on his own customer
        self.assertEqual(Report.search([("partner_id", "=", self.customer1.id)]), own)
        self.assertEqual(len(Report.browse(own.ids).read(["amount_residual"])), 4)
        export = self.Report.with_user(self.manager1).browse(other.ids).export_data(["partner_id"])
        self.assertEqual(export["datas"], [[self.customer2.display_name]])
        self.assertEqual(self.customer1.with_user(self.rep1).ad_receivable_amount, 15000.0)
        self.assertEqual(self.customer1.with_user(self.rep1).ad_overdue_amount, 14000.0)
        row_15 = own.filtered(lambda r: r.move_id == self.inv_15)
        self.assertEqual(Report.name_search(self.inv_15.name)[0][0], row_15.id)

    def test_manager_sees_his_team_finance_sees_all(self):
        partners = self.customer1 | self.customer2 | self.customer3
        domain = [("partner_id", "in", partners.ids)]
        seen = {
            user.login: self.Report.with_user(user).search(domain).partner_id
            for user in (self.manager1, self.manager2, self.rep2, self.accountant, self.director, self.office)
        }
        self.assertEqual(seen["ad_manager1"], self.customer1 | self.customer2)
        self.assertEqual(seen["ad_manager2"], self.customer3)
        self.assertEqual(seen["ad_rep2"], self.customer2)
        for login in ("ad_accountant", "ad_director", "ad_office"):
            self.assertEqual(seen[login], partners, login)
        groups = self.Report.with_user(self.manager1).read_group(domain, ["amount_residual:sum"], ["ad_owner_id"])
        self.assertEqual({g["ad_owner_id"][0]: g["amount_residual"] for g in groups},
                         {self.rep1.id: 15000.0, self.rep2.id: 500.0})  # fmt: skip

    def test_contract_receivables_action(self):
        """The contract's button lists the open items of the invoices of its orders."""
        contract = self.env["ad.contract"].create(
            {"partner_id": self.customer1.id, "user_id": self.rep1.id, "date_start": self.today,
             "date_end": self.today + timedelta(days=30)}
        )  # fmt: skip
        order = self._order(self.customer1, self.rep1)
        order.ad_contract_id = contract
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        action = self.env.ref("ad_media_crm.action_ad_receivable_report_contract")
        domain = safe_eval(action.domain, {"active_id": contract.id})
        rows = self.Report.with_user(self.rep1).search(domain)
        self.assertEqual(rows.move_id, invoice)
        self.assertEqual(sum(rows.mapped("amount_residual")), invoice.amount_residual)

    def _plan(self, user):
        query = self.Report.with_user(user)._search([])
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        return "\n".join(row[0] for row in self.env.cr.fetchall())

    def test_rep_and_manager_queries_use_indexes(self):
        """With sequential scans disabled and without the company index (every row of a
        one-company database matches it), the journal items are still reached through an
        index (PostgreSQL falls back to a sequential scan only when no index applies): the
        partial open-item indexes of the view's init(), else the mixin's owner/team ones."""
        self.env.flush_all()
        with self.assertRaises(_Rollback), self.env.cr.savepoint():
            self.env.cr.execute("SET LOCAL enable_seqscan = off")
            self.env.cr.execute("DROP INDEX IF EXISTS account_move_line__company_id_index")
            for user in (self.rep1, self.manager1):
                plan = self._plan(user)
                self.assertNotIn("Seq Scan on account_move_line", plan, plan)
                indexed = r"(Index Scan using account_move_line_\w+|Bitmap Heap Scan) on account_move_line"
                self.assertRegex(plan, indexed)
            raise _Rollback

    def test_finance_ageing_pivot_reads_only_the_covering_index(self):
        """Finance's ageing pivot sums every open item by owner and bucket. Left with the owner
        index alone (and the primary key), PostgreSQL plans its queries as index-only scans of
        it (it makes an index-only path whenever the index holds every column the query reads):
        no column the view reads from the items is missing from the index."""
        self.env.flush_all()
        Report = self.Report.with_user(self.accountant)
        queries = []
        cursor_class = type(self.env.cr)
        execute = cursor_class.execute

        def spy(cr, query, params=None, log_exceptions=True):
            if cr is self.env.cr and "ad_receivable_report" in str(getattr(query, "code", query)):
                queries.append(query)
            return execute(cr, query, params, log_exceptions)

        with patch.object(cursor_class, "execute", spy):
            for groupby in ([], ["ad_owner_id"], ["ageing"], ["ad_owner_id", "ageing"]):
                Report.read_group([], ["amount_residual:sum"], groupby, lazy=False)
        self.assertEqual(len(queries), 4)
        with self.assertRaises(_Rollback), self.env.cr.savepoint():
            self.env.cr.execute("SET LOCAL enable_seqscan = off")
            self.env.cr.execute("SET LOCAL enable_bitmapscan = off")
            self.env.cr.execute(
                """SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    WHERE i.indrelid = 'account_move_line'::regclass AND NOT i.indisunique
                      AND c.relname != 'account_move_line_ad_open_owner_idx'"""
            )
            for (index,) in self.env.cr.fetchall():
                self.env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(index)))
            for query in queries:
                self.env.cr.execute(SQL("EXPLAIN %s", query))
                plan = "\n".join(row[0] for row in self.env.cr.fetchall())
                self.assertIn("Index Only Scan using account_move_line_ad_open_owner_idx", plan, plan)
            raise _Rollback


class _Rollback(Exception):
    """Undoes the index drop of a query-plan check."""
