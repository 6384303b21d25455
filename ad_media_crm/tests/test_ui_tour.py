from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOwnershipTour(HttpCase):
    """A rep creates a customer (hitting a duplicate phone), sells to it and becomes owner;
    the office reassigns it; the rep no longer sees it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, "tour_rep", groups="base.group_user,ad_media_crm.group_ad_rep", name="Tour Rep"
        )
        cls.other = new_test_user(
            cls.env, "tour_other", groups="base.group_user,ad_media_crm.group_ad_rep", name="Tour Other"
        )
        cls.office = new_test_user(
            cls.env, "tour_office", groups="base.group_user,ad_media_crm.group_ad_office", name="Tour Office"
        )
        existing = cls.env["res.partner"].create(
            {"name": "Existing Brewery", "is_company": True, "ad_managed": True, "phone": "021 6000 1234"}
        )
        existing._ad_assign_owner(cls.other, "set-up")
        cls.env["product.product"].create({"name": "Tour half page", "type": "service", "list_price": 800})

    def _run(self):
        self.start_tour("/odoo", "ad_media_crm_rep_sells_tour", login="tour_rep")
        customer = self.env["res.partner"].search([("name", "=", "Tour Noodle House")])
        self.assertEqual(customer.ad_owner_id, self.rep)
        self.assertEqual(customer.ad_ownership_state, "owned")
        self.assertEqual(customer.sale_order_ids.state, "sale")
        self.start_tour("/odoo", "ad_media_crm_office_reassigns_tour", login="tour_office")
        self.assertEqual(customer.ad_owner_id, self.other)
        self.start_tour("/odoo", "ad_media_crm_rep_lost_customer_tour", login="tour_rep")
        self.assertFalse(self.env["res.partner"].with_user(self.rep).search([("id", "=", customer.id)]))

    def test_tour_desktop(self):
        self._run()

    def test_tour_phone(self):
        self.browser_size = "375x667"
        self.touch_enabled = True
        self._run()
