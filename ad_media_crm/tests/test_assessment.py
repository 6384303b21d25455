from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestAssessment(AdMediaCommon):
    """A hand-computed March 2025 for rep1 (no taxes, company currency).

    Targets: overall 100,000; sports events 40,000; new programme ads 60,000.
    Coefficients: sports 1.0, programme 1.5.
    Orders confirmed in March: O1 = 3 sports + 1 programme = 50,000; O2 = 2 programme = 40,000.
    Invoices: O1 on 5 March (50,000); a credit note of 1 sports (10,000) on 20 March; O2 on
    28 March (40,000).
    Payments: O1 paid in full on 10 March; the credit note refunded to the customer on
    25 March; O2 paid 15,000 on 30 March, the rest open.

                    sports   programme   total    weighted   completion   score
      confirmed     30,000   60,000      90,000   120,000    90 %         120
      invoiced      20,000   60,000      80,000   110,000    80 %         110
      paid          20,000   35,000      55,000    72,500    55 %         72.5
    (paid: O1's 50,000 spread 30,000/20,000 over its lines, the refund -10,000 sports,
    O2's 15,000 programme.)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        cls.sports = Category.create({"name": "Sports events", "ad_incentive_coefficient": 1.0})
        cls.programme = Category.create({"name": "New programme ads", "ad_incentive_coefficient": 1.5})
        Product = cls.env["product.product"]
        product_vals = {"type": "service", "invoice_policy": "order", "taxes_id": [Command.clear()]}
        cls.p_sports = Product.create(
            dict(product_vals, name="Derby break 15 s", list_price=10000, categ_id=cls.sports.id)
        )
        cls.p_programme = Product.create(
            dict(product_vals, name="Finance column sponsorship", list_price=20000, categ_id=cls.programme.id)
        )
        Target = cls.env["ad.target"]
        march = {"user_id": cls.rep1.id, "date_from": "2025-03-01"}
        cls.targets = Target.create(
            [
                dict(march, amount=100000),
                dict(march, categ_id=cls.sports.id, amount=40000),
                dict(march, categ_id=cls.programme.id, amount=60000),
                {"user_id": cls.rep2.id, "period_type": "quarter", "date_from": "2025-01-01", "amount": 90000},
                {"user_id": cls.rep3.id, "date_from": "2025-03-01", "amount": 50000},
            ]
        )
        o1 = cls._confirmed(cls.customer1, cls.rep1, "2025-03-03", [(cls.p_sports, 3), (cls.p_programme, 1)])
        o2 = cls._confirmed(cls.customer1, cls.rep1, "2025-03-12", [(cls.p_programme, 2)])
        cls._confirmed(cls.customer2, cls.rep2, "2025-03-14", [(cls.p_sports, 1)])
        cls._confirmed(cls.customer3, cls.rep3, "2025-03-15", [(cls.p_programme, 1)])
        cls.april_order = cls._confirmed(cls.customer1, cls.rep1, "2025-04-02", [(cls.p_sports, 1)])
        cls._quotation(cls.customer1, cls.rep1, "2025-03-05", [(cls.p_programme, 5)])  # never confirmed

        invoice1 = cls._post(o1._create_invoices(), "2025-03-05")
        cls._pay(invoice1, "2025-03-10", 50000)
        refund = cls._post(
            cls.env["account.move"].create(
                {
                    "move_type": "out_refund",
                    "partner_id": cls.customer1.id,
                    "invoice_user_id": cls.rep1.id,
                    "team_id": cls.team1.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": cls.p_sports.id, "quantity": 1, "price_unit": 10000})
                    ],
                }
            ),
            "2025-03-20",
        )
        cls._pay(refund, "2025-03-25", 10000)
        invoice2 = cls._post(o2._create_invoices(), "2025-03-28")
        cls._pay(invoice2, "2025-03-30", 15000)
        cls.Report = cls.env["ad.assessment.report"]
        cls.Report._ad_refresh()

    # ------------------------------------------------------------
    # FIXTURE HELPERS
    # ------------------------------------------------------------

    @classmethod
    def _quotation(cls, partner, rep, day, lines):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": rep.id,
                "date_order": f"{day} 10:00:00",
                "order_line": [Command.create({"product_id": p.id, "product_uom_qty": qty}) for p, qty in lines],
            }
        )

    @classmethod
    def _confirmed(cls, partner, rep, day, lines):
        order = cls._quotation(partner, rep, day, lines)
        order.action_confirm()
        order.date_order = f"{day} 10:00:00"  # confirmation sets it to now
        return order

    @classmethod
    def _post(cls, move, day):
        move.invoice_date = day
        move.action_post()
        return move

    @classmethod
    def _pay(cls, move, day, amount):
        cls.env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
            {"payment_date": day, "amount": amount}
        )._create_payments()

    def _march(self, user=None, groupby=("user_id",)):
        """rep1's (or the user's) March 2025, grouped: {group key: {measure: value}}."""
        Report = self.Report.with_user(user) if user else self.Report
        groups = Report.read_group(
            [("date", "=", "2025-03-01")] + ([] if user else [("user_id", "=", self.rep1.id)]),
            ["achieved:sum", "weighted_achieved:sum", "target_amount:sum", "completion", "score",
             "categ_completion", "categ_target_amount:sum"],
            list(groupby),
            lazy=False,
        )  # fmt: skip
        return {
            tuple(g[f] and g[f][0] for f in groupby): {
                name: round(g[name], 2)
                for name in (
                    "achieved",
                    "weighted_achieved",
                    "target_amount",
                    "completion",
                    "score",
                    "categ_completion",
                )
            }
            for g in groups
        }

    def _set_basis(self, basis):
        self.env.company.ad_assessment_basis = basis

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    def test_confirmed_basis(self):
        self._set_basis("confirmed")
        self.assertEqual(
            self._march()[(self.rep1.id,)],
            {"achieved": 90000, "weighted_achieved": 120000, "target_amount": 100000, "completion": 90,
             "score": 120, "categ_completion": 90},
        )  # fmt: skip
        per_category = self._march(groupby=("categ_id",))
        self.assertEqual(
            {key: (v["achieved"], v["weighted_achieved"], v["categ_completion"]) for key, v in per_category.items()},
            {(False,): (0, 0, 0), (self.sports.id,): (30000, 30000, 75), (self.programme.id,): (60000, 90000, 100)},
        )

    def test_invoiced_basis(self):
        self._set_basis("invoiced")
        self.assertEqual(
            self._march()[(self.rep1.id,)],
            {"achieved": 80000, "weighted_achieved": 110000, "target_amount": 100000, "completion": 80,
             "score": 110, "categ_completion": 80},
        )  # fmt: skip
        per_category = self._march(groupby=("categ_id",))
        self.assertEqual(per_category[(self.sports.id,)]["achieved"], 20000, "the credit note is deducted")
        self.assertEqual(per_category[(self.programme.id,)]["achieved"], 60000)

    def test_paid_basis(self):
        self._set_basis("paid")
        self.assertEqual(
            self._march()[(self.rep1.id,)],
            {"achieved": 55000, "weighted_achieved": 72500, "target_amount": 100000, "completion": 55,
             "score": 72.5, "categ_completion": 55},
        )  # fmt: skip
        per_category = self._march(groupby=("categ_id",))
        self.assertEqual(per_category[(self.sports.id,)]["achieved"], 20000, "the refund claws back 10,000")
        self.assertEqual(per_category[(self.sports.id,)]["categ_completion"], 50)
        self.assertEqual(per_category[(self.programme.id,)]["achieved"], 35000)
        self.assertEqual(per_category[(self.programme.id,)]["categ_completion"], 58.33)

    def test_paid_basis_credit_note_and_write_off(self):
        """April: invoice 10,000; a credit note of 4,000 set against it (the two cancel out);
        5,000 paid; the last 1,000 written off by a journal entry (not money: nothing)."""
        invoice = self._post(self.april_order._create_invoices(), "2025-04-03")
        receivable = invoice.line_ids.account_id.filtered(lambda a: a.account_type == "asset_receivable")
        credit_note = self._post(
            self.env["account.move"].create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.customer1.id,
                    "invoice_user_id": self.rep1.id,
                    "team_id": self.team1.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": self.p_sports.id, "quantity": 1, "price_unit": 4000})
                    ],
                }
            ),
            "2025-04-05",
        )
        (invoice | credit_note).line_ids.filtered(lambda l: l.account_id == receivable).reconcile()
        self._pay(invoice, "2025-04-08", 5000)
        expense = self.env["account.account"].search(
            [("account_type", "=", "expense"), ("company_ids", "in", self.env.company.id)], limit=1
        )
        write_off = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2025-04-09",
                "line_ids": [
                    Command.create({"account_id": receivable.id, "partner_id": self.customer1.id, "credit": 1000}),
                    Command.create({"account_id": expense.id, "debit": 1000}),
                ],
            }
        )
        write_off.action_post()
        (invoice | write_off).line_ids.filtered(lambda l: l.account_id == receivable and not l.reconciled).reconcile()
        self.assertEqual(invoice.payment_state, "paid")
        self.Report._ad_refresh()
        april = [("user_id", "=", self.rep1.id), ("date", "=", "2025-04-01")]
        for basis, achieved in (("confirmed", 10000), ("invoiced", 6000), ("paid", 5000)):
            self._set_basis(basis)
            groups = self.Report.read_group(april, ["achieved:sum"], ["categ_id"])
            self.assertEqual([(g["categ_id"][0], g["achieved"]) for g in groups], [(self.sports.id, achieved)], basis)

    def test_rows_add_up_to_the_month(self):
        """Each category row holds its share of the month's completion and score."""
        rows = self.Report.search([("user_id", "=", self.rep1.id), ("date", "=", "2025-03-01")])
        self.assertEqual(
            sorted((r.categ_id.id, r.achieved, r.target_amount, r.categ_target_amount, r.completion, r.score)
                   for r in rows),
            sorted([(False, 0, 100000, 0, 0, 0), (self.sports.id, 30000, 0, 40000, 30, 30),
                    (self.programme.id, 60000, 0, 60000, 60, 90)]),
        )  # fmt: skip
        self.assertEqual(rows._ad_totals()["score"], 120)

    def test_quarter_target_spread_over_months(self):
        """rep2's quarterly 90,000: 30,000 a month; the quarter adds up to it."""
        groups = self.Report.read_group(
            [("user_id", "=", self.rep2.id)], ["achieved:sum", "target_amount:sum", "completion"], ["date:quarter"]
        )
        self.assertEqual(
            [
                (g["date:quarter"], g["achieved"], round(g["target_amount"], 2), round(g["completion"], 2))
                for g in groups
            ],
            [("Q1 2025", 10000, 90000, 11.11)],
        )
        march = self._march(user=self.director, groupby=("user_id",))[(self.rep2.id,)]
        self.assertEqual((march["target_amount"], round(march["completion"], 2)), (30000, 33.33))

    def test_team_target(self):
        """team1's own target for March: its reps' 100,000 confirmed against 200,000."""
        self.env["ad.target"].create({"team_id": self.team1.id, "date_from": "2025-03-01", "amount": 200000})
        groups = self.Report.with_user(self.manager1).read_group(
            [("date", "=", "2025-03-01")], ["achieved:sum", "team_target_amount:sum", "team_completion"], ["team_id"]
        )
        self.assertEqual(
            [(g["team_id"][0], g["achieved"], g["team_target_amount"], g["team_completion"]) for g in groups],
            [(self.team1.id, 100000, 200000, 50)],
        )

    def test_coefficient_change_changes_score(self):
        self.programme.ad_incentive_coefficient = 2.0
        self.assertEqual(self._march()[(self.rep1.id,)]["score"], 150)

    def test_payroll_pdf(self):
        rows = self.Report.search([("user_id", "=", self.rep1.id), ("date", "=", "2025-03-01")])
        html = self.env["ir.actions.report"]._render_qweb_html("ad_media_crm.report_ad_assessment", rows.ids)[0]
        self.assertIn(b"Score: <span>120.0</span>", html)
        self.assertIn(b"Rep One", html)

    def test_export_for_payroll(self):
        rows = self.Report.with_user(self.manager1).search(
            [("user_id", "=", self.rep1.id), ("date", "=", "2025-03-01")]
        )
        exported = rows.export_data(["user_id", "categ_id", "achieved", "weighted_achieved"])["datas"]
        self.assertEqual(
            sorted(exported, key=str),
            sorted([["Rep One", "", 0.0, 0.0], ["Rep One", "Sports events", 30000.0, 30000.0],
                    ["Rep One", "New programme ads", 60000.0, 90000.0]], key=str),
        )  # fmt: skip

    # ------------------------------------------------------------
    # VISIBILITY
    # ------------------------------------------------------------

    def test_rep_sees_own_rows_only(self):
        Report = self.Report.with_user(self.rep1)
        self.assertEqual(set(Report.search([]).user_id), {self.rep1})
        self.assertEqual(list(self._march(user=self.rep1)), [(self.rep1.id,)])
        self.assertFalse(Report.search([("user_id", "=", self.rep2.id)]))
        rep2_row = self.Report.search([("user_id", "=", self.rep2.id)], limit=1)
        with self.assertRaises(AccessError):
            rep2_row.with_user(self.rep1).read(["achieved"])
        own_row = self.Report.search([("user_id", "=", self.rep1.id)], limit=1)
        self.assertEqual(own_row.with_user(self.rep1).read(["user_id"])[0]["user_id"][0], self.rep1.id)
        with self.assertRaises(AccessError):
            Report.action_refresh()

    def test_manager_sees_his_team(self):
        users = set(self._march(user=self.manager1))
        self.assertEqual(users, {(self.rep1.id,), (self.rep2.id,)})
        rep3_row = self.Report.search([("user_id", "=", self.rep3.id)], limit=1)
        with self.assertRaises(AccessError):
            rep3_row.with_user(self.manager1).read(["achieved"])

    def test_director_sees_all(self):
        self.assertTrue({(self.rep1.id,), (self.rep2.id,), (self.rep3.id,)} <= set(self._march(user=self.director)))

    def test_managers_set_coefficients_only(self):
        self.programme.with_user(self.manager1).write({"ad_incentive_coefficient": 1.8})
        self.assertEqual(self.programme.ad_incentive_coefficient, 1.8)
        self.programme.with_user(self.director).write({"name": "New programme and column ads"})  # sales manager
        with self.assertRaises(AccessError):  # the rest of the category stays with product managers
            self.programme.with_user(self.manager1).write({"name": "Easy ads"})
        with self.assertRaises(AccessError):
            self.programme.with_user(self.rep1).write({"ad_incentive_coefficient": 3.0})
        self.assertEqual(self.programme.ad_incentive_coefficient, 1.8)
