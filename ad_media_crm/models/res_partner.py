import re
import unicodedata
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.osv import expression
from odoo.tools import SQL, mute_logger

from .ad_owned_mixin import ad_check_links, ad_context_defaults

# Legal-form endings ignored when comparing customer names (after NFKC, lower case and
# punctuation removal), longest first.
LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "companylimited",
    "incorporated",
    "corporation",
    "colimited",
    "limited",
    "coltd",
    "corp",
    "gmbh",
    "ltd",
    "llc",
    "inc",
    "公司",
    "co",
)
NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

# Ownership fields only the office (or the system, through sudo) may change.
OWNERSHIP_FIELDS = ("ad_managed", "ad_owner_id", "ad_ownership_state", "ad_claim_deadline")
# Links to other customers: readable and, but for brands, customers the user may sell to.
LINK_FIELDS = ("parent_id", "ad_group_parent_id", "ad_main_contact_id")
# Phone lookups go through the trigram index on the phone keys (from 3 digits).
PHONE_SEARCH_FIELDS = ("ad_phone_lookup", "ad_phone_keys")
# Codes and stored computations the duplicate check, the rules and the cron rely on: set by
# the system (the office's merge carries the code over).
COMPUTED_FIELDS = (
    "ad_is_customer", "ad_team_id", "ad_customer_code", "ad_name_key", "ad_phone_keys", "ad_vat_key", "ad_abc_class",
)  # fmt: skip


def normalize_name(name):
    """Name key for duplicate checks: full-width folded, no spaces, punctuation or legal form."""
    key = NON_WORD.sub("", unicodedata.normalize("NFKC", name or "").lower())
    stripped = True
    while stripped:
        stripped = False
        for suffix in LEGAL_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                stripped = True
                break
    return key


