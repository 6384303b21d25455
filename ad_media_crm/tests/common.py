import threading
import uuid
from contextlib import contextmanager

import psycopg2.errors

from odoo import api
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, TransactionCase, get_db_name, new_test_user
from odoo.tools import mute_logger

# (slot, date) where ad_slot_occupancy is not the sum of the live (held and confirmed) bookings,
# or not the placement's medium and capacity, or where the live bookings exceed the capacity
OCCUPANCY_MISMATCHES = """
    WITH live AS (
        SELECT b.slot_id, d::date AS date, SUM(b.quantity) AS quantity
          FROM ad_booking b
         CROSS JOIN generate_series(b.date_start, b.date_end, interval '1 day') d
         WHERE b.state IN ('held', 'confirmed')
         GROUP BY b.slot_id, d::date
    )
    SELECT s.id, COALESCE(o.date, l.date), o.quantity AS occupancy, l.quantity AS booked, s.capacity
      FROM ad_slot_occupancy o
      FULL JOIN live l ON l.slot_id = o.slot_id AND l.date = o.date
      JOIN ad_slot s ON s.id = COALESCE(o.slot_id, l.slot_id)
     WHERE COALESCE(o.quantity, 0) != COALESCE(l.quantity, 0)
        OR o.capacity != s.capacity
        OR o.medium_id IS DISTINCT FROM s.medium_id
        OR l.quantity > s.capacity
     ORDER BY 1, 2
"""


def occupancy_mismatches(env):
    """The rows of OCCUPANCY_MISMATCHES, after flushing ``env``: none when capacity is exact."""
    env.flush_all()
    env.cr.execute(OCCUPANCY_MISMATCHES)
    return env.cr.fetchall()


class AdMediaCommon(TransactionCase):
    """Two teams: manager1 leads rep1 and rep2, manager2 leads rep3; plus office, GM, accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.rep1 = cls._user("ad_rep1", "ad_media_crm.group_ad_rep", "Rep One")
        cls.rep2 = cls._user("ad_rep2", "ad_media_crm.group_ad_rep", "Rep Two")
        cls.rep3 = cls._user("ad_rep3", "ad_media_crm.group_ad_rep", "Rep Three")
        cls.manager1 = cls._user("ad_manager1", "ad_media_crm.group_ad_manager", "Manager One")
        cls.manager2 = cls._user("ad_manager2", "ad_media_crm.group_ad_manager", "Manager Two")
        cls.office = cls._user("ad_office", "ad_media_crm.group_ad_office", "Office Clerk")
        cls.director = cls._user("ad_director", "ad_media_crm.group_ad_director", "General Manager")
        cls.accountant = cls._user("ad_accountant", "account.group_account_invoice", "Accountant")
        Team = cls.env["crm.team"]
        cls.team1 = Team.create(
            {"name": "Print Team", "user_id": cls.manager1.id, "member_ids": [(6, 0, (cls.rep1 | cls.rep2).ids)]}
        )
        cls.team2 = Team.create({"name": "TV Team", "user_id": cls.manager2.id, "member_ids": [(6, 0, cls.rep3.ids)]})
        cls.product = cls.env["product.product"].create(
            {"name": "Front page half page", "type": "service", "list_price": 1000.0, "invoice_policy": "order"}
        )
        cls.customer1 = cls._customer("Sunrise Beverages Co., Ltd.", cls.rep1, phone="+86 21 5555 0101")
        cls.customer2 = cls._customer("Golden Dragon Motors", cls.rep2, phone="010-6666 0202")
        cls.customer3 = cls._customer("Blue Ocean Travel", cls.rep3, phone="0755 8888 0303")
        cls.pool_customer = cls._customer("Green Valley Dairy", None, phone="0571 7777 0404")
        cls.contact1 = cls.env["res.partner"].create(
            {
                "name": "Wang Wei",
                "parent_id": cls.customer1.id,
                "email": "wang.wei@sunrise.example",
                "ad_contact_role": "decision_maker",
            }
        )

    @classmethod
    def _user(cls, login, groups, name):
        return new_test_user(
            cls.env, login=login, groups="base.group_user," + groups, name=name, email=f"{login}@example.com"
        )

    @classmethod
    def _customer(cls, name, owner, **vals):
        customer = cls.env["res.partner"].create(dict(vals, name=name, is_company=True, ad_managed=True))
        if owner:
            customer._ad_assign_owner(owner, "test set-up")
        return customer

    def _last_assignment(self, partner):
        return self.env["ad.customer.assignment"].search([("partner_id", "=", partner.id)], limit=1)

    def _order(self, partner, salesperson, creator=None):
        """A one-line quotation created by ``creator`` (default: the salesperson)."""
        return (
            self.env["sale.order"]
            .with_user(creator or salesperson)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": salesperson.id,
                    "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})],
                }
            )
        )


class AdInventoryCommon(AdMediaCommon):
    """Plus a newspaper with an exclusive front-page position and classifieds of capacity 2."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paper = cls.env["ad.medium"].create({"name": "Evening News", "medium_type": "newspaper"})
        cls.front = cls.env["ad.slot"].create(
            {"medium_id": cls.paper.id, "name": "Front page half", "code": "FP-H", "product_id": cls.product.id}
        )
        cls.spots = cls.env["ad.slot"].create(
            {"medium_id": cls.paper.id, "name": "Classifieds", "code": "CL", "capacity": 2,
             "product_id": cls.product.id}
        )  # fmt: skip

    def assertOccupancyExact(self, msg=None):
        self.assertEqual(occupancy_mismatches(self.env), [], msg or "occupancy differs from the live bookings")

    def _ad_order(self, partner, user, slot, start, end, units=1):
        """A quotation of one placement line, created by ``user``."""
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (0, 0, {"product_id": self.product.id, "ad_slot_id": slot.id, "ad_date_start": start,
                                "ad_date_end": end, "ad_capacity_quantity": units}),
                    ],
                }
            )
        )  # fmt: skip


