import uuid

from odoo import api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged

from .common import run_in_parallel


@tagged("post_install", "-at_install")
class TestOwnershipRace(BaseCase):
    """Two reps confirm orders for the same unowned customer on two real connections.

    The data is committed (other connections must see it) and removed afterwards.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            group = env.ref("ad_media_crm.group_ad_rep") | env.ref("base.group_user")
            cls.rep_ids = [
                env["res.users"]
                .create(
                    {
                        "name": f"Racer {n}",
                        "login": f"ad_racer_{n}_{uuid.uuid4().hex[:8]}",
                        "groups_id": [(6, 0, group.ids)],
                    }
                )
                .id
                for n in range(4)
            ]
            cls.product_id = (
                env["product.product"].create({"name": "Race spot", "type": "service", "list_price": 10}).id
            )
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            orders = env["sale.order"].search([("user_id", "in", cls.rep_ids)])
            orders._action_cancel()
            customers = orders.partner_id
            orders.unlink()
            env["ad.customer.assignment"].search([("partner_id", "in", customers.ids)]).unlink()
            customers.unlink()
            users = env["res.users"].browse(cls.rep_ids)
            users.write({"active": False})
            users.partner_id.write({"active": False})
            env["product.product"].browse(cls.product_id).unlink()

    def _prepare(self, reps):
        """A pool customer and one quotation per rep, created by the office and committed."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            customer = env["res.partner"].create(
                {"name": f"Contested Customer {len(reps)}", "is_company": True, "ad_managed": True}
            )
            orders = env["sale.order"].create(
                [
                    {"partner_id": customer.id, "user_id": rep, "order_line": [(0, 0, {"product_id": self.product_id})]}
                    for rep in reps
                ]
            )
            return customer.id, dict(zip(reps, orders.ids, strict=True))

    def _confirm_in_parallel(self, orders):
        outcomes = run_in_parallel(
            self.registry,
            [
                (rep, lambda env, order=order: env["sale.order"].browse(order).action_confirm())
                for rep, order in orders.items()
            ],
        )
        return dict(zip(orders, ["confirmed" if outcome == "ok" else outcome for outcome in outcomes], strict=True))

    def _state(self, customer_id, orders):
        with self.registry.cursor() as cr:
            cr.execute("SELECT ad_owner_id, ad_ownership_state FROM res_partner WHERE id = %s", [customer_id])
            owner = cr.fetchone()
            cr.execute("SELECT user_id FROM sale_order WHERE id IN %s AND state = 'sale'", [tuple(orders.values())])
            return owner, [row[0] for row in cr.fetchall()]

    def test_two_reps_race_exactly_one_owner(self):
        reps = self.rep_ids[:2]
        customer_id, orders = self._prepare(reps)
        results = self._confirm_in_parallel(orders)
        winners = [rep for rep, outcome in results.items() if outcome == "confirmed"]
        self.assertEqual(len(winners), 1, results)
        loser = next(rep for rep in reps if rep not in winners)
        self.assertIn("changed by someone else at the same moment", results[loser])
        (owner, state), confirmed_by = self._state(customer_id, orders)
        self.assertEqual((owner, state), (winners[0], "owned"))
        self.assertEqual(confirmed_by, winners)

    def test_four_reps_race_exactly_one_owner(self):
        customer_id, orders = self._prepare(self.rep_ids)
        results = self._confirm_in_parallel(orders)
        winners = [rep for rep, outcome in results.items() if outcome == "confirmed"]
        self.assertEqual(len(winners), 1, results)
        (owner, _state), confirmed_by = self._state(customer_id, orders)
        self.assertEqual(owner, winners[0])
        self.assertEqual(confirmed_by, winners)
