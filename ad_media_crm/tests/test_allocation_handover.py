from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestAllocationHandover(AdMediaCommon):
    def test_office_allocates_in_bulk_with_reason(self):
        customers = self.customer1 | self.pool_customer
        wizard = (
            self.env["ad.customer.allocate"]
            .with_user(self.office)
            .with_context(active_model="res.partner", active_ids=customers.ids)
            .create({"user_id": self.rep3.id, "reason": "Territory change"})
        )
        self.assertEqual(wizard.partner_ids, customers)
        wizard.action_allocate()
        self.assertEqual(customers.mapped("ad_owner_id"), self.rep3)
        self.assertEqual(customers.mapped("ad_team_id"), self.team2)
        history = self._last_assignment(self.customer1)
        self.assertEqual(
            (history.old_owner_id, history.new_owner_id, history.reason, history.user_id),
            (self.rep1, self.rep3, "Territory change", self.office),
        )
        self.assertEqual(history.kind, "allocation")
        self.assertEqual(self.contact1.ad_owner_id, self.rep3)

    def test_allocation_back_to_pool(self):
        self.env["ad.customer.allocate"].with_user(self.office).create(
            {"partner_ids": [(6, 0, self.customer1.ids)], "reason": "Inactive"}
        ).action_allocate()
        self.assertFalse(self.customer1.ad_owner_id)
        self.assertEqual(self.customer1.ad_ownership_state, "pool")
        self.assertIn(self.customer1.id, self.env["ad.customer.pool"].with_user(self.rep2).search([]).ids)

    def test_rep_cannot_allocate(self):
        with self.assertRaises(AccessError):
            self.env["ad.customer.allocate"].with_user(self.rep1).create(
                {"partner_ids": [(6, 0, self.customer2.ids)], "user_id": self.rep1.id, "reason": "mine"}
            )

    def test_handover_moves_everything(self):
        second = self._customer("Silver Screen Cinemas", self.rep1)
        quotation = self._order(self.customer1, self.rep1)
        confirmed = self._order(second, self.rep1)
        confirmed.action_confirm()
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep1)
            .create({"name": "Autumn campaign", "type": "opportunity", "partner_id": self.customer1.id})
        )
        activity = self.customer1.with_user(self.rep1).activity_schedule(
            "mail.mail_activity_data_call", user_id=self.rep1.id, summary="Call about renewal"
        )
        form = Form(self.env["ad.rep.handover"].with_user(self.office))
        form.user_id = self.rep1
        form.successor_id = self.rep3
        form.reason = "Left the company"
        wizard = form.save()
        wizard.action_handover()
        self.assertIn("2 customers", wizard.summary)
        self.assertEqual((self.customer1 | second).mapped("ad_owner_id"), self.rep3)
        self.assertEqual((quotation | confirmed).sudo().mapped("user_id"), self.rep3)
        self.assertEqual(lead.sudo().user_id, self.rep3)
        self.assertEqual(activity.user_id, self.rep3)
        self.assertEqual(self._last_assignment(self.customer1).kind, "handover")
        self.assertFalse(self.env["res.partner"].with_user(self.rep1).search([("id", "=", self.customer1.id)]))
        self.assertEqual(
            len(
                self.env["ad.customer.assignment"].with_user(self.rep3).search([("partner_id", "=", self.customer1.id)])
            ),
            2,
            "the successor reads the whole history",
        )

    def test_handover_to_non_rep_refused(self):
        with self.assertRaises(UserError):
            self.rep1._ad_handover_to(self.accountant, "no")
        self.assertEqual(self.customer1.ad_owner_id, self.rep1)
