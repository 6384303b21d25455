from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import tagged

from .common import AdMediaCommon


@tagged("post_install", "-at_install")
class TestOwnershipPaths(AdMediaCommon):
    """Ownership changes only through ownership paths, and a new owner gets the whole history."""

    def test_reparenting_cannot_move_customers(self):
        Partner = self.env["res.partner"]
        free_company = Partner.create({"name": "Harbour Logistics", "is_company": True})
        self.assertFalse(free_company.ad_managed)
        quotation = self._order(free_company, self.rep2)
        # rep1 makes a colleague's unmanaged company a contact of his own customer
        with self.assertRaises(AccessError):
            free_company.with_user(self.rep1).write({"parent_id": self.customer1.id, "is_company": False})
        self.assertFalse(free_company.parent_id)
        self.assertFalse(quotation.ad_owner_id, "the colleague keeps his quotation")
        # ... or his own customer under an unmanaged company (the customer would leave the rules)
        with self.assertRaises(AccessError):
            self.customer1.with_user(self.rep1).write({"parent_id": free_company.id, "is_company": False})
        self.assertTrue(self.customer1.ad_managed)
        # ... or a contact of his customer under another rep's customer
        with self.assertRaises(AccessError):
            self.contact1.with_user(self.rep1).write({"parent_id": self.customer2.id})
        self.assertEqual(self.contact1.parent_id, self.customer1)
        # control: a contact moves between his own customers; the office may re-parent
        own2 = self._customer("Sunrise Water", self.rep1)
        self.contact1.with_user(self.rep1).write({"parent_id": own2.id})
        self.assertEqual(self.contact1.ad_owner_id, self.rep1)
        free_company.with_user(self.office).write({"parent_id": self.customer1.id, "is_company": False})
        self.assertEqual(quotation.ad_owner_id, self.rep1)

    def test_creation_tricks_create_no_unmanaged_copy(self):
        Partner = self.env["res.partner"].with_user(self.rep2)
        for values in (
            {"ad_managed": False},
            {"ad_managed": False, "user_ids": [(6, 0, [])]},
            {"ad_owner_id": self.rep1.id, "ad_ownership_state": "owned"},
        ):
            partner = Partner.create(dict(values, name="Fresh Fish Market", is_company=True))
            self.assertEqual(
                (partner.ad_managed, partner.ad_owner_id, partner.ad_ownership_state), (True, self.rep2, "claimed")
            )
            partner.sudo().unlink()
        with self.assertRaises(RedirectWarning, msg="a copy of another rep's customer is a duplicate"):
            Partner.create({"name": "Sunrise Beverages", "is_company": True, "ad_managed": False, "user_ids": []})
        rows = Partner.load(["name", "is_company", "ad_managed"], [["Imported Tea Shop", "1", "0"]])
        self.assertFalse(rows["messages"])
        imported = self.env["res.partner"].browse(rows["ids"])
        self.assertEqual((imported.ad_managed, imported.ad_owner_id), (True, self.rep2))
        # an import that updates another rep's customer by id fails
        rows = Partner.load([".id", "name"], [[str(self.customer1.id), "Hijacked"]])
        self.assertTrue(rows["messages"])
        self.assertNotEqual(self.customer1.name, "Hijacked")

    def test_transfer_gives_the_whole_history_to_the_new_owner(self):
        # an order sold by rep2 (office order for the customer) and one by rep1, with rep1 following
        order_by_rep1 = self._order(self.customer1, self.rep1).sudo()
        order_by_rep2 = self._order(self.customer1, self.rep2, creator=self.office).sudo()
        order_by_rep1.action_confirm()
        invoice = order_by_rep1._create_invoices()
        invoice.action_post()
        order_by_rep1.message_subscribe(partner_ids=self.rep1.partner_id.ids)
        activity = order_by_rep1.activity_schedule("mail.mail_activity_data_todo", user_id=self.rep1.id)
        partner_activity = self.customer1.activity_schedule("mail.mail_activity_data_todo", user_id=self.rep1.id)
        done_by_other = self.customer1.activity_schedule("mail.mail_activity_data_todo", user_id=self.manager1.id)

        self.customer1._ad_assign_owner(self.rep3, "rep1 moved to TV")

        Order = self.env["sale.order"].with_user(self.rep3)
        self.assertEqual(
            Order.search([("partner_id", "=", self.customer1.id)]), order_by_rep1 | order_by_rep2, "whole history"
        )
        self.assertEqual(self.env["account.move"].with_user(self.rep3).search([("id", "=", invoice.id)]), invoice)
        self.assertFalse(self.env["sale.order"].with_user(self.rep1).search([("partner_id", "=", self.customer1.id)]))
        self.assertNotIn(self.rep1.partner_id, order_by_rep1.message_partner_ids, "the old owner stops following")
        self.assertNotIn(self.rep1.partner_id, self.customer1.message_partner_ids)
        self.assertIn(self.rep3.partner_id, order_by_rep1.message_partner_ids)
        self.assertEqual((activity.user_id, partner_activity.user_id), (self.rep3, self.rep3))
        self.assertEqual(done_by_other.user_id, self.manager1, "other people's activities stay")
        order_by_rep1.with_user(self.rep3).message_post(body="new owner writes")  # he can work on it

    def test_merge_recomputes_owners(self):
        order_a = self._order(self.customer1, self.rep1).sudo()
        duplicate = self._customer("Sunrise Beverage (dup)", self.rep2, vat="91310000MA1FL0XXXX")
        order_b = self._order(duplicate, self.rep2).sudo()
        contact_b = self.env["res.partner"].create({"name": "Li Na", "parent_id": duplicate.id})
        order_b.message_subscribe(partner_ids=self.rep2.partner_id.ids)
        # Odoo's merge reads every partner field: administrators (or the office with Settings) merge
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.env.ref("base.user_admin"))
        wizard._merge((self.customer1 | duplicate).ids, self.customer1)
        self.assertFalse(duplicate.exists())
        self.assertEqual(order_b.partner_id, self.customer1)
        self.assertEqual((order_b.ad_owner_id, order_b.order_line.ad_owner_id), (self.rep1, self.rep1))
        self.assertEqual(contact_b.ad_owner_id, self.rep1)
        self.assertEqual(
            self.env["sale.order"].with_user(self.rep1).search([("partner_id", "=", self.customer1.id)]),
            order_a | order_b,
        )
        self.assertFalse(self.env["sale.order"].with_user(self.rep2).search([("id", "in", (order_a | order_b).ids)]))
        order_b.invalidate_recordset()
        self.assertNotIn(self.rep2.partner_id, order_b.message_partner_ids, "the old owner stops following")
        self.assertEqual(self._last_assignment(self.customer1).kind, "merge")

    def test_install_on_existing_data(self):
        Partner = self.env["res.partner"]
        owned = Partner.create(
            {"name": "Old Client Ltd", "is_company": True, "customer_rank": 3, "user_id": self.rep1.id}
        )
        pooled = Partner.create({"name": "Old Prospect Ltd", "is_company": True, "customer_rank": 1})
        contact = Partner.create({"name": "Zhao Lei", "parent_id": owned.id})
        vendor = Partner.create({"name": "Paper Supplier", "is_company": True, "supplier_rank": 2})
        order = self._order(owned, self.rep2, creator=self.env.user)
        self.assertFalse(owned.ad_managed or pooled.ad_managed or order.ad_managed, "unmanaged before")

        done = Partner._ad_manage_existing_customers()

        self.assertTrue(owned | pooled <= done)
        self.assertEqual((owned.ad_managed, owned.ad_owner_id, owned.ad_ownership_state), (True, self.rep1, "owned"))
        self.assertEqual(
            (pooled.ad_managed, pooled.ad_owner_id, pooled.ad_ownership_state), (True, self.env["res.users"], "pool")
        )
        self.assertTrue(owned.ad_customer_code)
        self.assertEqual((contact.ad_managed, contact.ad_owner_id), (True, self.rep1))
        self.assertFalse(vendor.ad_managed)
        self.assertFalse(self.env.company.partner_id.ad_managed or self.rep1.partner_id.ad_managed)
        self.assertEqual(order.ad_owner_id, self.rep1)
        self.assertFalse(Partner.with_user(self.rep2).search([("id", "in", (owned | pooled | contact).ids)]))
        self.assertEqual(Partner.with_user(self.rep1).search([("id", "in", (owned | pooled).ids)]), owned)

    def test_detached_contact_becomes_a_claim_and_keys_are_computed(self):
        Partner = self.env["res.partner"]
        vendor = Partner.create({"name": "Ink Supplier", "is_company": True})
        copy = Partner.with_user(self.rep1).create({"name": "Golden Dragon Motors", "parent_id": vendor.id})
        self.assertFalse(copy.ad_managed, "a contact of an unmanaged company")
        with self.assertRaises(RedirectWarning, msg="detached, it is a customer: the duplicate check applies"):
            copy.write({"parent_id": False})
        with self.assertRaises(RedirectWarning, msg="another rep's customer's phone, even on a contact"):
            Partner.with_user(self.rep1).create({"name": "Someone", "parent_id": vendor.id, "phone": "010 6666 0202"})
        branch = Partner.with_user(self.rep1).create(
            {"name": "Sunrise North", "is_company": True, "parent_id": self.customer1.id}
        )
        self.assertEqual(
            (branch.ad_owner_id, branch.ad_ownership_state), (self.rep1, "claimed"), "a company is a claim"
        )
        fresh = Partner.with_user(self.rep1).create({"name": "Lone Trader", "parent_id": vendor.id})
        fresh.write({"parent_id": False})
        self.assertEqual((fresh.ad_managed, fresh.ad_owner_id, fresh.ad_ownership_state), (True, self.rep1, "claimed"))
        for values in ({"ad_is_customer": False}, {"ad_name_key": "x"}, {"ad_phone_keys": False}, {"ad_vat_key": "1"}):
            with self.assertRaises(AccessError, msg=str(values)):
                self.customer1.with_user(self.rep1).write(values)
        self.assertTrue(self.customer1.ad_is_customer)

    def test_pool_claim_names_nothing(self):
        with self.assertRaises(UserError) as caught:
            self.env["ad.customer.pool"].with_user(self.rep1).browse(self.customer3.id).action_claim()
        self.assertNotIn(self.customer3.name, str(caught.exception))
