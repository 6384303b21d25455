from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AdMediaCommon

# Models that name a partner (many2one to res.partner) or a document (res_model/res_id) and
# that a rep may read, yet need no ownership rule of the addon, with the reason.
SAFE_MODELS = {
    "res.users": "users are staff, not customers",
    "res.company": "companies of the group itself",
    "mail.message": "Odoo checks the document of each message",
    "mail.activity": "Odoo checks the document; moving one is checked as creating it (mail_activity.py)",
    "mail.followers": "filtered by document and partner visibility (mail_followers.py)",
    "mail.notification": "Odoo checks the message, hence the document",
    "mail.mail": "Odoo checks the message, hence the document",
    "mail.message.reaction": "Odoo checks the message, hence the document",
    "mail.link.preview": "Odoo checks the message, hence the document",
    "mail.message.link.preview": "Odoo checks the message, hence the document",
    "mail.tracking.value": "Odoo checks the message, hence the document",
    "mail.scheduled.message": "Odoo checks the document",
    "ir.attachment": "Odoo checks the document of each attachment",
    "discuss.channel": "chat channels, checked by membership",
    "discuss.channel.member": "chat channels, checked by membership",
    "discuss.channel.rtc.session": "chat channels, checked by membership",
    "res.partner": "the customer rule itself (res_partner_rule_ad_owner)",
    "crm.team": "sales teams, staff only",
    "crm.team.member": "sales teams, staff only",
    "res.users.settings": "own settings only (Odoo rule)",
    "res.users.settings.volumes": "own settings only (Odoo rule)",
    "bus.presence": "presence of users",
    "mail.guest": "chat guests, not customers",
    "rating.rating": "Odoo checks the rated document",
    "account.analytic.account": "analytic accounts of the group, not customer documents",
    "account.analytic.line": "analytic entries of the group, not customer documents",
    "sms.sms": "Odoo restricts SMS to administrators",
    "snailmail.letter": "Odoo checks the document",
    "mail.activity.plan": "activity plans, templates",
    "mail.activity.plan.template": "activity plans, templates",
    "mail.template": "mail templates",
    "res.partner.category": "tags",
    "res.partner.industry": "industries",
    "res.partner.title": "titles",
    "phone.blacklist": "opt-out numbers, no customer data beyond the number",
    "mail.blacklist": "opt-out addresses, no customer data beyond the address",
    "calendar.event.type": "meeting tags",
    "calendar.alarm": "meeting reminders, no customer",
    "calendar.filters": "own calendar filters (Odoo rule)",
    "calendar.recurrence": "recurrence rules, reached through their meetings",
    "account.payment.term": "payment terms",
    "account.fiscal.position": "fiscal positions",
    "account.journal": "journals of the company",
    "account.tax": "taxes",
    "account.account": "chart of accounts",
    "product.pricelist": "price lists",
    "product.supplierinfo": "vendor prices of products (vendors are not customers)",
    "utm.source": "marketing sources",
    "utm.campaign": "marketing campaigns",
    "ad.transfer.request": "own requests only, the customer field is office-only",
    "ad.customer.pool": "the shared pool, visible to reps on purpose (setting)",
    "ad.slot.occupancy": "booked quantities per date, without customers",
    "sale.order.template": "quotation templates",
    "product.document": "documents of products (datasheets), not of customers",
    "quotation.document": "quotation headers and footers, not of customers",
    "link.tracker": "short links",
    "auth_totp.device": "own devices",
    "res.users.apikeys": "own keys",
}


