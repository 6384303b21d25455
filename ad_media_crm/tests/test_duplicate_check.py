from odoo.exceptions import AccessError, RedirectWarning
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestDuplicateCheck(AdMediaCommon):
    def _create_as(self, user, **vals):
        return self.env["res.partner"].with_user(user).create(dict({"is_company": True}, **vals))

    def assertBlocked(self, user, **vals):
        count = self.env["res.partner"].search_count([])
        with self.assertRaises(RedirectWarning) as caught:
            self._create_as(user, **vals)
        self.assertEqual(self.env["res.partner"].search_count([]), count, "nothing was created")
        return caught.exception

    def test_same_name_other_legal_form_is_blocked_and_names_owner(self):
        error = self.assertBlocked(self.rep2, name="ＳＵＮＲＩＳＥ  Beverages 有限公司")
        message, action_id, _button, context = error.args
        self.assertIn("Rep One", message)
        self.assertNotIn("Sunrise", message, "the clashing customer itself is not revealed")
        self.assertNotIn(self.customer1.ad_customer_code, message)
        self.assertEqual(action_id, self.env.ref("ad_media_crm.action_ad_transfer_request_new").id)
        self.assertNotIn(str(self.customer1.id), str(context), "no id of the clashing customer either")
        request = (
            self.env["ad.transfer.request"].with_user(self.rep2).with_context(**context).create({"reason": "fair"})
        )
        self.assertEqual(request.sudo().partner_id, self.customer1, "the office sees which customer it is")

    def test_phone_in_other_format_is_blocked(self):
        error = self.assertBlocked(self.rep2, name="Another name", phone="0086 (21) 5555-0101")
        self.assertIn("Rep One", error.args[0])

    def test_contact_email_and_tax_id_are_blocked(self):
        self.customer3.sudo().vat = "91310000 MA1FL1234X"
        self.assertBlocked(self.rep1, name="Mail clash", email="Wang.Wei@sunrise.example")
        error = self.assertBlocked(self.rep1, name="Tax clash", vat="91310000ma1fl1234x")
        self.assertIn("Rep Three", error.args[0])

    def test_pool_customer_clash_names_the_pool(self):
        error = self.assertBlocked(self.rep1, name="Green Valley Dairy Ltd")
        self.assertIn("shared pool", error.args[0])

    def test_renaming_into_a_clash_is_blocked(self):
        mine = self._create_as(self.rep2, name="Completely New Brand")
        with self.assertRaises(RedirectWarning):
            mine.with_user(self.rep2).write({"phone": "021 5555 0101"})
        self.assertFalse(mine.phone)

    def test_warning_shown_while_typing(self):
        form_record = (
            self.env["res.partner"]
            .with_user(self.rep2)
            .new({"name": "New Co", "phone": "+86 21-5555-0101", "ad_managed": True})
        )
        self.assertIn("Rep One", form_record.ad_duplicate_warning)

    def test_office_may_create_and_merge(self):
        duplicate = self._create_as(self.office, name="Sunrise Beverages", ad_managed=True)
        self.assertTrue(duplicate.ad_duplicate_warning, "the office is warned, not blocked")
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.office)
            .with_context(active_model="res.partner", active_ids=(self.customer1 | duplicate).ids)
            .create({})
        )
        wizard.dst_partner_id = self.customer1
        wizard.action_merge()
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.customer1.ad_owner_id, self.rep1)

    def test_transfer_request_hides_customer_from_requester(self):
        request = (
            self.env["ad.transfer.request"]
            .with_user(self.rep2)
            .with_context(default_partner_id=self.customer3.id)  # ignored: found from the details
            .create({"reason": "I signed them at the trade fair", "duplicate_query": '{"phone": "021-5555 0101"}'})
        )
        with self.assertRaises(AccessError):
            request.with_user(self.rep2).read(["partner_id"])
        self.assertEqual(request.with_user(self.rep2).read(["state"])[0]["state"], "new")
        self.assertTrue(request.sudo().activity_ids, "the office gets a to-do")
        with self.assertRaises(AccessError):
            request.with_user(self.rep2).action_approve()
        request.with_user(self.office).action_approve()
        self.assertEqual(self.customer1.ad_owner_id, self.rep2)
        self.assertEqual(self._last_assignment(self.customer1).kind, "transfer")
