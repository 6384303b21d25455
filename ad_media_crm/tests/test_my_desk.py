from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AdMediaCommon
from .test_ui_tour import DesktopAndPhone, _ad_user


def desk_figures(data, path=""):
    """(path, figure) for every figure of the desk data: a dict with a count and an action."""
    if isinstance(data, dict):
        if "action" in data and "count" in data:
            yield path, data
        for key, value in data.items():
            if key != "action":
                yield from desk_figures(value, f"{path}/{key}")


@tagged("post_install", "-at_install")
class TestMyDesk(AdMediaCommon):
    """The desk's figures are the user's own lists: rules apply, each figure equals its list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "UTC"  # the set-up's defaults (deadlines, dates) fall on the users' day
        cls.today = fields.Date.context_today(cls.env["res.users"].with_user(cls.rep1))
        cls.docs = {}
        for customer, rep in ((cls.customer1, cls.rep1), (cls.customer2, cls.rep2), (cls.customer3, cls.rep3)):
            order = cls._confirmed_order(customer, rep)
            invoice = order._create_invoices()
            invoice.action_post()
            contract = cls.env["ad.contract"].create(
                {"partner_id": customer.id, "user_id": rep.id, "date_start": cls.today - timedelta(days=300),
                 "date_end": cls.today + timedelta(days=10), "amount_committed": 5000.0}
            )  # fmt: skip
            contract.state = "running"
            customer.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=cls.today - timedelta(days=2), user_id=rep.id
            )
            customer.activity_schedule("mail.mail_activity_data_call", date_deadline=cls.today, user_id=rep.id)
            event = cls.env["calendar.event"].create(
                {"name": f"Visit {customer.name}", "start": datetime.combine(cls.today, time(10)),
                 "stop": datetime.combine(cls.today, time(11)), "partner_ids": [(6, 0, rep.partner_id.ids)]}
            )  # fmt: skip
            # an invoice of 40 days ago, due then: overdue (this month's is due today: due soon)
            late_order = cls._confirmed_order(customer, rep)
            late_order.date_order = fields.Datetime.now() - timedelta(days=62)
            late = late_order._create_invoices()
            late.write(
                {"invoice_date": cls.today - timedelta(days=40), "invoice_date_due": cls.today - timedelta(days=40)}
            )
            late.action_post()
            reminder = cls.env["ad.customer.reminder"].create(
                {"partner_id": customer.id, "user_id": rep.id, "date": cls.today + timedelta(days=3),
                 "note": f"Anniversary of {customer.name}"}
            )  # fmt: skip
            log = cls.env["ad.work.log"].create(
                {"partner_id": customer.id, "user_id": rep.id, "kind": "call", "summary": "Spring campaign"}
            )
            cls.docs[rep] = {"order": order, "invoice": invoice, "contract": contract, "event": event, "late": late,
                             "reminder": reminder, "log": log}  # fmt: skip
        # not this month, not expiring soon: not on the desk
        old = cls._confirmed_order(cls.customer1, cls.rep1)
        old.date_order = fields.Datetime.now() - timedelta(days=62)
        cls.env["ad.contract"].create(
            {"partner_id": cls.customer1.id, "user_id": cls.rep1.id, "date_start": cls.today,
             "date_end": cls.today + timedelta(days=200), "state": "running"}
        )  # fmt: skip

    @classmethod
    def _confirmed_order(cls, customer, rep):
        order = cls.env["sale.order"].create(
            {"partner_id": customer.id, "user_id": rep.id,
             "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1})]}
        )  # fmt: skip
        order.action_confirm()
        return order

    def _desk(self, user, **kwargs):
        return self.env["res.users"].with_user(user).ad_my_desk_data(**kwargs)

    def assertFiguresAreLists(self, user, data):
        """Every figure equals what ``user`` gets from search/read_group on its list's domain."""
        checked = 0
        for path, figure in desk_figures(data):
            action = figure["action"]
            Model = self.env[action["res_model"]].with_user(user)
            self.assertEqual(figure["count"], Model.search_count(action["domain"]), path)
            if figure["amount"] is not None:
                field = {
                    "sale.order": "amount_untaxed",
                    "account.move": "amount_untaxed_signed",
                    "ad.receivable.report": "amount_residual",
                }[Model._name]
                [group] = Model.read_group(action["domain"], [f"{field}:sum"], [])
                self.assertAlmostEqual(figure["amount"], group[field] or 0.0, msg=path)
            for line in figure.get("lines", ()):
                self.assertTrue(Model.search_count([*action["domain"], ("id", "=", line["id"])]), path)
            checked += 1
        self.assertGreaterEqual(checked, 11)

    def test_rep_sees_his_customers_figures(self):
        data = self._desk(self.rep1)
        self.assertEqual((data["scope"], data["user_id"], data["reps"]), ("own", self.rep1.id, []))
        self.assertFiguresAreLists(self.rep1, data)
        mine = self.docs[self.rep1]
        self.assertEqual((data["orders"]["count"], data["orders"]["amount"]), (1, mine["order"].amount_untaxed))
        self.assertEqual(
            (data["invoiced"]["count"], data["invoiced"]["amount"]), (1, mine["invoice"].amount_untaxed_signed)
        )
        self.assertEqual([line["id"] for line in data["contracts"]["lines"]], mine["contract"].ids)
        self.assertEqual([line["id"] for line in data["schedule"]["lines"]], mine["event"].ids)
        self.assertEqual((data["activities"]["overdue"]["count"], data["activities"]["today"]["count"]), (1, 1))
        self.assertEqual({line["res_id"] for line in data["activities"]["due"]["lines"]}, {self.customer1.id})
        receivables = data["receivables"]
        self.assertEqual(
            (receivables["overdue"]["count"], receivables["overdue"]["amount"]), (1, mine["late"].amount_residual)
        )
        self.assertEqual([line["move_id"][0] for line in receivables["overdue"]["lines"]], mine["late"].ids)
        self.assertEqual(
            (receivables["due_soon"]["count"], receivables["due_soon"]["amount"]),
            (1, mine["invoice"].amount_residual),
        )
        self.assertEqual([line["id"] for line in data["reminders"]["lines"]], mine["reminder"].ids)
        self.assertEqual(data["work_log"]["count"], 1)
        # the same as the rep's own lists without the desk's scope: he sees nothing else
        SaleOrder = self.env["sale.order"].with_user(self.rep1)
        this_month = [("state", "=", "sale"), ("date_order", ">=", fields.Date.to_string(self.today.replace(day=1)))]
        self.assertEqual(data["orders"]["count"], SaleOrder.search_count(this_month))

    def test_manager_sees_his_team_and_filters_by_rep(self):
        data = self._desk(self.manager1)
        self.assertEqual(data["scope"], "team")
        self.assertEqual({rep["id"] for rep in data["reps"]}, {self.rep1.id, self.rep2.id})
        self.assertFiguresAreLists(self.manager1, data)
        team = [self.docs[self.rep1], self.docs[self.rep2]]
        self.assertEqual(data["orders"]["count"], 2)
        self.assertEqual(data["orders"]["amount"], sum(d["order"].amount_untaxed for d in team))
        self.assertEqual({line["id"] for line in data["contracts"]["lines"]}, {d["contract"].id for d in team})
        self.assertEqual({line["id"] for line in data["schedule"]["lines"]}, {d["event"].id for d in team})
        self.assertEqual(data["activities"]["due"]["count"], 4)
        self.assertEqual(
            {line["move_id"][0] for line in data["receivables"]["overdue"]["lines"]}, {d["late"].id for d in team}
        )
        self.assertEqual({line["id"] for line in data["reminders"]["lines"]}, {d["reminder"].id for d in team})

        data = self._desk(self.manager1, user_id=self.rep2.id)
        self.assertEqual((data["scope"], data["user_id"]), ("own", self.rep2.id))
        self.assertFiguresAreLists(self.manager1, data)
        self.assertEqual([line["id"] for line in data["contracts"]["lines"]], self.docs[self.rep2]["contract"].ids)
        self.assertEqual(data["orders"]["amount"], self.docs[self.rep2]["order"].amount_untaxed)
        self.assertEqual({line["res_id"] for line in data["activities"]["due"]["lines"]}, {self.customer2.id})
        self.assertEqual(data["receivables"]["overdue"]["amount"], self.docs[self.rep2]["late"].amount_residual)
        self.assertEqual([line["id"] for line in data["reminders"]["lines"]], self.docs[self.rep2]["reminder"].ids)

    def test_director_sees_everyone_and_any_rep(self):
        data = self._desk(self.director)
        self.assertEqual(data["scope"], "all")
        self.assertFiguresAreLists(self.director, data)
        self.assertGreaterEqual(data["orders"]["count"], 3)
        data = self._desk(self.director, user_id=self.rep3.id)
        self.assertEqual([line["id"] for line in data["contracts"]["lines"]], self.docs[self.rep3]["contract"].ids)

    def test_nobody_opens_a_desk_he_does_not_manage(self):
        for user, other in (
            (self.rep1, self.rep2),
            (self.rep1, self.manager1),
            (self.rep1, self.director),
            (self.manager1, self.rep3),
            (self.manager1, self.manager2),
        ):
            with self.subTest(user=user.login, other=other.login), self.assertRaises(AccessError):
                self._desk(user, user_id=other.id)
        portal = new_test_user(self.env, login="desk_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self._desk(portal)
        # control: his own desk by id, and the manager's rep
        self.assertEqual(self._desk(self.rep1, user_id=self.rep1.id)["user_id"], self.rep1.id)
        self.assertEqual(self._desk(self.manager1, user_id=self.rep1.id)["user_id"], self.rep1.id)

    def test_desk_query_count(self):
        for user, bound in ((self.rep1, 35), (self.manager1, 40)):
            self._desk(user)  # warm-up
            self.env.invalidate_all()
            with self.subTest(user=user.login), self.assertQueryCount(bound):
                self._desk(user)


@tagged("post_install", "-at_install")
class TestMyDeskTour(DesktopAndPhone, HttpCase):
    """A rep opens Advertising on his desk, looks up phones and opens his month's orders; his
    manager sees the team's desk and filters it on the other rep."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = _ad_user(cls.env, "desk_rep", "group_ad_rep", "Desk Rep")
        cls.seller = _ad_user(cls.env, "desk_seller", "group_ad_rep", "Desk Seller")
        cls.boss = _ad_user(cls.env, "desk_boss", "group_ad_manager", "Desk Boss")
        cls.env["crm.team"].create(
            {"name": "Desk Team", "user_id": cls.boss.id, "member_ids": [(6, 0, (cls.rep | cls.seller).ids)]}
        )
        product = cls.env["product.product"].create({"name": "Desk quarter page", "type": "service", "list_price": 900})
        # the users have no time zone (UTC); Odoo's demo data gives the superuser Europe/Brussels:
        # the set-up's defaults (activity deadlines, work log dates) must fall on the users' day
        cls.env.user.tz = "UTC"
        today = fields.Date.context_today(cls.rep.with_user(cls.rep))
        for name, phone, owner in (("Desk Tea House", "021 6000 7777", cls.rep), ("Desk Rival", "010 6000 8888",
                                                                                   cls.seller)):  # fmt: skip
            customer = cls.env["res.partner"].create({"name": name, "is_company": True, "ad_managed": True,
                                                      "phone": phone})  # fmt: skip
            customer._ad_assign_owner(owner, "set-up")
            for _n in range(2):
                cls.env["sale.order"].create(
                    {"partner_id": customer.id, "user_id": owner.id,
                     "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]}
                ).action_confirm()  # fmt: skip
            order = customer.sale_order_ids[0]
            order.date_order = fields.Datetime.now() - timedelta(days=62)  # invoiced late, not this month's
            late = order._create_invoices()
            late.write({"invoice_date": today - timedelta(days=40), "invoice_date_due": today - timedelta(days=40)})
            late.action_post()
            cls.env["ad.customer.reminder"].create(
                {"partner_id": customer.id, "user_id": owner.id, "date": today + timedelta(days=2),
                 "note": f"Anniversary of {name}"}
            )  # fmt: skip
            contract = cls.env["ad.contract"].create(
                {"partner_id": customer.id, "user_id": owner.id, "date_start": today - timedelta(days=30),
                 "date_end": today + timedelta(days=7)}
            )  # fmt: skip
            contract.state = "running"
            customer.activity_schedule(
                "mail.mail_activity_data_call", summary="Call about the spring campaign", user_id=owner.id
            )
            cls.env["calendar.event"].create(
                {"name": f"Tasting at {name}", "start": datetime.combine(today, time(10)),
                 "stop": datetime.combine(today, time(11)), "partner_ids": [(6, 0, owner.partner_id.ids)]}
            )  # fmt: skip

    def _run(self):
        self.start_tour("/odoo/contacts", "ad_media_crm_rep_desk_tour", login="desk_rep")
        self.start_tour("/odoo/contacts", "ad_media_crm_manager_desk_tour", login="desk_boss")
