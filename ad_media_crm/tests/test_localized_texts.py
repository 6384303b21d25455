from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import AdInventoryCommon


@tagged("post_install", "-at_install")
class TestLocalizedTexts(AdInventoryCommon):
    """Texts the addon generates are in the reader's language: the customer's on his order and
    credit note, the user's on the ownership history (stored as codes, not English sentences)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search([("name", "=", "ad_media_crm")])._update_translations("zh_CN")
        cls.product.product_tmpl_id.update_field_translations("name", {"zh_CN": "报纸头版半版"})
        cls.customer1.lang = "zh_CN"
        cls.office.lang = "zh_CN"
        cls.product.invoice_policy = "order"

    def _env_of(self, user):
        """The environment of ``user``'s session: his language, as the web client sends it."""
        return self.env(user=user, context=user.with_user(user).context_get())

    def test_make_good_texts_in_the_customers_language(self):
        order = self._ad_order(self.customer1, self.rep1, self.front, date(2027, 5, 3), date(2027, 5, 7))
        line = order.order_line
        self.assertIn("报纸头版半版", line.name, "Odoo writes the line in the customer's language")
        self.assertNotIn("Front page", line.name)
        order.with_user(self.rep1).action_confirm()
        MakeGood = self.env["ad.make.good"].with_user(self.manager1)  # an English-speaking manager
        replacement = MakeGood.create(
            {"sale_line_id": line.id, "reason": "Did not run", "date_start": date(2027, 5, 10),
             "date_end": date(2027, 5, 10)}
        )  # fmt: skip
        replacement.action_apply()
        self.assertEqual(replacement.replacement_line_id.name, f"{line.name} 的补播")
        order.sudo()._create_invoices().action_post()
        credit = MakeGood.create({"sale_line_id": line.id, "reason": "版面错位", "remedy": "credit"})
        credit.action_apply()
        self.assertEqual(credit.credit_note_id.ref, "补播/补登：版面错位")
        # control: an English customer's texts stay English
        english = self._ad_order(self.customer2, self.rep2, self.front, date(2027, 6, 3), date(2027, 6, 3))
        english.with_user(self.rep2).action_confirm()
        english_line = english.order_line
        other = MakeGood.sudo().create(
            {"sale_line_id": english_line.id, "reason": "Did not run", "date_start": date(2027, 6, 10),
             "date_end": date(2027, 6, 10)}
        )  # fmt: skip
        other.action_apply()
        self.assertEqual(other.replacement_line_id.name, f"Make-good of {english_line.name}")

    def test_ownership_history_in_the_readers_language(self):
        self.env["ad.customer.pool"].with_user(self.rep1).browse(self.pool_customer.id).action_claim()
        claimed = self._last_assignment(self.pool_customer)
        with freeze_time(fields.Date.today() + timedelta(days=400)):
            self.env["res.partner"]._cron_ad_release_expired_claims()
        released = self._last_assignment(self.pool_customer)
        self._order(self.pool_customer, self.rep2, creator=self.office).with_user(self.rep2).action_confirm()
        first_order = self._last_assignment(self.pool_customer)
        allocated = self._last_assignment(self.customer3)  # set up with a typed reason
        history = claimed | released | first_order | allocated
        self.assertEqual(
            [(a.reason_code, a.reason) for a in history],
            [("pool_claim", False), ("expired", False), ("first_order", False), (False, "test set-up")],
            "standard reasons are stored as codes, typed ones as typed",
        )
        office_view = history.with_env(self._env_of(self.office))
        self.assertEqual(office_view.mapped("reason_display"), ["从公海认领", "保护期已过", "首次签单", "test set-up"])
        self.assertEqual(dict(office_view._fields["kind"]._description_selection(office_view.env))["first_order"],
                         "首次签单")  # fmt: skip
        # control: an English reader sees the English labels of the same rows
        self.assertEqual(
            history.with_env(self._env_of(self.director)).mapped("reason_display"),
            ["Claimed from the shared pool", "Protection period expired", "First confirmed order", "test set-up"],
        )
