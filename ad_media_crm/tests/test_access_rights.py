import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestAccessRights(AdMediaCommon):
    """Rep Two attacks Rep One's customer (customer1) through every path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order1 = (
            cls.env["sale.order"]
            .with_user(cls.rep1)
            .create({"partner_id": cls.customer1.id, "order_line": [(0, 0, {"product_id": cls.product.id})]})
        )
        cls.order1.action_confirm()
        cls.invoice1 = cls.order1._create_invoices()
        cls.invoice1.action_post()
        cls.attachment1 = cls.env["ir.attachment"].create(
            {
                "name": "contract.pdf",
                "res_model": "res.partner",
                "res_id": cls.customer1.id,
                "datas": base64.b64encode(b"secret"),
            }
        )
        cls.lead1 = (
            cls.env["crm.lead"].with_user(cls.rep1).create({"name": "Sunrise summer", "partner_id": cls.customer1.id})
        )
        cls.attacker = cls.rep2

    def as_attacker(self, model):
        return self.env[model].with_user(self.attacker)

    def test_search_and_count(self):
        Partner = self.as_attacker("res.partner")
        self.assertFalse(Partner.search([("id", "=", self.customer1.id)]))
        self.assertFalse(Partner.search([("name", "ilike", "Sunrise")]))
        self.assertFalse(Partner.search([("id", "=", self.contact1.id)]), "contacts follow their company")
        self.assertEqual(Partner.search_count([("ad_owner_id", "=", self.rep1.id)]), 0)
        self.assertIn(self.customer2, Partner.search([("ad_is_customer", "=", True)]))

    def test_read(self):
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.attacker).read(["name", "phone"])
        with self.assertRaises(AccessError):
            self.contact1.with_user(self.attacker).read(["email"])
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.attacker).web_read({"name": {}})

    def test_name_search(self):
        Partner = self.as_attacker("res.partner")
        self.assertFalse(Partner.name_search("Sunrise"))
        self.assertFalse(Partner.name_search("Wang Wei"))
        self.assertFalse(Partner.name_search(self.customer1.ad_customer_code))

    def test_read_group(self):
        groups = self.as_attacker("res.partner").read_group(
            [("ad_is_customer", "=", True)], ["ad_owner_id"], ["ad_owner_id"]
        )
        self.assertNotIn(self.rep1.id, [g["ad_owner_id"] and g["ad_owner_id"][0] for g in groups])
        sale_groups = self.as_attacker("sale.report").read_group([], ["price_total:sum"], ["partner_id"])
        self.assertNotIn(self.customer1.id, [g["partner_id"] and g["partner_id"][0] for g in sale_groups])
        with self.assertRaises(AccessError):
            self.as_attacker("account.invoice.report").read_group([], ["price_subtotal:sum"], ["partner_id"])
        self.assertFalse(self.as_attacker("crm.activity.report").search([("partner_id", "=", self.customer1.id)]))

    def test_export(self):
        with self.assertRaisesRegex(UserError, "rights to export"):
            self.customer2.with_user(self.attacker).export_data(["name"])
        self.attacker.groups_id |= self.env.ref("base.group_allow_export")
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.attacker).export_data(["name", "phone"])
        rows = self.as_attacker("res.partner").search([("ad_is_customer", "=", True)]).export_data(["name"])["datas"]
        self.assertNotIn(["Sunrise Beverages Co., Ltd."], rows)

    def test_documents_of_the_customer(self):
        for model, record in (
            ("sale.order", self.order1),
            ("sale.order.line", self.order1.order_line),
            ("account.move", self.invoice1),
            ("account.move.line", self.invoice1.line_ids),
            ("crm.lead", self.lead1),
        ):
            with self.subTest(model=model):
                self.assertFalse(self.as_attacker(model).search([("id", "in", record.ids)]))
                with self.assertRaises(AccessError):
                    record.with_user(self.attacker).read(["display_name"])
        with self.assertRaises(AccessError):
            self.order1.with_user(self.attacker).web_read({"partner_id": {"fields": {"display_name": {}}}})

    def test_documents_where_he_is_salesperson_but_not_owner(self):
        """Odoo's own 'my orders' rule would show these; ownership rules must win."""
        self.order1.sudo().user_id = self.attacker
        self.lead1.sudo().user_id = self.attacker
        self.assertFalse(self.as_attacker("sale.order").search([("id", "=", self.order1.id)]))
        self.assertFalse(self.as_attacker("sale.order.line").search([("order_id", "=", self.order1.id)]))
        self.assertFalse(self.as_attacker("crm.lead").search([("id", "=", self.lead1.id)]))

    def test_chatter_and_attachments(self):
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.attacker).message_post(body="hello")
        with self.assertRaises(AccessError):
            self.attachment1.with_user(self.attacker).read(["datas"])
        self.assertFalse(self.as_attacker("ir.attachment").search([("id", "=", self.attachment1.id)]))
        with self.assertRaises(AccessError):
            self.as_attacker("ir.attachment").create(
                {"name": "x.txt", "res_model": "res.partner", "res_id": self.customer1.id, "raw": b"x"}
            )
        messages = self.as_attacker("mail.message").search(
            [("model", "=", "res.partner"), ("res_id", "=", self.customer1.id)]
        )
        self.assertFalse(messages)

    def test_cannot_create_documents_for_it(self):
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.attacker).create(
                {"partner_id": self.customer1.id, "user_id": self.attacker.id}
            )
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.attacker).create({"name": "steal", "partner_id": self.customer1.id})
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.attacker).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.customer1.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "user_id": self.attacker.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.attacker).create({"name": "spy", "parent_id": self.customer1.id})

    def test_cannot_take_it(self):
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.attacker).write({"ad_owner_id": self.attacker.id})
        mine = self.customer2.with_user(self.attacker)
        with self.assertRaises(AccessError):
            mine.write({"ad_owner_id": self.rep3.id})
        self.assertEqual((self.customer1.ad_owner_id, self.customer2.ad_owner_id), (self.rep1, self.rep2))

    def test_internal_partners_unaffected(self):
        Partner = self.as_attacker("res.partner")
        visible = Partner.search([("id", "in", (self.rep1.partner_id | self.env.company.partner_id).ids)])
        self.assertEqual(visible, self.rep1.partner_id | self.env.company.partner_id)
        vendor = self.env["res.partner"].create({"name": "Paper Supplier", "is_company": True})
        self.assertFalse(vendor.ad_managed)
        self.assertTrue(Partner.search([("id", "=", vendor.id)]))

    def test_who_sees_what(self):
        customers = self.customer1 | self.customer2 | self.customer3 | self.pool_customer
        expectations = {
            self.rep1: self.customer1,
            self.rep2: self.customer2,
            self.manager1: self.customer1 | self.customer2,
            self.manager2: self.customer3,
            self.office: customers,
            self.director: customers,
            self.accountant: customers,
        }
        for user, expected in expectations.items():
            with self.subTest(user=user.login):
                seen = self.env["res.partner"].with_user(user).search([("id", "in", customers.ids)])
                self.assertEqual(seen, expected)
        orders = self.env["sale.order"].with_user(self.manager2).search([("id", "=", self.order1.id)])
        self.assertFalse(orders)
        self.assertTrue(self.env["account.move"].with_user(self.accountant).search([("id", "=", self.invoice1.id)]))
