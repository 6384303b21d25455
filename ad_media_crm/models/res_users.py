from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

# receivables falling due within this many days are "due soon"; reminders ahead likewise
DESK_DAYS_AHEAD = 7

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
    # ACTION METHODS
    # ------------------------------------------------------------

    @api.model
    def ad_my_desk_data(self, user_id=False):
        """Everything the desk (static/src/desk) shows, read as the current user (no sudo):
        the record rules apply, and every figure comes with the list action of the same
        domain, so a figure equals the list it opens.

        Reps get their own desk; a sales manager gets his teams' (``user_id``: one rep of
        them), the general manager, the office and accountants everyone's (``user_id``: any
        rep). Asking for anyone else's desk raises an AccessError."""
        me = self.env.user
        if me.share:
            raise AccessError(self.env._("The desk is for the company's own users."))
        reps = me._ad_desk_reps()
        if user_id and user_id != me.id:
            users = reps.filtered(lambda u: u.id == user_id)
            if not users:
                raise AccessError(self.env._("You can only open your own desk or that of a salesperson you manage."))
            teams = self.env["crm.team"]
        elif user_id or not reps:
            users, teams = me, self.env["crm.team"]
        elif me.ad_visibility == "team":
            users, teams = reps | me, me.ad_team_ids
        else:
            users = teams = None  # everyone's
        desk = self._ad_desk_bounds()
        desk["scope"] = users, teams
        # meetings and activities are a person's own: the team's for a team, mine for everyone's
        desk["people"] = users if users is not None else me
        return {
            "user_id": users.id if users and len(users) == 1 else False,
            "scope": "own" if users and len(users) == 1 else "team" if users else "all",
            "visibility": me.ad_visibility,
            "reps": [{"id": rep.id, "name": rep.name} for rep in reps],
            "today": fields.Date.to_string(desk["today"]),
            "currency_id": self.env.company.currency_id.id,
            "receivables": self._ad_desk_receivables(desk),
            "contracts": self._ad_desk_contracts(desk),
            "schedule": self._ad_desk_schedule(desk),
            "activities": self._ad_desk_activities(desk),
            "reminders": self._ad_desk_reminders(desk),
            "work_log": self._ad_desk_work_log(desk),
            "orders": self._ad_desk_orders(desk),
            "invoiced": self._ad_desk_invoiced(desk),
        }

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

    # ------------------------------------------------------------
    # TOOLING: the desk
    # ------------------------------------------------------------

    def _ad_desk_reps(self):
        """The salespeople whose desk the current user may open besides his own."""
        me = self.env.user
        if me.ad_visibility == "team":
            return (me.ad_team_ids.member_ids - me).sorted("name")
        if me.ad_visibility == "all":
            return self.env["res.users"].search(
                [("groups_id", "in", self.env.ref("ad_media_crm.group_ad_rep").ids)], order="name"
            )
        return self.env["res.users"]

    @api.model
    def _ad_desk_bounds(self):
        """Today, this month and the user's day in UTC (for datetime fields)."""
        today = fields.Date.context_today(self)
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        month = today.replace(day=1)

        def utc(day):
            return fields.Datetime.to_string(
                tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
            )

        return {
            "today": today,
            "month": fields.Date.to_string(month),
            "next_month": fields.Date.to_string(month + relativedelta(months=1)),
            "day_start": utc(today),
            "day_end": utc(today + timedelta(days=1)),
            "month_start": utc(month),
            "month_end": utc(month + relativedelta(months=1)),
        }

    @api.model
    def _ad_desk_domain(self, model, desk, salesperson_field=None):
        """Documents of the scope's customers (owner or owner's team), plus the scope's own
        documents of customers without an owner: the branches of the record rules."""
        users, teams = desk["scope"]
        if users is None:
            return []
        field = salesperson_field or self.env[model]._ad_salesperson_field
        branches = [[("ad_owner_id", "in", users.ids)], [("ad_owner_id", "=", False), (field, "in", users.ids)]]
        if teams:
            branches.append([("ad_team_id", "in", teams.ids)])
        return expression.OR(branches)

    @api.model
    def _ad_desk_action(self, name, model, domain, views=("list", "form"), context=None):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": [[False, view] for view in views],
            "context": context or {},
        }

    @api.model
    def _ad_desk_figure(self, name, model, domain, amount_field=None, views=("list", "form")):
        """Count (and total) of ``domain``, with the list action showing the same records."""
        if not amount_field:
            count, amount = self.env[model].search_count(domain), None
        else:
            [group] = self.env[model].read_group(domain, [f"{amount_field}:sum"], [])
            count, amount = group["__count"], group[amount_field] or 0.0
        return {
            "count": count,
            "amount": amount,
            "action": self._ad_desk_action(name, model, domain, views),
        }

    @api.model
    def _ad_desk_receivables(self, desk):
        """Open amounts of the scope's customers (Odoo's receivable journal items), overdue
        and falling due within DESK_DAYS_AHEAD days; the most overdue ones listed."""
        today = desk["today"]
        scope = self._ad_desk_domain("ad.receivable.report", desk, salesperson_field="user_id")
        views = ("list", "pivot", "graph")
        overdue = self._ad_desk_figure(
            self.env._("Overdue Receivables"),
            "ad.receivable.report",
            expression.AND([scope, [("amount_residual", ">", 0), ("days_overdue", ">", 0)]]),
            "amount_residual",
            views,
        )
        overdue["lines"] = self.env["ad.receivable.report"].search_read(
            overdue["action"]["domain"],
            ["partner_id", "move_id", "date_maturity", "amount_residual", "days_overdue"],
            order="days_overdue desc, id",
            limit=5,
        )
        due_soon = self._ad_desk_figure(
            self.env._("Receivables Due Soon"),
            "ad.receivable.report",
            expression.AND(
                [
                    scope,
                    [
                        ("amount_residual", ">", 0),
                        ("date_maturity", ">=", fields.Date.to_string(today)),
                        ("date_maturity", "<=", fields.Date.to_string(today + timedelta(days=DESK_DAYS_AHEAD))),
                    ],
                ]
            ),
            "amount_residual",
            views,
        )
        return {"overdue": overdue, "due_soon": due_soon, "days": DESK_DAYS_AHEAD}

    @api.model
    def _ad_desk_contracts(self, desk):
        days = int(self.env["ir.config_parameter"].sudo().get_param("ad_media_crm.contract_reminder_days", 30))
        domain = expression.AND(
            [
                self._ad_desk_domain("ad.contract", desk),
                [
                    ("state", "in", ("signed", "running")),
                    ("date_end", ">=", fields.Date.to_string(desk["today"])),
                    ("date_end", "<=", fields.Date.to_string(desk["today"] + timedelta(days=days))),
                ],
            ]
        )
        figure = self._ad_desk_figure(self.env._("Contracts Expiring Soon"), "ad.contract", domain)
        figure["days"] = days
        figure["lines"] = self.env["ad.contract"].search_read(
            domain, ["name", "partner_id", "date_end", "amount_committed"], order="date_end, id", limit=5
        )
        return figure

    @api.model
    def _ad_desk_schedule(self, desk):
        domain = [
            ("partner_ids", "in", desk["people"].partner_id.ids),
            ("start", "<", desk["day_end"]),
            ("stop", ">=", desk["day_start"]),
        ]
        figure = self._ad_desk_figure(
            self.env._("Today's Schedule"), "calendar.event", domain, views=("list", "calendar", "form")
        )
        figure["lines"] = self.env["calendar.event"].search_read(
            domain, ["name", "start", "stop", "allday", "location"], order="start, id", limit=8
        )
        return figure

    @api.model
    def _ad_desk_activities(self, desk):
        mine = [("user_id", "in", desk["people"].ids)]
        today = fields.Date.to_string(desk["today"])
        overdue = self._ad_desk_figure(
            self.env._("Overdue Activities"), "mail.activity", [*mine, ("date_deadline", "<", today)]
        )
        due_today = self._ad_desk_figure(
            self.env._("Activities Due Today"), "mail.activity", [*mine, ("date_deadline", "=", today)]
        )
        due = self._ad_desk_figure(
            self.env._("Activities Due"), "mail.activity", [*mine, ("date_deadline", "<=", today)]
        )
        due["lines"] = self.env["mail.activity"].search_read(
            due["action"]["domain"],
            ["res_model", "res_id", "res_name", "summary", "activity_type_id", "date_deadline", "user_id"],
            order="date_deadline, id",
            limit=8,
        )
        return {"overdue": overdue, "today": due_today, "due": due}

    @api.model
    def _ad_desk_reminders(self, desk):
        """Customer reminders whose next occurrence is due within DESK_DAYS_AHEAD days."""
        limit = fields.Date.to_string(desk["today"] + timedelta(days=DESK_DAYS_AHEAD))
        domain = [("user_id", "in", desk["people"].ids), ("next_date", "!=", False), ("next_date", "<=", limit)]
        figure = self._ad_desk_figure(self.env._("Customer Reminders"), "ad.customer.reminder", domain)
        figure["days"] = DESK_DAYS_AHEAD
        figure["lines"] = self.env["ad.customer.reminder"].search_read(
            domain, ["partner_id", "note", "next_date", "recurrence", "kind"], order="next_date, id", limit=5
        )
        return figure

    @api.model
    def _ad_desk_work_log(self, desk):
        """Today's work log entries, next to the quick entry."""
        domain = [("user_id", "in", desk["people"].ids), ("date", "=", fields.Date.to_string(desk["today"]))]
        return self._ad_desk_figure(
            self.env._("Work Logged Today"), "ad.work.log", domain, views=("list", "kanban", "form")
        )

    @api.model
    def _ad_desk_orders(self, desk):
        domain = expression.AND(
            [
                self._ad_desk_domain("sale.order", desk),
                [
                    ("state", "=", "sale"),
                    ("date_order", ">=", desk["month_start"]),
                    ("date_order", "<", desk["month_end"]),
                ],
            ]
        )
        return self._ad_desk_figure(self.env._("Orders This Month"), "sale.order", domain, "amount_untaxed")

    @api.model
    def _ad_desk_invoiced(self, desk):
        """Posted customer invoices less credit notes dated this month, untaxed, company currency."""
        domain = expression.AND(
            [
                self._ad_desk_domain("account.move", desk),
                [
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("invoice_date", ">=", desk["month"]),
                    ("invoice_date", "<", desk["next_month"]),
                ],
            ]
        )
        return self._ad_desk_figure(self.env._("Invoiced This Month"), "account.move", domain, "amount_untaxed_signed")