@tagged("post_install", "-at_install")
class TestCustomerRecords(AdMediaCommon):
    """Every record that names a customer follows the customer's visibility."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order1 = cls._order(cls, cls.customer1, cls.rep1)
        cls.order1.message_subscribe(partner_ids=cls.contact1.ids)
        cls.order3 = cls._order(cls, cls.customer3, cls.rep3)
        cls.order3.message_subscribe(partner_ids=cls.rep3.partner_id.ids)

    def test_every_model_naming_a_customer_is_covered(self):
        """A model a rep can read that names a partner or a document needs an ownership rule
        of the addon or a reason in SAFE_MODELS: a new model cannot forget."""
        rules = self.env["ir.rule"].sudo().search([("global", "=", True)])
        ruled = {
            rule.model_id.model
            for rule in rules
            if "ad_" in (rule.domain_force or "") and rule.get_external_id()[rule.id].startswith("ad_media_crm.")
        }
        uncovered = []
        for name in sorted(self.env.registry.models):
            Model = self.env[name]
            if Model._abstract or Model._transient or not Model.with_user(self.rep1).has_access("read"):
                continue
            names_partner = any(
                field.type == "many2one" and field.comodel_name == "res.partner" and field.store
                for field in Model._fields.values()
            )
            names_document = "res_id" in Model._fields and ("res_model" in Model._fields or "model" in Model._fields)
            if (names_partner or names_document) and name not in ruled and name not in SAFE_MODELS:
                uncovered.append(name)
        self.assertEqual(uncovered, [], "models naming customers without an ownership rule or a reason")
        for name in self.env["ad.owned.mixin"]._ad_owned_models():
            self.assertIn(name, ruled, f"{name} uses the mixin but has no rule")

    def test_followers(self):
        Followers = self.env["mail.followers"].with_user(self.rep3)
        on_order1 = [("res_model", "=", "sale.order"), ("res_id", "=", self.order1.id)]
        self.assertFalse(Followers.search(on_order1))
        self.assertFalse(Followers.search([("partner_id", "=", self.contact1.id)]))
        with self.assertRaises(AccessError):
            self.order1.message_follower_ids.with_user(self.rep3).read(["partner_id"])
        # control: his own order's followers
        own = Followers.search([("res_model", "=", "sale.order"), ("res_id", "=", self.order3.id)])
        self.assertIn(self.rep3.partner_id, own.partner_id)
        self.assertTrue(self.order3.with_user(self.rep3).message_follower_ids)
        self.assertEqual(
            self.env["mail.followers"].with_user(self.rep1).search(on_order1).partner_id & self.contact1, self.contact1
        )

    def test_calendar_meetings(self):
        Event = self.env["calendar.event"]
        meeting = Event.with_user(self.rep1).create(
            {"name": "Tasting at Sunrise", "start": "2030-05-02 08:00:00", "stop": "2030-05-02 09:00:00",
             "partner_ids": [(6, 0, (self.rep1.partner_id | self.contact1).ids)]}
        )  # fmt: skip
        self.assertFalse(Event.with_user(self.rep3).search([("id", "=", meeting.id)]))
        self.assertFalse(Event.with_user(self.rep3).search([("partner_ids", "in", self.contact1.ids)]))
        with self.assertRaises(AccessError):
            meeting.with_user(self.rep3).read(["name"])
        Attendee = self.env["calendar.attendee"].with_user(self.rep3)
        self.assertFalse(Attendee.search([("partner_id", "=", self.contact1.id)]))
        # control: rep1 and his manager see it; a meeting of the other team's customer is rep3's
        self.assertEqual(Event.with_user(self.rep1).search([("id", "=", meeting.id)]), meeting)
        self.assertEqual(Event.with_user(self.manager1).search([("id", "=", meeting.id)]), meeting)
        self.assertTrue(Attendee.with_user(self.rep1).search([("partner_id", "=", self.contact1.id)]))
        internal = Event.with_user(self.rep1).create(
            {"name": "Team lunch", "start": "2030-05-03 04:00:00", "stop": "2030-05-03 05:00:00",
             "partner_ids": [(6, 0, (self.rep1.partner_id | self.rep3.partner_id).ids)]}
        )  # fmt: skip
        self.assertEqual(Event.with_user(self.rep3).search([("id", "=", internal.id)]), internal)

    def test_bank_accounts_and_payment_tokens(self):
        bank = self.env["res.partner.bank"].create(
            {"acc_number": "6222 0212 0000 0001", "partner_id": self.customer1.id}
        )
        Bank = self.env["res.partner.bank"]
        self.assertFalse(Bank.with_user(self.rep3).search([("id", "=", bank.id)]))
        self.assertFalse(Bank.with_user(self.rep3).search([("acc_number", "ilike", "6222")]))
        with self.assertRaises(AccessError):
            bank.with_user(self.rep3).read(["acc_number"])
        self.assertEqual(Bank.with_user(self.rep1).search([("id", "=", bank.id)]), bank)
        provider = self.env["payment.provider"].create({"name": "Test Bank Transfer", "code": "none"})
        token = self.env["payment.token"].create(
            {"provider_id": provider.id, "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
             "partner_id": self.customer1.id, "provider_ref": "ref-1", "payment_details": "1234"}
        )  # fmt: skip
        self.assertFalse(self.env["payment.token"].with_user(self.rep3).search([("id", "=", token.id)]))
        self.assertEqual(self.env["payment.token"].with_user(self.rep1).search([("id", "=", token.id)]), token)

    def test_activity_cannot_be_moved_to_another_customer(self):
        activity = self.customer1.activity_schedule("mail.mail_activity_data_todo", user_id=self.rep1.id)
        with self.assertRaises(AccessError):
            activity.with_user(self.rep1).write({"res_id": self.customer3.id})
        with self.assertRaises(AccessError):
            activity.with_user(self.rep1).write({"res_model_id": self.env["ir.model"]._get_id("sale.order"),
                                                 "res_id": self.order3.id})  # fmt: skip
        self.assertEqual(activity.res_id, self.customer1.id)
        # control: onto another of his own records
        own2 = self._customer("Sunrise Water", self.rep1)
        activity.with_user(self.rep1).write({"res_id": own2.id})
        self.assertEqual(activity.res_id, own2.id)

    def test_no_name_oracle(self):
        """Pointing one's own record at another rep's customer is refused without naming it."""
        secret = self.customer3.name
        attempts = [
            (self.order1, {"partner_invoice_id": self.customer3.id}),
            (self.order1, {"partner_shipping_id": self.customer3.id}),
            (self.order1, {"partner_id": self.customer3.id}),
            (self.customer1, {"ad_group_parent_id": self.customer3.id}),
            (self.customer1, {"ad_main_contact_id": self.customer3.id}),
            (self.customer1, {"ad_brand_ids": [(4, self.customer3.id)]}),
            (self.contact1, {"parent_id": self.customer3.id}),
            (self.order1.order_line, {"ad_material_id": self._attachment_of(self.customer3).id}),
        ]
        for record, values in attempts:
            with self.assertRaises(AccessError, msg=str(values)) as caught:
                record.with_user(self.rep1).write(values)
            self.assertNotIn(secret, str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            self.env["crm.lead"].with_user(self.rep1).create({"name": "Probe", "partner_id": self.customer3.id})
        self.assertNotIn(secret, str(caught.exception))
        self.assertEqual(self.order1.partner_invoice_id.commercial_partner_id, self.customer1)
        # control: his own customer's contact is fine
        self.order1.with_user(self.rep1).write({"partner_invoice_id": self.contact1.id})
        self.assertEqual(self.order1.partner_invoice_id, self.contact1)

    def _attachment_of(self, partner):
        return self.env["ir.attachment"].create(
            {"name": "logo.png", "res_model": "res.partner", "res_id": partner.id, "raw": b"x"}
        )

    def test_no_oracle_through_defaults_onchanges_wizards_and_errors(self):
        secret = self.customer3.name
        Order = self.env["sale.order"].with_user(self.rep1)
        with self.assertRaises(AccessError):
            Order.with_context(default_partner_invoice_id=self.customer3.id).create({"partner_id": self.customer1.id})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.rep1).with_context(
                default_ad_group_parent_id=self.customer3.id
            ).create({"name": "Sub", "is_company": True})
        onchanges = [
            ("crm.lead", {"partner_id": self.customer3.id}, ["partner_id"], {"partner_name": {}, "email_from": {}}),
            ("sale.order.line", {"order_id": self.order3.id}, ["order_id"], {"order_partner_id": {}}),
            ("res.partner", {"parent_id": self.customer3.id}, ["parent_id"], {"street": {}}),
        ]
        for model, values, names, spec in onchanges:
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.rep1).onchange(values, names, spec)
        with self.assertRaises(AccessError):
            self.env["calendar.filters"].with_user(self.rep1).create(
                {"user_id": self.rep1.id, "partner_id": self.customer3.id}
            )
        with self.assertRaises(AccessError):
            self.env["ad.booking.pattern"].with_user(self.rep1).create({"order_id": self.order3.id, "slot_id": False})
        with self.assertRaises(AccessError):
            self.order1.with_user(self.rep1).message_post(body="hi", partner_ids=self.customer3.ids)
        # in debug mode (Technical Features) Odoo lists forbidden records by name: not to reps
        self.rep1.groups_id |= self.env.ref("base.group_no_one")
        with self.assertRaises(AccessError) as caught:
            self.customer3.with_user(self.rep1).read(["name"])
        self.assertNotIn(secret, str(caught.exception))
        # controls: his own customer in the same calls
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep1)
            .onchange({"partner_id": self.customer1.id}, ["partner_id"], {"partner_name": {}})
        )
        self.assertIn("value", lead)
        self.order1.with_user(self.rep1).message_post(body="hi", partner_ids=self.contact1.ids)
