import psycopg2.errors

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.res_partner import normalize_name
from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestCustomerMaster(AdMediaCommon):
    def test_customer_code_from_sequence_and_unique(self):
        codes = (self.customer1 | self.customer2 | self.customer3 | self.pool_customer).mapped("ad_customer_code")
        self.assertEqual(len(set(codes)), 4)
        self.assertTrue(all(code.startswith("C") for code in codes))
        self.assertFalse(self.contact1.ad_customer_code, "contacts get no customer code")
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.customer2.sudo().write({"ad_customer_code": self.customer1.ad_customer_code})
            self.env.flush_all()

    def test_rep_creates_customer_with_defaults(self):
        customer = (
            self.env["res.partner"].with_user(self.rep1).create({"name": "Harbour Hotel Group", "is_company": True})
        )
        self.assertTrue(customer.ad_managed)
        self.assertTrue(customer.ad_is_customer)
        self.assertEqual(customer.ad_owner_id, self.rep1)
        self.assertEqual(customer.ad_ownership_state, "claimed")
        self.assertEqual(customer.ad_customer_type, "prospect")
        self.assertEqual(customer.ad_customer_status, "active")
        self.assertTrue(customer.ad_stage_id)
        self.assertEqual(customer.ad_assignment_ids.kind, "claim")

    def test_own_defaults_do_not_set_computed_fields(self):
        """A rep's own ir.default fills what he does not send: for the customer code, the ABC
        class or a duplicate-check key it is refused like a value he sent."""
        Partner = self.env["res.partner"].with_user(self.rep1)
        for field, value in (("ad_customer_code", "MINE-001"), ("ad_abc_class", "a"), ("ad_name_key", "x")):
            Default = self.env["ir.default"].with_user(self.rep1)
            Default.set("res.partner", field, value, user_id=True)
            with self.assertRaises(AccessError), self.cr.savepoint():
                Partner.create({"name": f"Defaulted {field}", "is_company": True})
            Default.sudo().search([("user_id", "=", self.rep1.id)]).unlink()
        # control: without the default he creates his customer, with a code from the sequence
        customer = Partner.create({"name": "Defaulted nothing", "is_company": True})
        self.assertTrue(customer.ad_customer_code.startswith("C"))
        self.assertFalse(customer.ad_abc_class)

    def test_rep_cannot_create_customer_for_someone_else(self):
        customer = (
            self.env["res.partner"]
            .with_user(self.rep1)
            .create(
                {"name": "Mountain Spring Water", "is_company": True, "ad_owner_id": self.rep2.id, "ad_managed": False}
            )
        )
        self.assertEqual(customer.ad_owner_id, self.rep1, "a rep's new customer is always his own claim")
        self.assertTrue(customer.ad_managed)

    def test_contacts_follow_their_company(self):
        self.assertTrue(self.contact1.ad_managed)
        self.assertEqual(self.contact1.ad_owner_id, self.rep1)
        self.assertFalse(self.contact1.ad_is_customer)
        self.customer1._ad_assign_owner(self.rep2, "reassigned")
        self.assertEqual(self.contact1.ad_owner_id, self.rep2)
        self.assertEqual(self.contact1.ad_team_id, self.team1)
        contact = self.env["res.partner"].with_user(self.rep2).create({"name": "Li Na", "parent_id": self.customer1.id})
        self.assertEqual(contact.ad_owner_id, self.rep2)

    def test_main_contact_group_and_agency(self):
        subsidiary = self._customer("Sunrise Beverages Shanghai", self.rep2)
        agency = self._customer("Pacific Media Agency", self.rep1, ad_customer_kind="agency")
        self.customer1.write({"ad_main_contact_id": self.contact1.id})
        subsidiary.write({"ad_group_parent_id": self.customer1.id})
        agency.write({"ad_brand_ids": [(6, 0, (self.customer1 | subsidiary).ids)]})
        self.assertEqual(self.customer1.ad_subsidiary_ids, subsidiary)
        self.assertEqual(subsidiary.ad_owner_id, self.rep2, "a subsidiary keeps its own owner")
        self.assertEqual(agency.ad_brand_ids, self.customer1 | subsidiary)
        self.assertEqual(self.customer1.ad_main_contact_id.ad_contact_role, "decision_maker")

    def test_search_and_group_by(self):
        Partner = self.env["res.partner"].with_user(self.director)
        self.customer2.ad_customer_type = "key"
        keys = Partner.search([("ad_is_customer", "=", True), ("ad_customer_type", "=", "key")])
        self.assertIn(self.customer2, keys)
        self.assertNotIn(self.customer1, keys)
        groups = Partner.read_group([("ad_is_customer", "=", True)], ["ad_owner_id"], ["ad_owner_id"])
        counts = {g["ad_owner_id"][0] if g["ad_owner_id"] else False: g["ad_owner_id_count"] for g in groups}
        self.assertEqual(counts[self.rep1.id], 1)
        self.assertGreaterEqual(counts[False], 1)

    def test_import_and_export(self):
        Partner = self.env["res.partner"].with_user(self.office)
        result = Partner.load(
            ["name", "is_company", "ad_managed", "ad_customer_type", "phone"],
            [["Imported Cinema Chain", "1", "1", "target", "020-1234 5678"]],
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = Partner.browse(result["ids"])
        self.assertTrue(imported.ad_customer_code)
        self.assertEqual(imported.ad_ownership_state, "pool")
        rows = imported.export_data(["ad_customer_code", "name", "ad_customer_type"])["datas"]
        self.assertEqual(rows, [[imported.ad_customer_code, "Imported Cinema Chain", "Target"]])

    def test_normalize_name(self):
        self.assertEqual(normalize_name("北京 阳光 广告有限公司"), normalize_name("北京阳光广告"))
        self.assertEqual(normalize_name("ＡＢＣ　Media Co., Ltd."), normalize_name("abc media"))
        self.assertEqual(normalize_name("Sunrise Beverages Co., Ltd."), "sunrisebeverages")
        self.assertEqual(normalize_name("上海星辰传媒股份有限公司"), "上海星辰传媒")
        self.assertNotEqual(normalize_name("上海星辰传媒"), normalize_name("上海星光传媒"))
