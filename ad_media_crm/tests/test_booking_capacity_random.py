import random
from collections import Counter
from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AdInventoryCommon


@tagged("post_install", "-at_install")
class TestBookingCapacityRandom(AdInventoryCommon):
    """500 random operations by three reps and their managers on placements of capacity 1, 2
    and 3 over six dates: after every one, occupancy is exactly the live bookings."""

    SEED = 20260518
    STEPS = 500
    DAYS = 6

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("ad_media_crm.hold_days", 3)
        cls.triple = cls.env["ad.slot"].create(
            {"medium_id": cls.paper.id, "name": "Inside page", "code": "IP", "capacity": 3,
             "product_id": cls.product.id}
        )  # fmt: skip
        cls.slots = cls.front | cls.spots | cls.triple
        cls.sellers = {
            cls.rep1: (cls.customer1, cls.manager1),
            cls.rep2: (cls.customer2, cls.manager1),
            cls.rep3: (cls.customer3, cls.manager2),
        }
        cls.first_day = date(2029, 3, 1)

    def _run(self, rng):
        """Random placement values within the window."""
        slot = rng.choice(self.slots)
        start = self.first_day + timedelta(days=rng.randrange(self.DAYS))
        end = min(start + timedelta(days=rng.randrange(3)), self.first_day + timedelta(days=self.DAYS - 1))
        return slot, start, end, rng.randint(1, slot.capacity)

    def _orders(self, states):
        return self.env["sale.order"].search(
            [
                ("partner_id", "in", self.customer1.ids + self.customer2.ids + self.customer3.ids),
                ("state", "in", states),
            ]
        )

    def _pick(self, rng, records):
        return records.browse(rng.choice(sorted(records.ids))) if records else None

    def _as_rep(self, order):
        return order.with_user(order.user_id)

    # each operation returns a falsy value when there was nothing to do it on

    def op_create(self, rng):
        rep = rng.choice(list(self.sellers))
        lines = []
        for _n in range(rng.randint(1, 2)):
            slot, start, end, units = self._run(rng)
            lines.append(
                Command.create({"product_id": self.product.id, "ad_slot_id": slot.id, "ad_date_start": start,
                                "ad_date_end": end, "ad_capacity_quantity": units})
            )  # fmt: skip
        customer = self.sellers[rep][0]
        return self.env["sale.order"].with_user(rep).create({"partner_id": customer.id, "order_line": lines})

    def op_hold(self, rng):
        order = self._pick(rng, self._orders(["draft", "sent"]))
        return order and self._as_rep(order).action_ad_hold() is None

    def op_confirm(self, rng):
        order = self._pick(rng, self._orders(["draft", "sent"]))
        return order and self._as_rep(order).action_confirm()

    def op_cancel(self, rng):
        order = self._pick(rng, self._orders(["draft", "sent", "sale"]))
        return order and self._as_rep(order).with_context(disable_cancel_warning=True).action_cancel()

    def op_delete_line(self, rng):
        order = self._pick(rng, self._orders(["draft", "sent", "sale"]))
        if not order or not order.order_line:
            return False
        return self._as_rep(order).write({"order_line": [Command.delete(self._pick(rng, order.order_line).id)]})

    def op_delete_order(self, rng):
        order = self._pick(rng, self._orders(["draft", "sent", "sale", "cancel"]))
        return order and order.with_user(self.director).unlink()

    def op_change_line(self, rng):
        order = self._pick(rng, self._orders(["draft", "sent", "sale"]))
        if not order or not order.order_line:
            return False
        line = self._pick(rng, order.order_line)
        slot, start, end, units = self._run(rng)
        vals = rng.choice(
            [
                {"ad_date_start": start, "ad_date_end": end},
                {"ad_capacity_quantity": min(units, line.ad_slot_id.capacity)},
                {"ad_slot_id": slot.id, "ad_capacity_quantity": units},
            ]
        )
        return line.with_user(order.user_id).write(vals)

    def op_expire_holds(self, rng):
        """Days go by: some holds are past their date; the cron runs, or not yet."""
        held = self.env["ad.booking"].search([("slot_id", "in", self.slots.ids), ("state", "=", "held")])
        if not held:
            return False
        self.env.cr.execute(
            "UPDATE ad_booking SET hold_until = CURRENT_DATE - 1 WHERE id = ANY(%s)",
            [rng.sample(sorted(held.ids), rng.randint(1, len(held)))],
        )
        self.env["ad.booking"].invalidate_model(["hold_until"])
        if rng.random() < 0.5:
            self.env["ad.booking"]._cron_ad_expire_holds()
        return True

    def op_make_good(self, rng):
        order = self._pick(rng, self._orders(["sale"]))
        if not order or not order.order_line:
            return False
        line = self._pick(rng, order.order_line)
        slot, start, end, _units = self._run(rng)
        manager = self.sellers[order.user_id][1]
        make_good = (
            self.env["ad.make.good"]
            .with_user(manager)
            .create({"sale_line_id": line.id, "reason": "Did not run", "slot_id": slot.id, "date_start": start,
                     "date_end": end})
        )  # fmt: skip
        return make_good.action_apply()

    def test_random_operations_keep_occupancy_exact(self):
        rng = random.Random(self.SEED)
        # weights that keep quotations, holds and confirmed orders around
        weights = {
            self.op_create: 3,
            self.op_hold: 3,
            self.op_confirm: 3,
            self.op_change_line: 2,
            self.op_expire_holds: 2,
            self.op_make_good: 1,
            self.op_cancel: 2,
            self.op_delete_line: 1,
            self.op_delete_order: 1,
        }
        operations = list(weights)
        done, refused = Counter(), Counter()
        for step in range(self.STEPS):
            operation = rng.choices(operations, list(weights.values()))[0]
            try:
                with self.env.cr.savepoint():
                    if operation(rng):
                        done[operation.__name__] += 1
            except AccessError:
                raise
            except UserError:  # a full placement, a confirmed line, ...: refused as a whole
                refused[operation.__name__] += 1
            self.assertOccupancyExact(f"step {step}: {operation.__name__}")
        self.assertEqual(set(done), {operation.__name__ for operation in operations}, f"{done} {refused}")
        self.assertGreater(refused["op_confirm"], 10, "clashes happened")
        self.assertGreater(done["op_confirm"], 10)