def normalize_phone(number):
    """Phone key: digits only, without international prefix, +86 and trunk zeros."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", number or ""))
    digits = digits.removeprefix("00")
    if digits.startswith("86") and len(digits) >= 11:
        digits = digits[2:]
    return digits.lstrip("0")


class ResPartner(models.Model):
    _inherit = "res.partner"

    _sql_constraints = [
        ("ad_customer_code_unique", "unique(ad_customer_code)", "The customer code must be unique."),
    ]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # Customer master (F1)
    ad_customer_code = fields.Char("Customer Code", readonly=True, copy=False, index=True)
    ad_customer_type = fields.Selection(
        [("prospect", "Prospect"), ("target", "Target"), ("key", "Key Account")],
        string="Customer Type",
        default="prospect",
        tracking=True,
    )
    ad_customer_status = fields.Selection(
        [("active", "Active"), ("suspended", "Suspended"), ("lost", "Lost")],
        string="Customer Status",
        default="active",
        tracking=True,
    )
    ad_stage_id = fields.Many2one(
        "ad.customer.stage",
        string="Customer Stage",
        tracking=True,
        group_expand="_read_group_ad_stage_ids",
        default=lambda self: self.env["ad.customer.stage"].search([], limit=1),
    )
    ad_customer_kind = fields.Selection(
        [("advertiser", "Advertiser"), ("agency", "Agency")],
        string="Advertiser or Agency",
        default="advertiser",
    )
    ad_brand_ids = fields.Many2many(
        "res.partner",
        "ad_partner_brand_rel",
        "agency_id",
        "brand_id",
        string="Represented Brands",
        help="Advertisers this agency buys media for.",
    )
    ad_group_parent_id = fields.Many2one(
        "res.partner",
        string="Group Company",
        index="btree_not_null",
        domain=[("is_company", "=", True)],
        help="Parent company of a group customer; subsidiaries keep their own owner.",
    )
    ad_subsidiary_ids = fields.One2many("res.partner", "ad_group_parent_id", string="Subsidiaries")
    ad_contact_role = fields.Selection(
        [("decision_maker", "Decision Maker"), ("contact", "Contact"), ("finance", "Finance")],
        string="Contact Role",
    )
    ad_main_contact_id = fields.Many2one(
        "res.partner",
        string="Main Contact",
        domain="[('parent_id', '=', id), ('type', '=', 'contact')]",
    )

    # Work log and reminders (F6)
    ad_birthday = fields.Date("Birthday", help="A yearly reminder goes to the customer's owner.")
    ad_founding_date = fields.Date("Founding Date", help="A yearly anniversary reminder goes to the owner.")
    ad_work_log_ids = fields.One2many("ad.work.log", "partner_id", string="Work Log")
    ad_work_log_count = fields.Integer("Work Log Entries", compute="_compute_ad_work_log_count")
    ad_reminder_ids = fields.One2many("ad.customer.reminder", "partner_id", string="Reminders")
    ad_reminder_count = fields.Integer("Reminder Count", compute="_compute_ad_reminder_count")

    # Ownership (F2); mirrored to contacts through _commercial_fields
    ad_managed = fields.Boolean(
        "Advertising Customer",
        index=True,
        copy=False,
        default=lambda self: self.env.context.get("default_ad_managed", self.env.user.ad_visibility != "all"),
        help="The partner is an advertising customer under ownership rules.",
    )
    ad_is_customer = fields.Boolean(
        "Is Advertising Customer",
        compute="_compute_ad_is_customer",
        store=True,
        index=True,
        help="A managed commercial entity (not one of its contacts).",
    )
    ad_owner_id = fields.Many2one(
        "res.users", string="Owner", index=True, copy=False, tracking=True, ondelete="set null"
    )
    ad_team_id = fields.Many2one(
        "crm.team", string="Owner's Team", related="ad_owner_id.sale_team_id", store=True, index=True
    )
    ad_ownership_state = fields.Selection(
        [("pool", "Shared Pool"), ("claimed", "Claimed"), ("owned", "Owned")],
        string="Ownership",
        default="pool",
        copy=False,
        tracking=True,
    )
    ad_claim_deadline = fields.Date(
        "Claimed Until", copy=False, help="Without a confirmed order by then the claim returns to the pool."
    )
    ad_assignment_ids = fields.One2many("ad.customer.assignment", "partner_id", string="Ownership History")

    # Spend-based discount (F5 自动折扣), in the current company's currency and period
    ad_spend = fields.Monetary("Spent in Period", compute="_compute_ad_discount_tier", currency_field="ad_currency_id")
    ad_currency_id = fields.Many2one("res.currency", string="Spend Currency", compute="_compute_ad_discount_tier")
    ad_discount_tier_id = fields.Many2one(
        "ad.discount.tier", string="Current Tier", compute="_compute_ad_discount_tier"
    )
    ad_next_tier_id = fields.Many2one("ad.discount.tier", string="Next Tier", compute="_compute_ad_discount_tier")
    ad_next_tier_gap = fields.Monetary(
        "Next Tier In", compute="_compute_ad_discount_tier", currency_field="ad_currency_id"
    )

    # Customer analysis (F8): the ABC class, kept by a daily cron (_ad_refresh_abc_classes)
    ad_abc_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")],
        string="ABC Class",
        readonly=True,
        copy=False,
        index=True,
        help="By confirmed untaxed spend of the last 12 months, among the customers who bought in that time "
        "(per company; a customer of several companies takes its best class): A = the top 20 %, B = the next "
        "30 %, C = the others and the customers without orders. Contacts take their company's class. "
        "Recomputed every night.",
    )

    # Keys for duplicate check and phone lookup
    ad_name_key = fields.Char("Name Key", compute="_compute_ad_keys", store=True, index=True)
    ad_phone_keys = fields.Char("Phone Keys", compute="_compute_ad_keys", store=True, index="trigram")
    ad_vat_key = fields.Char("Tax ID Key", compute="_compute_ad_keys", store=True, index="btree_not_null")
    ad_phone_lookup = fields.Char("Phone Lookup", compute="_compute_ad_phone_lookup", search="_search_ad_phone_lookup")
    ad_duplicate_warning = fields.Char("Duplicate Warning", compute="_compute_ad_duplicate_warning")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_ad_work_log_count(self):
        for partner in self:
            partner.ad_work_log_count = self.env["ad.work.log"].search_count([("partner_id", "child_of", partner.ids)])

    def _compute_ad_reminder_count(self):
        for partner in self:
            partner.ad_reminder_count = self.env["ad.customer.reminder"].search_count(
                [("partner_id", "child_of", partner.ids)]
            )

    @api.depends("ad_managed", "commercial_partner_id")
    def _compute_ad_is_customer(self):
        for partner in self:
            partner.ad_is_customer = partner.ad_managed and partner.commercial_partner_id == partner

    @api.depends_context("company")
    def _compute_ad_discount_tier(self):
        company = self.env.company
        spend = self.commercial_partner_id._ad_spend_in_period(company)
        tiers = self.env["ad.discount.tier"].sudo().search([("company_id", "=", company.id)])
        for partner in self:
            amount = spend.get(partner.commercial_partner_id.id, 0.0)
            reached = tiers.filtered(lambda t, a=amount: t.min_spend <= a)
            upcoming = tiers - reached
            partner.ad_currency_id = company.currency_id
            partner.ad_spend = amount
            partner.ad_discount_tier_id = reached[-1:]
            partner.ad_next_tier_id = upcoming[:1]
            partner.ad_next_tier_gap = upcoming[:1].min_spend - amount if upcoming else 0.0

    @api.depends("name", "phone", "mobile", "vat")
    def _compute_ad_keys(self):
        for partner in self:
            partner.ad_name_key = normalize_name(partner.name) or False
            keys = {normalize_phone(n) for n in (partner.phone, partner.mobile)} - {""}
            partner.ad_phone_keys = f" {' '.join(sorted(keys))} " if keys else False
            partner.ad_vat_key = NON_WORD.sub("", (partner.vat or "").upper()) or False

    @api.depends("name", "phone", "mobile", "email", "vat", "ad_managed")
    def _compute_ad_duplicate_warning(self):
        for partner in self:
            duplicate = partner.ad_managed and partner._ad_find_duplicate()
            partner.ad_duplicate_warning = partner._ad_duplicate_message(duplicate) if duplicate else False

    def _compute_ad_phone_lookup(self):
        self.ad_phone_lookup = False

    def _search_ad_phone_lookup(self, operator, value):
        if operator not in ("ilike", "=", "like") or not isinstance(value, str):
            raise UserError(self.env._("Phone lookup supports searching for a phone number only."))
        key = normalize_phone(value)
        if not key:
            return expression.FALSE_DOMAIN
        if operator == "=":
            return [("ad_phone_keys", "ilike", f" {key} ")]
        return [("ad_phone_keys", "ilike", key)]

    @api.model
    def _read_group_ad_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order, limit=None)

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + list(OWNERSHIP_FIELDS)

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        user = self.env.user
        restricted = not self.env.su and user.ad_visibility != "all"
        claim_days = self._ad_claim_days()
        # a user's own defaults (ir.default) fill the values he did not send: they are values too
        defaults = self.env["ir.default"]._get_model_defaults(self._name)
        self._ad_check_computed_write({name: value for name, value in defaults.items() if value})
        for vals in vals_list:
            self._ad_check_computed_write(ad_context_defaults(self, vals))
            ad_check_links(self, ad_context_defaults(self, vals), LINK_FIELDS)
            if vals.get("parent_id") and not (restricted and vals.get("is_company")):
                # Contacts carry their company's ownership from the start (record rules
                # are checked on insert, before Odoo syncs commercial fields); a company is
                # its own customer, so a rep's new one is his claim even under a parent.
                parent = self.sudo().browse(vals["parent_id"]).commercial_partner_id
                vals.update(parent._ad_ownership_values())
            elif restricted:
                # A rep's new customer is his claim; anything else he sent is ignored.
                vals.update(
                    ad_managed=True,
                    ad_owner_id=user.id,
                    ad_ownership_state="claimed",
                    ad_claim_deadline=fields.Date.context_today(self) + timedelta(days=claim_days),
                )
        if restricted:
            self._ad_check_cap(user, sum(1 for v in vals_list if v.get("ad_owner_id") == user.id))
        partners = super().create(vals_list)
        partners._ad_assign_codes()
        partners._ad_check_duplicates()
        claimed = partners.filtered(lambda p: p.ad_is_customer and p.ad_ownership_state == "claimed")
        if claimed:
            claimed._ad_log_assignment(kind="claim", reason_code="created")
        dated = partners.filtered(lambda p: p.ad_birthday or p.ad_founding_date)
        if dated:
            self.env["ad.customer.reminder"]._ad_sync_partner_dates(dated)
        return partners

    def write(self, vals):
        self._ad_check_computed_write(vals)
        if any(name in vals for name in OWNERSHIP_FIELDS):
            self._ad_check_ownership_write(vals)
        ad_check_links(self, vals, LINK_FIELDS)
        # Re-parenting must not move a customer (and its documents) to another owner.
        guarded = not self.env.su and {"parent_id", "is_company"} & vals.keys() and not self.env.user._ad_is_office()
        before = {partner.id: partner._ad_owner_key() for partner in self} if guarded else None
        contacts = self.sudo().filtered(lambda p: p.commercial_partner_id != p) if guarded else None
        res = super().write(vals)
        if guarded and any(before[partner.id] != partner._ad_owner_key() for partner in self):
            raise AccessError(self.env._("Only the office can change who owns a customer."))
        if guarded:
            # a contact detached from its company becomes the rep's new customer (a claim)
            self._ad_claim_new_customers(detached=contacts.filtered(lambda p: p.commercial_partner_id == p))
        if vals.get("ad_managed"):
            self._ad_assign_codes()
        if {"name", "phone", "mobile", "email", "vat", "parent_id"} & set(vals):
            self._ad_check_duplicates()
        if {"ad_birthday", "ad_founding_date"} & vals.keys():
            self.env["ad.customer.reminder"]._ad_sync_partner_dates(self)
        return res

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def onchange(self, values, field_names, fields_spec):
        # onchanges compute commercial fields as superuser: no link to an unreadable partner
        ad_check_links(self, ad_context_defaults(self, values))
        return super().onchange(values, field_names, fields_spec)

    def action_ad_open_work_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("ad_media_crm.action_ad_work_log")
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_ad_log_work(self):
        """The short work log form, in a dialog, for this customer (a few taps on a phone)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("ad_media_crm.action_ad_work_log_quick")
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_ad_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("ad_media_crm.action_ad_customer_reminder")
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_ad_open_allocate(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Allocate Customers"),
            "res_model": "ad.customer.allocate",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": self.ids},
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _ad_claim_days(self):
        return int(self.env["ir.config_parameter"].sudo().get_param("ad_media_crm.claim_days", 30))

    @api.model
    def _ad_check_cap(self, user, extra):
        """Refuse when ``user`` would own more customers than the configured cap."""
        cap = int(self.env["ir.config_parameter"].sudo().get_param("ad_media_crm.max_customers_per_rep", 0))
        if not cap or not extra:
            return
        owned = self.sudo().search_count([("ad_owner_id", "=", user.id), ("ad_is_customer", "=", True)])
        if owned + extra > cap:
            raise UserError(
                self.env._(
                    "%(user)s already holds %(owned)s customers; the limit is %(cap)s per salesperson.",
                    user=user.name,
                    owned=owned,
                    cap=cap,
                )
            )

    def _ad_check_ownership_write(self, vals):
        """Only the office changes ownership; contacts may only mirror their company."""
        if self.env.su or self.env.user._ad_is_office():
            return
        for partner in self:
            commercial = partner.commercial_partner_id
            mirrored = commercial._ad_ownership_values()
            if commercial == partner or any(mirrored[name] != vals[name] for name in OWNERSHIP_FIELDS if name in vals):
                raise AccessError(self.env._("Only the office can change who owns a customer."))

    def _ad_check_computed_write(self, vals):
        if set(COMPUTED_FIELDS) & vals.keys() and not (self.env.su or self.env.user._ad_is_office()):
            raise AccessError(self.env._("Customer codes and duplicate-check keys are computed; they cannot be set."))

    def _ad_claim_new_customers(self, detached=None):
        """Commercial partners of a restricted user that no rule covers, or that were contacts
        until now (``detached``), become his claims."""
        user = self.env.user
        if self.env.su or user.ad_visibility == "all":
            return
        new = self.sudo().filtered(lambda p: not p.ad_managed and p.commercial_partner_id == p)
        new |= detached or self.browse()
        if new:
            self._ad_check_cap(user, len(new))
            new.write(
                {
                    "ad_managed": True,
                    "ad_owner_id": user.id,
                    "ad_ownership_state": "claimed",
                    "ad_claim_deadline": fields.Date.context_today(self) + timedelta(days=self._ad_claim_days()),
                }
            )
            new._ad_assign_codes()
            new._ad_log_assignment(kind="claim", reason_code="created")
            new.with_env(self.env)._ad_check_duplicates()

    def _ad_owner_key(self):
        self.ensure_one()
        partner = self.sudo()
        return partner.ad_managed, partner.ad_owner_id.id

    def _ad_ownership_values(self):
        self.ensure_one()
        return {name: self._fields[name].convert_to_write(self[name], self) for name in OWNERSHIP_FIELDS}

    def _ad_assign_codes(self):
        for partner in self.filtered(lambda p: p.ad_is_customer and not p.ad_customer_code):
            partner.sudo().ad_customer_code = self.env["ir.sequence"].sudo().next_by_code("ad.customer.code")

    def _ad_duplicate_domain(self):
        """Managed partners of other customers clashing with this one (name, phone, email, tax id)."""
        self.ensure_one()
        clashes = []
        if self.ad_is_customer and self.ad_name_key:
            clashes.append([("ad_name_key", "=", self.ad_name_key), ("ad_is_customer", "=", True)])
        for key in (self.ad_phone_keys or "").split():
            clashes.append([("ad_phone_keys", "ilike", f" {key} ")])
        if self.email_normalized:
            clashes.append([("email_normalized", "=", self.email_normalized)])
        if self.ad_vat_key:
            clashes.append([("ad_vat_key", "=", self.ad_vat_key)])
        if not clashes:
            return expression.FALSE_DOMAIN
        own = self._origin.commercial_partner_id.id
        return expression.AND(
            [
                expression.OR(clashes),
                [("ad_managed", "=", True)],
                [("commercial_partner_id", "!=", own)] if own else [],
            ]
        )

    def _ad_find_duplicate(self):
        """The first clashing partner, read as superuser (the caller may not see it)."""
        self.ensure_one()
        Partner = self.sudo().with_context(active_test=False)
        return Partner.search(self._ad_duplicate_domain(), limit=1)

    def _ad_check_duplicates(self):
        """Reps may not create a customer that already exists; the office may (and merges).
        Users outside the addon's roles keep Odoo's own flows (e.g. lead conversion)."""
        user = self.env.user
        if self.env.su or user._ad_is_office() or not user.has_group("ad_media_crm.group_ad_rep"):
            return
        for partner in self:
            duplicate = partner._ad_find_duplicate()
            if not duplicate:
                continue
            raise RedirectWarning(
                partner._ad_duplicate_message(duplicate),
                self.env.ref("ad_media_crm.action_ad_transfer_request_new").id,
                self.env._("Request a transfer"),
                {"default_duplicate_query": self.env["ad.transfer.request"]._ad_query(partner)},
            )

    def _ad_spend_in_period(self, company):
        """Confirmed untaxed spend per commercial partner in ``company``'s period, in its currency.

        Read as superuser: the tier must not depend on which orders the reader may see.
        """
        today = fields.Date.context_today(self)
        start = (
            today.replace(month=1, day=1)
            if company.ad_discount_period == "calendar_year"
            else today - timedelta(days=365)
        )
        self.env["sale.order"].flush_model(["partner_id", "state", "amount_untaxed", "currency_rate", "date_order"])
        self.env.cr.execute(
            """
            SELECT p.commercial_partner_id, SUM(o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1))
              FROM sale_order o
              JOIN res_partner p ON p.id = o.partner_id
             WHERE p.commercial_partner_id = ANY(%s) AND o.state = 'sale' AND o.company_id = %s
               AND o.date_order >= %s
             GROUP BY p.commercial_partner_id
            """,
            [self.ids, company.id, start],
        )
        return dict(self.env.cr.fetchall())

    def _ad_check_discount(self, discount, agreed=0.0):
        """Only managers give more than the customer's spend tier (or an ``agreed`` contract) discount."""
        if self.env.su or self.env.user.has_group("ad_media_crm.group_ad_manager"):
            return
        allowed = max(self.ad_discount_tier_id.discount, agreed)
        if discount > allowed:
            raise UserError(
                self.env._(
                    "%(customer)s is entitled to %(tier)s%% (spend tier); only a sales manager can give more.",
                    customer=self.display_name,
                    tier=allowed,
                )
            )

    def _ad_duplicate_message(self, duplicate):
        """Names the owner of the clashing customer, and nothing else of it."""
        owner = duplicate.commercial_partner_id.ad_owner_id
        return self.env._(
            "This customer already exists in the system (same name, phone, email or tax ID), "
            "owned by %(owner)s. Ask the office to transfer it to you instead of creating it again.",
            owner=owner.name if owner else self.env._("the shared pool"),
        )

    def _ad_may_sell(self, user):
        """Whether ``user`` may sell to this (commercial) customer."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner.ad_managed or user._ad_is_office() or user.ad_visibility == "all":
            return True
        owner = partner.sudo().ad_owner_id
        return (
            not owner
            or owner == user
            or (user.ad_visibility == "team" and partner.sudo().ad_team_id in user.ad_team_ids)
        )

    def _ad_check_may_sell(self, user=None):
        """Names nothing: the user may not even be allowed to read the customer."""
        user = user or self.env.user
        for partner in self.sudo().commercial_partner_id:
            if not partner._ad_may_sell(user):
                raise AccessError(self.env._("This customer belongs to another salesperson: you cannot sell to it."))

    def _ad_log_assignment(self, kind, reason=False, old_owners=None, reason_code=False):
        """``reason_code`` names a standard reason (shown in the reader's language), ``reason``
        is the text a user typed."""
        self.env["ad.customer.assignment"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "kind": kind,
                    "old_owner_id": (old_owners or {}).get(partner.id, False),
                    "new_owner_id": partner.ad_owner_id.id,
                    "reason_code": reason_code,
                    "reason": reason,
                }
                for partner in self
            ]
        )

    def _ad_assign_owner(self, user, reason=False, kind="allocation", check_cap=True, reason_code=False):
        """Give these customers to ``user`` (or back to the pool when empty), with history."""
        customers = self.sudo().commercial_partner_id.filtered("ad_managed")
        if check_cap and user:
            self._ad_check_cap(user, len(customers.filtered(lambda p: p.ad_owner_id != user)))
        old_owners = {p.id: p.ad_owner_id.id for p in customers}
        customers.write(
            {
                "ad_owner_id": user.id if user else False,
                "ad_ownership_state": "owned" if user else "pool",
                "ad_claim_deadline": False,
            }
        )
        customers._ad_log_assignment(kind=kind, reason=reason, old_owners=old_owners, reason_code=reason_code)
        taken = False
        for old_owner_id, moved in customers.grouped(lambda p: old_owners[p.id]).items():
            if old_owner_id and old_owner_id != user.id:
                moved._ad_hand_documents_over(self.env["res.users"].browse(old_owner_id), user)
                taken = True
        if taken:
            # the sales figures carry the owners of their last refresh: refresh them now, not
            # within the hour, so that the previous owner stops reading the customer's sales
            self.env.ref("ad_media_crm.ir_cron_ad_customer_analysis_refresh").sudo()._trigger()
        return customers

    def _ad_hand_documents_over(self, old_owner, new_owner):
        """On the customers' records and documents, ``old_owner`` stops following and his open
        activities go to ``new_owner`` (who then follows instead); back to the pool, they stay."""
        env = self.env(su=True)
        records = {"res.partner": env["res.partner"].search([("commercial_partner_id", "in", self.ids)])}
        for model_name in env["ad.owned.mixin"]._ad_owned_models():
            Model = env[model_name].with_context(active_test=False)
            if "message_follower_ids" in Model._fields:
                path = Model._ad_customer_path()
                records[model_name] = Model.search([(f"{path}.commercial_partner_id", "in", self.ids)])
        for model_name, docs in records.items():
            if not docs:
                continue
            on_docs = [("res_model", "=", model_name), ("res_id", "in", docs.ids)]
            followed = env["mail.followers"].search([*on_docs, ("partner_id", "=", old_owner.partner_id.id)])
            followed_docs = docs.browse(followed.mapped("res_id"))
            followed.unlink()
            activities = env["mail.activity"].search([*on_docs, ("user_id", "=", old_owner.id)])
            if new_owner:
                followed_docs.message_subscribe(partner_ids=new_owner.partner_id.ids)
                activities.with_context(mail_activity_quick_update=True).write({"user_id": new_owner.id})

    def _ad_claim(self):
        """The current rep claims pool prospects for the protection period."""
        user = self.env.user
        customers = self.sudo().commercial_partner_id
        if not user.has_group("ad_media_crm.group_ad_rep"):
            raise UserError(self.env._("Only advertising salespeople can claim customers."))
        pool_open = self.env["ir.config_parameter"].sudo().get_param("ad_media_crm.pool_visible") == "True"
        if not pool_open and not user._ad_is_office():
            raise UserError(self.env._("The shared pool is closed: ask the office to allocate customers."))
        taken = customers.filtered(lambda p: not p.ad_managed or p.ad_ownership_state != "pool")
        if taken:
            raise UserError(
                self.env._("%(count)s of these customers are no longer in the shared pool.", count=len(taken))
            )
        self._ad_check_cap(user, len(customers))
        customers.write(
            {
                "ad_owner_id": user.id,
                "ad_ownership_state": "claimed",
                "ad_claim_deadline": fields.Date.context_today(self) + timedelta(days=self._ad_claim_days()),
            }
        )
        customers._ad_log_assignment(kind="claim", reason_code="pool_claim")
        return customers

    def _ad_take_ownership_on_order(self, seller):
        """First confirmed order rule, race-safe: lock the customer row, then decide.

        Under REPEATABLE READ the row lock raises a serialization failure when a concurrent
        transaction changed the customer (e.g. took ownership) after our snapshot, so two
        simultaneous confirmations can never both become owner.
        """
        self.ensure_one()
        customer = self.sudo().commercial_partner_id
        if not customer.ad_managed:
            return
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute("SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE", [customer.id])
        except (psycopg2.errors.SerializationFailure, psycopg2.errors.LockNotAvailable):
            raise UserError(
                self.env._(
                    "%(customer)s was changed by someone else at the same moment (another order "
                    "may have made its salesperson the owner). Reload and try again.",
                    customer=customer.display_name,
                )
            ) from None
        owner = customer.ad_owner_id
        if not owner:
            if seller and seller.has_group("ad_media_crm.group_ad_rep"):
                customer._ad_assign_owner(seller, kind="first_order", check_cap=False, reason_code="first_order")
        elif owner == seller:
            if customer.ad_ownership_state == "claimed":
                customer._ad_assign_owner(seller, kind="first_order", check_cap=False, reason_code="first_order")
        elif not self.env.user._ad_is_office():
            raise UserError(
                self.env._(
                    "%(customer)s is owned by %(owner)s; only the owner or the office can confirm orders for it.",
                    customer=customer.display_name,
                    owner=owner.name,
                )
            )

    @api.model
    def _ad_manage_existing_customers(self):
        """Run on installation: companies that are customers (customer rank) come under the
        ownership rules, owned by their salesperson if any, else in the shared pool."""
        customers = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("ad_managed", "=", False),
                    ("parent_id", "=", False),
                    ("is_company", "=", True),
                    ("customer_rank", ">", 0),
                    ("user_ids", "=", False),
                    ("ref_company_ids", "=", False),
                ]
            )
        )
        customers.write({"ad_managed": True, "ad_ownership_state": "pool"})
        for salesperson, owned in customers.grouped("user_id").items():
            if salesperson and not salesperson.share:
                owned._ad_assign_owner(salesperson, kind="allocation", check_cap=False, reason_code="install")
            else:
                owned._ad_log_assignment(kind="release", reason_code="install")
        return customers

    @api.model
    def _cron_ad_release_expired_claims(self):
        """Return claims past their protection period to the shared pool and tell the rep."""
        expired = self.sudo().search(
            [
                ("ad_is_customer", "=", True),
                ("ad_ownership_state", "=", "claimed"),
                ("ad_claim_deadline", "<", fields.Date.context_today(self)),
            ]
        )
        for rep, customers in expired.grouped("ad_owner_id").items():
            customers._ad_assign_owner(self.env["res.users"], kind="release", reason_code="expired")
            rep.partner_id.message_notify(
                subject=self.env._("Claims returned to the shared pool"),
                body=self.env._(
                    "Your protection period ended without a confirmed order for: %(customers)s",
                    customers=", ".join(customers.mapped("name")),
                ),
                partner_ids=rep.partner_id.ids,
            )
        return expired

    @api.model
    def _ad_refresh_abc_classes(self):
        """Set every partner's ABC class (see the field's help) in one statement; returns how
        many partners changed class."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            WITH spend AS (
                SELECT so.company_id, p.commercial_partner_id AS partner_id,
                       SUM(sol.price_subtotal
                           / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END) AS amount
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state = 'sale' AND so.date_order >= now() - interval '12 months'
                   AND sol.display_type IS NULL AND sol.is_downpayment IS NOT TRUE
                 GROUP BY 1, 2
            ),
            ranked AS (
                SELECT partner_id,
                       CASE WHEN cume_dist() OVER w <= 0.2 THEN 'a' WHEN cume_dist() OVER w <= 0.5 THEN 'b' ELSE 'c' END
                           AS abc_class
                  FROM spend
                 WHERE amount > 0
                WINDOW w AS (PARTITION BY company_id ORDER BY amount DESC)
            ),
            best AS (
                SELECT partner_id, MIN(abc_class) AS abc_class FROM ranked GROUP BY partner_id
            ),
            classes AS (
                SELECT p.id, CASE WHEN b.abc_class IS NOT NULL THEN b.abc_class WHEN cp.ad_is_customer THEN 'c' END
                           AS abc_class
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = p.commercial_partner_id
                  LEFT JOIN best b ON b.partner_id = p.commercial_partner_id
            )
            UPDATE res_partner p SET ad_abc_class = classes.abc_class
              FROM classes
             WHERE classes.id = p.id AND p.ad_abc_class IS DISTINCT FROM classes.abc_class
            """
        )
        changed = self.env.cr.rowcount
        self.invalidate_model(["ad_abc_class"])
        return changed

    # ------------------------------------------------------------
    # QUERY PLANS OF THE VISIBILITY RULES (tests/bench_visibility.py)
    # ------------------------------------------------------------

    # A rep sees few partners (the non-managed ones, his customers and their contacts) spread
    # over the whole table, and PostgreSQL cannot know that the non-managed ones (users,
    # vendors) rarely match what he types: for ORDER BY complete_name LIMIT 8 it walked the
    # complete_name index and filtered hundreds of thousands of rows. Instead every branch of
    # the rule has an index (non-managed below, owner, team) and, while an ownership rule
    # restricts the user, complete_name is sorted in a way the index cannot provide: the rows
    # he may see are fetched first (one bitmap of those indexes) and sorted, whatever the term.
    # A manager's team rows are too many and too scattered for that: his first rows in
    # complete_name order come from the union of two ordered searches, the rows of his teams
    # (walking res_partner_ad_team_name_index) and the others he may see (sorted as above).
    # The few rows a restricted user may see are matched with LIKE instead of ILIKE when the
    # term has no letter case (Chinese, digits): same rows, without lowering every string.

    def init(self):
        res = super().init()
        # the rule's branch ('ad_managed', '=', False) as Odoo compiles it; keyed on
        # ad_is_customer so that a customer list's ('ad_is_customer', '=', True) is an index
        # condition there (no non-managed partner is a customer: nothing to read)
        tools.create_index(
            self.env.cr,
            "res_partner_ad_unmanaged_index",
            self._table,
            ["ad_is_customer"],
            where="ad_managed IS NULL OR ad_managed = FALSE",
        )
        # a manager's partners, and customers (customer lists), by team in name order
        tools.create_index(self.env.cr, "res_partner_ad_team_name_index", self._table, ["ad_team_id", "complete_name"])
        tools.create_index(
            self.env.cr,
            "res_partner_ad_team_customer_index",
            self._table,
            ["ad_team_id", "complete_name"],
            where="ad_is_customer",
        )
        return res

    @api.model
    def _ad_rules_restrict(self):
        """Whether an ownership rule narrows what the current user reads (reps and managers)."""
        if self.env.su:
            return False
        domain = self.env["ir.rule"]._compute_domain(self._name, "read")  # cached per user
        return any(isinstance(leaf, (list, tuple)) and leaf[0] == "ad_owner_id" for leaf in domain)

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        self.env["ir.rule"]._ad_apply_rules(self, query, mode)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        first = (order or "").split(",")[0].split()
        if self.env.su or not limit or first[:1] != ["complete_name"] or query.is_empty():
            return query
        if any(
            isinstance(leaf, (list, tuple))
            and leaf[0] in PHONE_SEARCH_FIELDS
            and isinstance(leaf[2], str)
            and len(normalize_phone(leaf[2])) >= 3
            for leaf in domain
        ):
            return query  # the trigram index serves it, once rather than per branch
        rule = self.env["ir.rule"]._compute_domain(self._name, "read")  # cached per user

        def is_team(leaf):
            return isinstance(leaf, (list, tuple)) and tuple(leaf[:2]) == ("ad_team_id", "in") and leaf[2]

        team = next((leaf for leaf in rule if is_team(leaf)), None)
        if not team or not self._ad_rules_restrict():
            return query
        # A manager: the first rows of the union of two branches' first rows. The rule is an
        # OR of positive conditions: his teams' rows are the rule with the team condition
        # TRUE, AND that condition (walks res_partner_ad_team_name_index in order); the others
        # are the rule with it FALSE (fetched from their indexes and sorted).
        tops = []
        for natural, substitute, extra in ((True, expression.TRUE_LEAF, [team]), (False, expression.FALSE_LEAF, [])):
            branch = self._where_calc(expression.AND([domain, extra]))
            rule_branch = [substitute if is_team(leaf) else leaf for leaf in rule]
            expression.expression(rule_branch, self.sudo(), self._table, branch)  # as _apply_ir_rules
            branch.order = self.with_context(ad_natural_order=natural)._order_to_sql(order, branch)
            branch.limit = offset + limit
            tops.append(branch.select())
        query.add_where(SQL("%s IN ((%s) UNION ALL (%s))", SQL.identifier(self._table, "id"), *tops))
        return query

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if (
            operator in ("ilike", "not ilike", "=ilike")
            and isinstance(value, str)
            and not self.env.registry.has_unaccent
            and all(
                char.lower() == char == char.upper() and unicodedata.category(char) not in ("Lu", "Ll", "Lt", "Lm")
                for char in value
            )
            and self._ad_rules_restrict()
        ):
            operator = operator.replace("ilike", "like")
        return super()._condition_to_sql(alias, fname, operator, value, query)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        if (
            field_name == "complete_name"
            and not query.groupby
            and not self.env.context.get("ad_natural_order")
            and self._ad_rules_restrict()
        ):
            # same values, same collation, same order; but not the index's order
            return SQL("(%s || '') %s %s", self._field_to_sql(alias, field_name, query), direction, nulls)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    # ------------------------------------------------------------
    # RECEIVABLES, CONTRACTS, STATEMENT AND CARD (F3, F1); read as the user
    # ------------------------------------------------------------

    ad_receivable_ids = fields.One2many("ad.receivable.report", "partner_id", string="Open Receivable Items")
    ad_receivable_amount = fields.Monetary(
        "Open Receivables", compute="_compute_ad_receivables", currency_field="ad_receivable_currency_id"
    )
    ad_overdue_amount = fields.Monetary(
        "Overdue", compute="_compute_ad_receivables", currency_field="ad_receivable_currency_id"
    )
    ad_receivable_currency_id = fields.Many2one("res.currency", compute="_compute_ad_receivables")
    ad_contract_ids = fields.One2many("ad.contract", "partner_id", string="Contracts")
    ad_contract_count = fields.Integer("Contract Count", compute="_compute_ad_contract_count")

    def _compute_ad_receivables(self):
        """Open and overdue amounts of the customer (its company) in the current company."""
        company = self.env.company
        totals = {}
        for partner, ageing, amount in self.env["ad.receivable.report"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", company.id)],
            ["partner_id", "ageing"],
            ["amount_residual:sum"],
        ):
            key = partner.id
            total, overdue = totals.get(key, (0.0, 0.0))
            totals[key] = (total + amount, overdue + (amount if ageing != "not_due" else 0.0))
        for partner in self:
            partner.ad_receivable_currency_id = company.currency_id
            partner.ad_receivable_amount, partner.ad_overdue_amount = totals.get(
                partner.commercial_partner_id.id, (0.0, 0.0)
            )

    def _compute_ad_contract_count(self):
        counts = dict(
            self.env["ad.contract"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.ad_contract_count = counts.get(partner.commercial_partner_id, 0)

    def action_ad_open_receivables(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("ad_media_crm.action_ad_receivable_report")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_ad_open_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("ad_media_crm.action_ad_contract")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_ad_open_statement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Statement"),
            "res_model": "ad.customer.statement",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
