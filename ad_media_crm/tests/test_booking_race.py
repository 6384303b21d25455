from datetime import date, timedelta

from odoo.tests import tagged

from .common import CommittedDataCase, occupancy_mismatches, run_in_parallel


@tagged("post_install", "-at_install")
class TestBookingRace(CommittedDataCase):
    """Six reps confirm orders for the same placement and dates on six real connections:
    exactly as many succeed as the placement holds. The data is committed and removed."""

    REPS = 6

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed_env() as env:
            reps = cls.create_reps(env, "Booker", cls.REPS)
            product = env["product.product"].create({"name": "Race page", "type": "service", "list_price": 10})
            medium = env["ad.medium"].create({"name": "Race Daily", "medium_type": "newspaper"})
            cls.exclusive, cls.shared, cls.pair = (
                env["ad.slot"]
                .create(
                    [
                        {
                            "medium_id": medium.id,
                            "name": "Back page",
                            "code": "BP",
                            "capacity": 1,
                            "product_id": product.id,
                        },
                        {
                            "medium_id": medium.id,
                            "name": "Inside",
                            "code": "IN",
                            "capacity": 3,
                            "product_id": product.id,
                        },
                        {
                            "medium_id": medium.id,
                            "name": "Classifieds",
                            "code": "CL",
                            "capacity": 2,
                            "product_id": product.id,
                        },
                    ]
                )
                .ids
            )
            customers = env["res.partner"].create(
                [{"name": f"Booker customer {n}", "is_company": True, "ad_managed": True} for n in range(cls.REPS)]
            )
            for rep, customer in zip(reps, customers, strict=True):
                customer._ad_assign_owner(rep, "race set-up")
            cls.rep_ids, cls.customer_ids, cls.product_id, cls.medium_id = (
                reps.ids,
                customers.ids,
                product.id,
                medium.id,
            )
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.committed_env() as env:
            cls.remove_committed(env, env["res.partner"].browse(cls.customer_ids), env["res.users"].browse(cls.rep_ids))
            env["ad.slot"].browse([cls.exclusive, cls.shared, cls.pair]).unlink()
            env["ad.medium"].browse(cls.medium_id).unlink()
            env["product.product"].browse(cls.product_id).unlink()

    def _race(self, slot_id, start, end, held=0):
        """Every rep confirms a quotation of ``slot_id`` at the same moment; the first ``held``
        quotations were held, and their holds have expired (the cron has not run)."""
        with self.committed_env() as env:
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": customer,
                        "user_id": rep,
                        "order_line": [(0, 0, {"product_id": self.product_id, "ad_slot_id": slot_id,
                                               "ad_date_start": start, "ad_date_end": end})],
                    }
                    for rep, customer in zip(self.rep_ids, self.customer_ids, strict=True)
                ]
            )  # fmt: skip
            order_ids = orders.ids
            orders[:held].action_ad_hold()
            env.flush_all()
            env.cr.execute(
                "UPDATE ad_booking SET hold_until = CURRENT_DATE - 1 WHERE order_id = ANY(%s)", [orders[:held].ids]
            )
        outcomes = run_in_parallel(
            self.registry,
            [
                (rep, lambda env, o=order: env["sale.order"].browse(o).action_confirm())
                for rep, order in zip(self.rep_ids, order_ids, strict=True)
            ],
        )
        with self.committed_env() as env:
            cr = env.cr
            cr.execute("SELECT count(*) FROM sale_order WHERE id = ANY(%s) AND state = 'sale'", [order_ids])
            confirmed = cr.fetchone()[0]
            cr.execute(
                "SELECT max(quantity) FROM ad_slot_occupancy WHERE slot_id = %s AND date BETWEEN %s AND %s",
                [slot_id, start, end],
            )
            peak = cr.fetchone()[0]
            self.assertEqual(occupancy_mismatches(env), [])
        return outcomes, confirmed, peak

    def test_exclusive_placement(self):
        outcomes, confirmed, peak = self._race(self.exclusive, date(2028, 1, 1), date(2028, 1, 31))
        self.assertEqual(outcomes.count("ok"), 1, outcomes)
        self.assertEqual((confirmed, peak), (1, 1))
        self.assertTrue(all("fully booked" in outcome for outcome in outcomes if outcome != "ok"), outcomes)

    def test_placement_of_capacity_three(self):
        outcomes, confirmed, peak = self._race(self.shared, date(2028, 2, 1), date(2028, 2, 7))
        self.assertEqual(outcomes.count("ok"), 3, outcomes)
        self.assertEqual((confirmed, peak), (3, 3))
        self.assertTrue(all("fully booked" in outcome for outcome in outcomes if outcome != "ok"), outcomes)

    def test_expired_holds_race_confirmations(self):
        """Two quotations whose holds expired and four others, confirmed at the same moment on
        a placement of capacity 2: two win, and each winner's capacity is counted (three
        rounds, as any of the six may win first)."""
        for week in range(3):
            start = date(2028, 3, 1) + timedelta(weeks=week)
            outcomes, confirmed, peak = self._race(self.pair, start, start + timedelta(days=2), held=2)
            self.assertEqual(outcomes.count("ok"), 2, outcomes)
            self.assertEqual((confirmed, peak), (2, 2))
            self.assertTrue(all("fully booked" in outcome for outcome in outcomes if outcome != "ok"), outcomes)
