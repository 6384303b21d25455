from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AdInventoryCommon


@tagged("post_install", "-at_install")
class TestProtectedTransitions(AdInventoryCommon):
    """States, approvals and ownership mirrors change only through their actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.ad_approval_amount = 500
        cls.order = cls._order(cls, cls.customer1, cls.rep1)

    def test_rep_cannot_write_order_state(self):
        order = self.order.with_user(self.rep1)
        for values in ({"state": "sale"}, {"state": "cancel"}, {"ad_approval_state": "approved"}):
            with self.assertRaises(AccessError):
                order.write(values)
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.rep1).create(
                {"partner_id": self.customer1.id, "state": "sale", "ad_approval_state": "approved"}
            )
        self.assertEqual((self.order.state, self.order.ad_approval_state), ("draft", False))
        # control: the actions move the states
        order.action_ad_request_approval()
        self.assertEqual(self.order.ad_approval_state, "to_approve")
        self.order.with_user(self.manager1).action_ad_approve()
        order.action_confirm()
        self.assertEqual(self.order.state, "sale")

    def test_managers_and_office_cannot_write_states_either(self):
        for user in (self.manager1, self.office, self.director):
            with self.assertRaises(AccessError):
                self.order.with_user(user).write({"ad_approval_state": "approved"})
            with self.assertRaises(AccessError):
                self.order.with_user(user).write({"state": "sale"})
        self.order.sudo().write({"ad_approval_state": "approved"})
        self.assertEqual(self.order.ad_approval_state, "approved", "the superuser may")

    def test_mirrors_cannot_be_written(self):
        for model, record in (("sale.order", self.order), ("sale.order.line", self.order.order_line)):
            for values in ({"ad_owner_id": self.rep2.id}, {"ad_managed": False}, {"ad_team_id": self.team2.id}):
                with self.assertRaises(AccessError, msg=f"{model} {values}"):
                    record.with_user(self.office).write(values)
        self.assertEqual(self.order.ad_owner_id, self.rep1)
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.rep2).create({"partner_id": self.customer2.id, "ad_managed": False})

    def test_contract_and_make_good_states(self):
        contract = (
            self.env["ad.contract"]
            .with_user(self.rep1)
            .create(
                {
                    "partner_id": self.customer1.id,
                    "date_start": "2030-01-01",
                    "date_end": "2030-12-31",
                    "line_ids": [
                        (0, 0, {"slot_id": self.front.id, "date_start": "2030-02-01", "date_end": "2030-02-02"})
                    ],
                }
            )
        )
        with self.assertRaises(AccessError):
            contract.write({"state": "running"})
        with self.assertRaises(AccessError):
            contract.with_user(self.office).write({"state": "signed"})
        contract.action_sign()
        self.assertEqual(contract.state, "signed")

    def test_approval_dropped_by_any_line_change(self):
        def approved():
            with self.env.cr.savepoint():
                self.order.sudo().write({"ad_approval_state": "approved", "ad_approved_by_id": self.manager1.id})
            return self.order.with_user(self.rep1)

        line = self.order.order_line
        approved().order_line.write({"price_unit": 5000})
        self.assertFalse(self.order.ad_approval_state, "line written")
        self.env["sale.order.line"].with_user(self.rep1).create(
            {"order_id": approved().id, "product_id": self.product.id, "product_uom_qty": 3}
        )
        self.assertFalse(self.order.ad_approval_state, "line created")
        approved()
        (self.order.order_line - line).with_user(self.rep1).unlink()
        self.assertFalse(self.order.ad_approval_state, "line deleted")
        approved().write({"order_line": [(1, line.id, {"discount": 30})]})
        self.assertFalse(self.order.ad_approval_state, "line changed through the order")
        approved().write({"note": "<p>changed terms</p>"})
        self.assertEqual(self.order.ad_approval_state, "approved", "other changes keep the approval")

    def test_context_defaults_are_values_too(self):
        Order = self.env["sale.order"].with_user(self.rep1)
        for key in ("default_state", "default_ad_approval_state", "default_ad_owner_id"):
            value = self.rep2.id if key == "default_ad_owner_id" else "sale" if key == "default_state" else "approved"
            with self.assertRaises(AccessError, msg=key):
                Order.with_context(**{key: value}).create({"partner_id": self.customer1.id})
        with self.assertRaises(AccessError):
            self.env["ad.contract"].with_user(self.rep1).with_context(default_state="running").create(
                {"partner_id": self.customer1.id, "date_start": "2030-01-01", "date_end": "2030-01-31"}
            )
        # control: harmless defaults still apply
        order = Order.with_context(default_client_order_ref="PO-7").create({"partner_id": self.customer1.id})
        self.assertEqual((order.client_order_ref, order.state), ("PO-7", "draft"))

    def test_approval_survives_no_change_before_confirmation(self):
        order = self.order.with_user(self.rep1)
        self.order.sudo().write({"ad_approval_state": "approved"})
        order._action_cancel()
        order.order_line.write({"product_uom_qty": 50})
        self.assertFalse(self.order.ad_approval_state, "changed while cancelled")
        order.action_draft()
        self.assertIn("approve", order._confirmation_error_message() or "")
        # a line moved into an approved quotation, and a change of sales team
        other = self._order(self.customer1, self.rep1)
        self.order.sudo().write({"ad_approval_state": "approved"})
        other.order_line.with_user(self.rep1).write({"order_id": self.order.id})
        self.assertFalse(self.order.ad_approval_state, "line moved in")
        self.order.sudo().write({"ad_approval_state": "approved"})
        with self.assertRaises(UserError, msg="a rep cannot move his order to a team with other thresholds"):
            order.write({"team_id": self.team2.id})
        self.order.with_user(self.office).write({"team_id": self.team2.id})
        self.assertFalse(self.order.ad_approval_state, "team changed")