@mute_logger("odoo.sql_db")  # the losers' serialization failures and constraint violations
def run_in_parallel(registry, jobs, tries=5):
    """Run ``jobs`` ((uid, function(env)) pairs) at the same moment, each in its own thread,
    connection and transaction, committing on success; a serialization failure is retried
    with a fresh transaction, as Odoo's RPC layer does. Returns one outcome per job:
    "ok" or the message of the UserError/ValidationError that refused it.

    Environments are built here, not in the threads: while the test runner loads the
    registry it holds the registry lock, which Environment() takes.
    """
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)
    envs = [api.Environment(registry.cursor(), uid, {"tracking_disable": True}) for uid, _function in jobs]

    def work(index, env, function):
        with env.cr:
            env.cr.execute("SELECT 1")  # everyone's snapshot is taken before anyone commits
            barrier.wait(timeout=20)
            for _attempt in range(tries):
                try:
                    function(env)
                    env.cr.commit()  # pylint: disable=invalid-commit
                    outcomes[index] = "ok"
                    return
                except psycopg2.errors.SerializationFailure:
                    env.cr.rollback()
                    env.invalidate_all()
                except (UserError, ValidationError) as error:
                    env.cr.rollback()
                    outcomes[index] = str(error)
                    return
            outcomes[index] = "serialization failure after retries"

    threads = [
        threading.Thread(target=work, args=(i, env, job[1]))
        for i, (env, job) in enumerate(zip(envs, jobs, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


class CommittedDataCase(BaseCase):
    """For races between real connections: the data they share is committed, then removed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    @classmethod
    @contextmanager
    def committed_env(cls):
        """A superuser environment on a new cursor, committed on exit."""
        with cls.registry.cursor() as cr:
            yield api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})

    @staticmethod
    def create_reps(env, name, count):
        groups = env.ref("ad_media_crm.group_ad_rep") | env.ref("base.group_user")
        tag = uuid.uuid4().hex[:8]
        return env["res.users"].create(
            [
                {"name": f"{name} {n}", "login": f"{name}_{n}_{tag}", "groups_id": [(6, 0, groups.ids)]}
                for n in range(count)
            ]
        )

    @staticmethod
    def remove_committed(env, customers, users):
        """Remove the customers with their orders, and archive the users."""
        orders = env["sale.order"].search([("partner_id", "in", customers.ids)])
        orders._action_cancel()
        orders.unlink()
        env["ad.customer.assignment"].search([("partner_id", "in", customers.ids)]).unlink()
        customers.unlink()
        users.write({"active": False})
        users.partner_id.write({"active": False})
