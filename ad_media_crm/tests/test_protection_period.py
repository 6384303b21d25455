from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestProtectionPeriod(AdMediaCommon):
    def _claim(self, user, customer):
        self.env["ad.customer.pool"].with_user(user).browse(customer.id).action_claim()

    def test_claim_from_pool(self):
        self.env["ir.config_parameter"].set_param("ad_media_crm.claim_days", 10)
        pool = self.env["ad.customer.pool"].with_user(self.rep1).search([])
        self.assertIn(self.pool_customer.id, pool.ids)
        self.assertNotIn(self.customer2.id, pool.ids, "owned customers are not in the pool")
        self.assertEqual(pool.filtered(lambda p: p.id == self.pool_customer.id).name, "Green Valley Dairy")
        self._claim(self.rep1, self.pool_customer)
        self.assertEqual(self.pool_customer.ad_owner_id, self.rep1)
        self.assertEqual(self.pool_customer.ad_claim_deadline, fields.Date.today() + timedelta(days=10))
        with self.assertRaisesRegex(UserError, "no longer in the shared pool"):
            self._claim(self.rep2, self.pool_customer)

    def test_pool_hidden_when_disabled(self):
        self.env["ir.config_parameter"].set_param("ad_media_crm.pool_visible", False)
        self.assertFalse(self.env["ad.customer.pool"].with_user(self.rep1).search([]))
        self.assertTrue(self.env["ad.customer.pool"].with_user(self.office).search([]))

    def test_no_claim_when_the_pool_is_closed(self):
        self.env["ir.config_parameter"].set_param("ad_media_crm.pool_visible", False)
        with self.assertRaises(UserError):
            self.env["ad.customer.pool"].with_user(self.rep1).browse(self.pool_customer.id).action_claim()
        self.assertFalse(self.pool_customer.ad_owner_id)
        self.env["ir.config_parameter"].set_param("ad_media_crm.pool_visible", True)
        self.env["ad.customer.pool"].with_user(self.rep1).browse(self.pool_customer.id).action_claim()
        self.assertEqual(self.pool_customer.ad_owner_id, self.rep1)

    def test_cron_returns_expired_claims_and_tells_rep(self):
        self._claim(self.rep1, self.pool_customer)
        converted = self._customer("Converted Claim", None)
        self._claim(self.rep1, converted)
        self._order(converted, self.rep1).action_confirm()
        Partner = self.env["res.partner"]
        with freeze_time(fields.Date.today() + timedelta(days=29)):
            self.assertNotIn(self.pool_customer, Partner._cron_ad_release_expired_claims())
        self.assertEqual(self.pool_customer.ad_ownership_state, "claimed")
        with freeze_time(fields.Date.today() + timedelta(days=31)):
            released = Partner._cron_ad_release_expired_claims()
        self.assertIn(self.pool_customer, released)
        self.assertNotIn(converted, released)
        self.assertFalse(self.pool_customer.ad_owner_id)
        self.assertEqual(self.pool_customer.ad_ownership_state, "pool")
        self.assertEqual(converted.ad_owner_id, self.rep1, "a converted claim is kept")
        self.assertEqual(self._last_assignment(self.pool_customer).kind, "release")
        message = self.env["mail.message"].search([("partner_ids", "in", self.rep1.partner_id.ids)], limit=1)
        self.assertIn("Green Valley Dairy", message.body)
