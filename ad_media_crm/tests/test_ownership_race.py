from odoo.tests import tagged

from .common import CommittedDataCase, run_in_parallel


@tagged("post_install", "-at_install")
class TestOwnershipRace(CommittedDataCase):
    """Reps confirm orders for the same unowned customer on their own real connections."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed_env() as env:
            cls.rep_ids = cls.create_reps(env, "Racer", 4).ids
            cls.product_id = (
                env["product.product"].create({"name": "Race spot", "type": "service", "list_price": 10}).id
            )
        cls.customer_ids = []
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.committed_env() as env:
            cls.remove_committed(env, env["res.partner"].browse(cls.customer_ids), env["res.users"].browse(cls.rep_ids))
            env["product.product"].browse(cls.product_id).unlink()

    def _prepare(self, reps):
        """A pool customer and one quotation per rep, created by the office and committed."""
        with self.committed_env() as env:
            customer = env["res.partner"].create(
                {"name": f"Contested Customer {len(reps)}", "is_company": True, "ad_managed": True}
            )
            self.customer_ids.append(customer.id)
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
        with self.committed_env() as env:
            env.cr.execute("SELECT ad_owner_id, ad_ownership_state FROM res_partner WHERE id = %s", [customer_id])
            owner = env.cr.fetchone()
            env.cr.execute("SELECT user_id FROM sale_order WHERE id IN %s AND state = 'sale'", [tuple(orders.values())])
            return owner, [row[0] for row in env.cr.fetchall()]

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
