from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


def _ad_user(env, login, group, name):
    return new_test_user(env, login, groups=f"base.group_user,ad_media_crm.{group}", name=name)


class DesktopAndPhone:
    """Runs the class's ``_run`` at desktop size and at phone size (touch)."""

    # Odoo's loader (odoo/tests/loader.py) collects only the test methods defined in the
    # class's own body, silently dropping these inherited ones, unless this is set.
    allow_inherited_tests_method = True

    def test_tour_desktop(self):
        self._run()

    def test_tour_phone(self):
        self.browser_size = "375x667"
        self.touch_enabled = True
        self._run()


@tagged("post_install", "-at_install")
class TestOwnershipTour(DesktopAndPhone, HttpCase):
    """A rep creates a customer (hitting a duplicate phone), sells to it and becomes owner;
    the office reassigns it; the rep no longer sees it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = _ad_user(cls.env, "tour_rep", "group_ad_rep", "Tour Rep")
        cls.other = _ad_user(cls.env, "tour_other", "group_ad_rep", "Tour Other")
        cls.office = _ad_user(cls.env, "tour_office", "group_ad_office", "Tour Office")
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


@tagged("post_install", "-at_install")
class TestBookingTour(DesktopAndPhone, HttpCase):
    """A rep books a placement for 4 weeks through the wizard, sees a clash and moves the
    runs to a free weekday, asks approval; the manager approves; the rep confirms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = _ad_user(cls.env, "tour_booker", "group_ad_rep", "Tour Booker")
        cls.boss = _ad_user(cls.env, "tour_boss", "group_ad_manager", "Tour Boss")
        cls.other = _ad_user(cls.env, "tour_seller", "group_ad_rep", "Tour Seller")
        cls.env["crm.team"].create(
            {"name": "Tour Team", "user_id": cls.boss.id, "member_ids": [(6, 0, (cls.rep | cls.other).ids)]}
        )
        cls.env.company.ad_approval_amount = 10000
        product = cls.env["product.product"].create({"name": "Tour back page", "type": "service", "list_price": 5000})
        medium = cls.env["ad.medium"].create({"name": "Tour Daily", "medium_type": "newspaper"})
        cls.slot = cls.env["ad.slot"].create(
            {"medium_id": medium.id, "name": "Tour Back Page", "code": "TBP", "product_id": product.id}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Tour Tea House", "is_company": True, "ad_managed": True})
        cls.customer._ad_assign_owner(cls.rep, "set-up")
        rival = cls.env["res.partner"].create({"name": "Tour Rival Bank", "is_company": True, "ad_managed": True})
        rival._ad_assign_owner(cls.other, "set-up")
        # the second Monday run of the wizard's default pattern is taken
        today = fields.Date.context_today(cls.slot)
        second_monday = today + timedelta(days=(0 - today.weekday()) % 7 + 7)
        cls.taken = cls.env["sale.order"].with_user(cls.other).create(
            {"partner_id": rival.id, "order_line": [(0, 0, {"product_id": product.id, "ad_slot_id": cls.slot.id,
                                                             "ad_date_start": second_monday,
                                                             "ad_date_end": second_monday})]}
        )  # fmt: skip
        cls.taken.with_user(cls.other).action_confirm()

    def _run(self):
        self.start_tour("/odoo", "ad_media_crm_rep_books_tour", login="tour_booker")
        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(order.order_line), 4)
        self.assertEqual({line.ad_date_start.weekday() for line in order.order_line}, {2}, "moved to Wednesdays")
        self.assertEqual(order.ad_approval_state, "to_approve")
        self.assertEqual(order.state, "draft")
        url = f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}"
        self.start_tour(url, "ad_media_crm_manager_approves_tour", login="tour_boss")
        self.assertEqual(order.ad_approval_state, "approved")
        self.start_tour(url, "ad_media_crm_rep_confirms_tour", login="tour_booker")
        self.assertEqual(order.state, "sale")
        self.assertEqual(set(order.order_line.ad_booking_ids.mapped("state")), {"confirmed"})
