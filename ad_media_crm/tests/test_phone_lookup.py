from odoo.tests import tagged

from ..models.res_partner import normalize_phone
from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestPhoneLookup(AdMediaCommon):
    def _lookup(self, number, user=None):
        return self.env["res.partner"].with_user(user or self.director).search([("ad_phone_lookup", "ilike", number)])

    def test_any_formatting_finds_customer(self):
        for typed in (
            "+86 21 5555 0101",
            "021-5555-0101",
            "(021) 55550101",
            "0086 21 5555 0101",
            "2155550101",
            "８６２１５５５５０１０１",
        ):
            self.assertEqual(self._lookup(typed), self.customer1, typed)

    def test_finds_contacts_by_mobile(self):
        self.contact1.mobile = "138 0013 8000"
        self.assertEqual(self._lookup("+8613800138000"), self.contact1)
        self.assertEqual(self._lookup("13800138000"), self.contact1)

    def test_rep_only_finds_what_he_may_see(self):
        self.assertFalse(self._lookup("010 6666 0202", self.rep1))
        self.assertEqual(self._lookup("010 6666 0202", self.rep2), self.customer2)

    def test_normalize_phone(self):
        self.assertEqual(normalize_phone("+86 (10) 6666-0202"), "1066660202")
        self.assertEqual(normalize_phone("010 6666 0202"), "1066660202")
        self.assertEqual(normalize_phone("+86 138-0013-8000"), "13800138000")
        self.assertEqual(normalize_phone("no digits"), "")
