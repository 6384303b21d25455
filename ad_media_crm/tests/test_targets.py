from contextlib import contextmanager
from datetime import date

from psycopg2.errors import ExclusionViolation

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestTargets(AdMediaCommon):
    """Targets per salesperson or team, period and category: entered by managers, imported,
    copied to the next period, never twice for the same period; reps read their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sports = cls.env["product.category"].create({"name": "Sports events"})
        cls.programme = cls.env["product.category"].create({"name": "New programme ads"})
        Target = cls.env["ad.target"]
        cls.target1 = Target.create({"user_id": cls.rep1.id, "date_from": "2025-03-01", "amount": 100000})
        cls.target1_sports = Target.create(
            {"user_id": cls.rep1.id, "date_from": "2025-03-01", "categ_id": cls.sports.id, "amount": 40000}
        )
        cls.target2 = Target.create(
            {"user_id": cls.rep2.id, "period_type": "quarter", "date_from": "2025-01-01", "amount": 90000}
        )
        cls.target3 = Target.create({"user_id": cls.rep3.id, "date_from": "2025-03-01", "amount": 120000})

    @contextmanager
    def assertRefused(self, message):
        """Like assertRaisesRegex, with Odoo's savepoint around the refused operation."""
        with self.assertRaises(ValidationError) as caught:
            yield
        self.assertIn(message, str(caught.exception))

    def test_period_fills_the_dates(self):
        self.assertEqual((self.target1.date_from, self.target1.date_to), (date(2025, 3, 1), date(2025, 3, 31)))
        self.assertEqual(self.target1.team_id, self.team1, "a rep's target belongs to his team")
        self.assertEqual((self.target2.date_to, self.target2.period), (date(2025, 3, 31), "2025 Q1"))
        target = self.env["ad.target"].create(
            {"user_id": self.rep1.id, "period_type": "year", "date_from": "2024-05-17", "amount": 1}
        )
        self.assertEqual(
            (target.date_from, target.date_to, target.period), (date(2024, 1, 1), date(2024, 12, 31), "2024")
        )
        target.write({"period_type": "quarter", "date_from": "2024-08-20"})
        self.assertEqual(
            (target.date_from, target.date_to, target.period), (date(2024, 7, 1), date(2024, 9, 30), "2024 Q3")
        )

    def test_overlapping_target_refused(self):
        Target = self.env["ad.target"].with_user(self.manager1)
        with self.assertRefused("overlaps the existing target"):
            Target.create({"user_id": self.rep1.id, "date_from": "2025-03-15", "amount": 1})
        with self.assertRefused("overlaps the existing target"):  # a quarter over March
            Target.create({"user_id": self.rep1.id, "period_type": "quarter", "date_from": "2025-01-01", "amount": 1})
        # control: another category, another period, another rep, the team's own target
        Target.create({"user_id": self.rep1.id, "date_from": "2025-03-01", "categ_id": self.programme.id, "amount": 1})
        Target.create({"user_id": self.rep1.id, "date_from": "2025-04-01", "amount": 1})
        Target.create({"user_id": self.rep2.id, "date_from": "2025-04-01", "amount": 1})
        Target.create({"team_id": self.team1.id, "date_from": "2025-03-01", "amount": 1})
        with self.assertRefused("overlaps the existing target"):
            Target.create({"team_id": self.team1.id, "period_type": "year", "date_from": "2025-01-01", "amount": 1})
        with self.assertRefused("A team's target is overall"):
            Target.create(
                {"team_id": self.team1.id, "date_from": "2025-05-01", "categ_id": self.sports.id, "amount": 1}
            )

    def test_managers_reach_no_other_teams_target(self):
        """Another team's salesperson: refused before any constraint can answer (no overlap
        message naming his target), also by naming one's own team; a salesperson's target
        carries his team."""
        Target = self.env["ad.target"].with_user(self.manager1)
        clashing = {"user_id": self.rep3.id, "date_from": "2025-03-01", "amount": 1}  # target3's month
        for values in (clashing, {**clashing, "team_id": self.team1.id}):
            with self.assertRaises(AccessError) as refusal:
                Target.create(values)
            self.assertNotIn(self.target3.display_name, str(refusal.exception))
        with self.assertRaises(AccessError):
            self.target2.with_user(self.manager1).write({"user_id": self.rep3.id})
        with self.assertRaises(ValidationError):  # the office too: the team follows the salesperson
            self.env["ad.target"].with_user(self.office).create({**clashing, "date_from": "2025-07-01",
                                                                 "team_id": self.team1.id})  # fmt: skip
        # control: his own rep's clash is named, as he may read it
        with self.assertRefused(self.target2.display_name):
            Target.create({"user_id": self.rep2.id, "date_from": self.target2.date_from, "amount": 1})

    @mute_logger("odoo.sql_db")
    def test_overlap_excluded_by_the_database(self):
        """Two transactions that both passed the Python check still cannot both commit."""
        self.env.flush_all()
        with self.assertRaises(ExclusionViolation), self.env.cr.savepoint():
            self.env.cr.execute("SET CONSTRAINTS ad_target_no_overlap IMMEDIATE")  # as at commit
            self.env.cr.execute(
                """INSERT INTO ad_target (user_id, team_id, company_id, period_type, date_from, date_to, amount)
                   VALUES (%s, %s, %s, 'month', '2025-03-01', '2025-03-31', 1)""",
                (self.rep1.id, self.team1.id, self.env.company.id),
            )

    def test_copy_to_next_period(self):
        targets = (self.target1 | self.target1_sports | self.target2).with_user(self.manager1)
        action = targets.action_copy_next_period()
        copies = self.env["ad.target"].search(action["domain"])
        self.assertEqual(len(copies), 3)
        self.assertEqual(
            {(t.user_id.id, t.categ_id.id, t.period_type, t.date_from, t.date_to, t.amount) for t in copies},
            {
                (self.rep1.id, False, "month", date(2025, 4, 1), date(2025, 4, 30), 100000),
                (self.rep1.id, self.sports.id, "month", date(2025, 4, 1), date(2025, 4, 30), 40000),
                (self.rep2.id, False, "quarter", date(2025, 4, 1), date(2025, 6, 30), 90000),
            },
        )
        # again: the next period is taken, nothing is copied
        with self.assertRefused("overlaps the existing target"):
            targets.action_copy_next_period()
        self.assertEqual(self.env["ad.target"].search_count([("date_from", "=", "2025-04-01")]), 3)

    def test_import(self):
        """A spreadsheet's rows through Odoo's import (load), by names; a bad row refuses the file."""
        result = (
            self.env["ad.target"]
            .with_user(self.manager1)
            .load(
                ["user_id", "period_type", "date_from", "categ_id", "amount"],
                [
                    ["Rep One", "Month", "2025-05-01", "", "110000"],
                    ["Rep One", "Month", "2025-05-01", "Sports events", "45000"],
                    ["Rep Two", "Quarter", "2025-04-01", "", "95000"],
                ],
            )
        )
        self.assertEqual(result["messages"], [])
        imported = self.env["ad.target"].browse(result["ids"])
        self.assertEqual(
            [(t.user_id, t.team_id, t.categ_id.name, t.period, t.amount) for t in imported],
            [
                (self.rep1, self.team1, False, "2025-05", 110000),
                (self.rep1, self.team1, "Sports events", "2025-05", 45000),
                (self.rep2, self.team1, False, "2025 Q2", 95000),
            ],
        )
        result = (
            self.env["ad.target"]
            .with_user(self.manager1)
            .load(["user_id", "period_type", "date_from", "amount"], [["Rep One", "Month", "2025-05-01", "1"]])
        )
        self.assertFalse(result["ids"])
        self.assertIn("overlaps the existing target", result["messages"][0]["message"])

    def test_rep_reads_own_targets_only(self):
        Target = self.env["ad.target"].with_user(self.rep1)
        self.assertEqual(Target.search([]), self.target1 | self.target1_sports)
        groups = Target.read_group([], ["amount:sum"], ["user_id"])
        self.assertEqual([(g["user_id"][0], g["amount"]) for g in groups], [(self.rep1.id, 140000)])
        self.assertEqual(self.target1.with_user(self.rep1).read(["amount"])[0]["amount"], 100000)
        with self.assertRaises(AccessError):
            self.target2.with_user(self.rep1).read(["amount"])
        self.assertFalse(Target.name_search("Rep Two"))
        with self.assertRaises(AccessError):  # reps read, managers set
            self.target1.with_user(self.rep1).write({"amount": 1})
        with self.assertRaises(AccessError):
            Target.create({"user_id": self.rep1.id, "date_from": "2025-06-01", "amount": 1})

    def test_manager_sets_his_teams_targets(self):
        Target = self.env["ad.target"].with_user(self.manager1)
        self.assertEqual(Target.search([]), self.target1 | self.target1_sports | self.target2)
        with self.assertRaises(AccessError):
            self.target3.with_user(self.manager1).read(["amount"])
        self.target2.with_user(self.manager1).write({"amount": 99000})
        self.assertEqual(self.target2.amount, 99000)
        with self.assertRaises(AccessError):
            self.target3.with_user(self.manager1).write({"amount": 1})
        with self.assertRaises(AccessError):
            Target.create({"user_id": self.rep3.id, "date_from": "2025-06-01", "amount": 1})
        with self.assertRaises(AccessError):  # nor move a target to the other team
            self.target2.with_user(self.manager1).write({"team_id": self.team2.id})
        Target.create({"user_id": self.rep2.id, "date_from": "2025-06-01", "amount": 1})

    def test_director_and_office_see_all(self):
        every = self.target1 | self.target1_sports | self.target2 | self.target3
        for user in (self.director, self.office):
            self.assertEqual(self.env["ad.target"].with_user(user).search([]) & every, every)
        self.target3.with_user(self.director).write({"amount": 125000})
        self.assertEqual(self.target3.amount, 125000)
