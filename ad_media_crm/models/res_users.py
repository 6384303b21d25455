from odoo import api, fields, models
from odoo.exceptions import UserError

SEE_ALL_GROUPS = (
    "ad_media_crm.group_ad_director",
    "ad_media_crm.group_ad_office",
    "account.group_account_invoice",
    "base.group_system",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # Read by the record rules of security/ir_rules.xml (evaluated once per user, cached).
    ad_visibility = fields.Selection(
        [("all", "All customers"), ("team", "Team's customers"), ("own", "Own customers")],
        string="Customer Visibility",
        compute="_compute_ad_visibility",
    )
    ad_team_ids = fields.Many2many(
        "crm.team",
        string="Led Sales Teams",
        compute="_compute_ad_visibility",
        help="Teams whose customers this sales manager sees.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("groups_id")
    def _compute_ad_visibility(self):
        """Fail closed: an internal user sees all customers only through an explicit role;
        without one (e.g. Odoo's own Sales roles alone) he is treated like a rep. Portal
        users keep Odoo's own portal rules."""
        teams = self.env["crm.team"].sudo().search([("user_id", "in", self.ids)])
        for user in self:
            if user._is_superuser() or user.share or any(user.has_group(group) for group in SEE_ALL_GROUPS):
                user.ad_visibility = "all"
            elif user.has_group("ad_media_crm.group_ad_manager"):
                user.ad_visibility = "team"
            else:
                user.ad_visibility = "own"
            user.ad_team_ids = (
                teams.filtered(lambda t, u=user: t.user_id == u) if user.ad_visibility == "team" else False
            )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _ad_is_office(self):
        """Office, director and administrators allocate customers and may sell to anyone's."""
        self.ensure_one()
        return self._is_superuser() or any(
            self.has_group(group)
            for group in ("ad_media_crm.group_ad_office", "ad_media_crm.group_ad_director", "base.group_system")
        )

    def _ad_handover_to(self, successor, reason):
        """Move everything a leaving rep holds to ``successor`` in one transaction.

        Customers (with their history), open quotations and orders, open opportunities and
        pending activities. Returns the counts moved, per kind.
        """
        self.ensure_one()
        if not successor or successor == self:
            raise UserError(self.env._("Choose a successor other than the leaving salesperson."))
        if not successor.has_group("ad_media_crm.group_ad_rep"):
            raise UserError(self.env._("%(user)s is not an advertising salesperson.", user=successor.name))
        Partner = self.env["res.partner"].sudo()
        customers = Partner.search([("ad_owner_id", "=", self.id), ("ad_is_customer", "=", True)])
        customers._ad_assign_owner(successor, reason, kind="handover", check_cap=False)
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("user_id", "=", self.id),
                    "|",
                    ("state", "in", ("draft", "sent")),
                    "&",
                    ("state", "=", "sale"),
                    ("invoice_status", "!=", "invoiced"),
                ]
            )
        )
        orders.write({"user_id": successor.id})
        leads = self.env["crm.lead"].sudo().search([("user_id", "=", self.id), ("probability", "<", 100)])
        leads.write({"user_id": successor.id})
        activities = self.env["mail.activity"].sudo().search([("user_id", "=", self.id)])
        activities.write({"user_id": successor.id})
        summary = {
            "customers": len(customers),
            "orders": len(orders),
            "opportunities": len(leads),
            "activities": len(activities),
        }
        body = self.env._(
            "Handover from %(old)s to %(new)s: %(customers)s customers, %(orders)s orders, "
            "%(opportunities)s opportunities, %(activities)s activities. Reason: %(reason)s",
            old=self.name,
            new=successor.name,
            reason=reason,
            **summary,
        )
        successor.partner_id.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
        return summary
