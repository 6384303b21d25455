from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestOwnership(AdMediaCommon):
    def test_first_confirmed_order_makes_salesperson_owner(self):
        order = self._order(self.pool_customer, self.rep1, creator=self.office)
        self.assertFalse(self.pool_customer.ad_owner_id)
        order.with_user(self.rep1).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.pool_customer.ad_owner_id, self.rep1)
        self.assertEqual(self.pool_customer.ad_ownership_state, "owned")
        self.assertEqual(self._last_assignment(self.pool_customer).kind, "first_order")
        self.assertEqual(order.ad_owner_id, self.rep1)

    def test_claim_becomes_ownership_at_first_order(self):
        customer = self.env["res.partner"].with_user(self.rep1).create({"name": "Harbour Hotel", "is_company": True})
        self.assertEqual(customer.ad_ownership_state, "claimed")
        self._order(customer, self.rep1).action_confirm()
        self.assertEqual(customer.ad_ownership_state, "owned")
        self.assertFalse(customer.ad_claim_deadline)

    def test_owner_is_never_overwritten_by_office_order(self):
        order = self._order(self.customer1, self.rep2, creator=self.office)
        order.with_user(self.office).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.customer1.ad_owner_id, self.rep1, "an existing owner is never overwritten")

    def test_rep_cannot_confirm_for_anothers_customer(self):
        order = self._order(self.customer1, self.rep2, creator=self.office)
        with self.assertRaisesRegex(UserError, "owned by Rep One"):
            order.with_user(self.rep2).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(self.customer1.ad_owner_id, self.rep1)

    def test_manager_may_confirm_for_his_team(self):
        order = self._order(self.customer1, self.rep1)
        order.with_user(self.manager1).action_confirm()
        self.assertEqual(order.state, "sale")
        other = self._order(self.customer3, self.rep3)
        with self.assertRaises(AccessError):
            other.with_user(self.manager1).action_confirm()

    def test_rep_cannot_write_owner(self):
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.rep1).write({"ad_owner_id": self.rep2.id})
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.rep1).write({"ad_managed": False})
        with self.assertRaises(AccessError):
            self.contact1.with_user(self.rep1).write({"ad_owner_id": self.rep2.id})
        self.assertEqual(self.customer1.ad_owner_id, self.rep1)
        self.customer1.with_user(self.rep1).write({"ad_customer_type": "key"})
        self.assertEqual(self.customer1.ad_customer_type, "key")

    def test_lead_conversion_cannot_sell_to_anothers_customer(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep2)
            .create({"name": "Summer campaign", "type": "opportunity", "email_from": "wang.wei@sunrise.example"})
        )
        with self.assertRaises(AccessError):
            lead.with_user(self.rep2).write({"partner_id": self.contact1.id})
        convert = (
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.rep2)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
            .create({"name": "convert", "action": "exist", "partner_id": self.contact1.id})
        )
        with self.assertRaises(AccessError):
            convert.action_apply()
        self.assertFalse(lead.partner_id)

    def test_cap_refuses_extra_claims(self):
        self.env["ir.config_parameter"].set_param("ad_media_crm.max_customers_per_rep", 1)
        with self.assertRaisesRegex(UserError, "limit is 1"):
            self.env["res.partner"].with_user(self.rep1).create({"name": "One Too Many", "is_company": True})
        with self.assertRaisesRegex(UserError, "limit is 1"):
            self.env["ad.customer.pool"].with_user(self.rep1).browse(self.pool_customer.id).action_claim()
        self.assertEqual(self.pool_customer.ad_ownership_state, "pool")
        self.env["ir.config_parameter"].set_param("ad_media_crm.max_customers_per_rep", 0)
        self.env["ad.customer.pool"].with_user(self.rep1).browse(self.pool_customer.id).action_claim()
        self.assertEqual(self.pool_customer.ad_owner_id, self.rep1)
