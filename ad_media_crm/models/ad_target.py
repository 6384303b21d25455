from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import date_utils

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


class AdTarget(models.Model):
    """考核指标: the amount a rep (or a whole team) should sell in a month, quarter or year,
    overall (no category) or in one product category. Read by ad.assessment.report."""

    _name = "ad.target"
    _description = "Sales Target"
    _order = "date_from desc, team_id, user_id, categ_id"
    _check_company_auto = True
    _rec_names_search = ["user_id", "team_id", "period", "categ_id"]

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "A target amount cannot be negative."),
        (
            "no_overlap",
            """EXCLUDE USING gist (company_id WITH =, COALESCE(user_id, 0) WITH =,
                   (CASE WHEN user_id IS NULL THEN team_id ELSE 0 END) WITH =, COALESCE(categ_id, 0) WITH =,
                   daterange(date_from, date_to, '[]') WITH &&) DEFERRABLE INITIALLY DEFERRED""",
            "A salesperson or team has one target per category and period.",
        ),
    ]

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # Who: a salesperson (his team is kept for the team manager's visibility) or a whole team
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, domain="[('share', '=', False)]")
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index=True,
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Leave the salesperson empty for a target of the whole team.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")

    # When: the period type sets the end date; the start is moved to the period's first day
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=True,
        default="month",
    )
    date_from = fields.Date(
        "Start Date", required=True, default=lambda self: date_utils.start_of(fields.Date.today(), "month")
    )
    date_to = fields.Date("End Date", compute="_compute_date_to", store=True, precompute=True)
    period = fields.Char(compute="_compute_date_to", store=True, precompute=True, help="e.g. 2026-03, 2026 Q1, 2026")

    # What
    categ_id = fields.Many2one(
        "product.category", string="Product Category", index=True, help="Leave empty for the overall target."
    )
    amount = fields.Monetary("Target Amount", required=True, currency_field="currency_id")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("user_id")
    def _compute_team_id(self):
        for target in self.filtered("user_id"):
            target.team_id = target.user_id.sale_team_id or target.team_id

    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for target in self:
            if not target.date_from or not target.period_type:
                target.date_to = target.period = False
                continue
            start = target.date_from
            target.date_to = start + relativedelta(months=PERIOD_MONTHS[target.period_type], days=-1)
            target.period = {
                "month": f"{start:%Y-%m}",
                "quarter": f"{start.year} Q{(start.month - 1) // 3 + 1}",
                "year": f"{start.year}",
            }[target.period_type]

    @api.depends("user_id", "team_id", "period", "categ_id")
    def _compute_display_name(self):
        for target in self:
            who = target.user_id.name or target.team_id.name or ""
            what = target.categ_id.name or self.env._("Overall")
            target.display_name = f"{who} · {target.period or ''} · {what}"

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("user_id", "team_id", "categ_id")
    def _check_assignee(self):
        for target in self:
            if not target.user_id and not target.team_id:
                raise ValidationError(self.env._("Give the salesperson or the sales team of the target."))
            if not target.user_id and target.categ_id:
                raise ValidationError(
                    self.env._("A team's target is overall: give category targets to the salespeople.")
                )

    @api.constrains("user_id", "team_id", "categ_id", "date_from", "date_to", "company_id")
    def _check_overlap(self):
        """The exclusion constraint (checked at commit, so that this message comes first) holds
        under concurrency; this says which target clashes."""
        for target in self:
            domain = [
                ("id", "!=", target.id),
                ("company_id", "=", target.company_id.id),
                ("categ_id", "=", target.categ_id.id),
                ("date_from", "<=", target.date_to),
                ("date_to", ">=", target.date_from),
            ]
            if target.user_id:
                domain.append(("user_id", "=", target.user_id.id))
            else:
                domain += [("user_id", "=", False), ("team_id", "=", target.team_id.id)]
            clash = self.sudo().search(domain, limit=1)
            if clash:
                # named only to whom may read it
                readable = self.browse(clash.id)._filtered_access("read")
                raise ValidationError(
                    self.env._(
                        "%(target)s overlaps the existing target %(clash)s: one target per salesperson or team, "
                        "category and period.",
                        target=target.display_name,
                        clash=readable.display_name if readable else self.env._("(another target)"),
                    )
                )

    @api.constrains("user_id", "team_id")
    def _check_salesperson_team(self):
        for target in self:
            if target.user_id.sale_team_id and target.team_id != target.user_id.sale_team_id:
                raise ValidationError(self.env._("A salesperson's target belongs to his sales team."))

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_start(vals)
            self._ad_check_assignee_access(vals)
        return super().create(vals_list)

    def write(self, vals):
        if {"user_id", "team_id"} & vals.keys():
            for target in self:
                self._ad_check_assignee_access(vals, target)
        if "date_from" in vals or "period_type" in vals:
            for target in self:
                super(AdTarget, target).write(self._normalize_start(dict(vals), target))
        else:
            super().write(vals)
        if {"user_id", "team_id"} & vals.keys():
            self.check_access("write")  # a manager cannot hand a target to another team
        return True

    # ------------------------------------------------------------
    # ACTION METHODS
    # ------------------------------------------------------------

    def action_copy_next_period(self):
        """Same salespeople, categories and amounts in the following month, quarter or year."""
        if not self:
            raise UserError(self.env._("Select the targets to copy."))
        new_targets = self.create(
            [
                {
                    "user_id": target.user_id.id,
                    "team_id": target.team_id.id,
                    "company_id": target.company_id.id,
                    "categ_id": target.categ_id.id,
                    "amount": target.amount,
                    "period_type": target.period_type,
                    "date_from": target.date_to + relativedelta(days=1),
                }
                for target in self
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Copied Targets"),
            "res_model": "ad.target",
            "view_mode": "list",
            "domain": [("id", "in", new_targets.ids)],
        }

    # ------------------------------------------------------------
    # TOOLING
    # ------------------------------------------------------------

    def _ad_check_assignee_access(self, vals, target=None):
        """Managers set the targets of their teams only. Checked before anything is written,
        so that no constraint (an overlap, a team) answers about another team's targets."""
        user = self.env.user
        if self.env.su or user.ad_visibility == "all":
            return
        salesperson = self.env["res.users"].sudo().browse(vals.get("user_id", target and target.user_id.id))
        teams = set(salesperson.sale_team_id.ids)
        if "team_id" in vals or not teams:
            teams.add(vals.get("team_id", target and target.team_id.id))
        if not teams <= set(user.ad_team_ids.ids):
            raise AccessError(self.env._("You set the targets of your own sales teams only."))

    def _normalize_start(self, vals, target=None):
        """Move the start date to the first day of its month, quarter or year (imports may give any day)."""
        start = fields.Date.to_date(vals.get("date_from") or (target and target.date_from))
        period_type = vals.get("period_type") or (target and target.period_type) or "month"
        if start:
            vals["date_from"] = date_utils.start_of(start, period_type)
        return vals
