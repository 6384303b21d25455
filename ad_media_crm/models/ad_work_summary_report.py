from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# Summed per rep in the digest, in this order (the columns of the mail's table)
DIGEST_MEASURES = (
    "log_count",
    "visit_count",
    "call_count",
    "proposal_count",
    "feedback_count",
    "other_count",
    "touched_partner",
    "new_customer",
    "quotation_count",
    "quotation_amount",
    "order_count",
    "order_amount",
)


class AdWorkSummaryReport(models.Model):
    """One row per event of a rep's work: a work log entry, a quotation made, an order
    confirmed, a customer won (first claim or first confirmed order of the customer for the
    rep, from the ownership history). Grouped by rep and week or month it is the work
    summary; the ownership mirrors of each row's document and the global rule keep a rep to
    his customers. Dates of orders and claims are the rep's local dates."""

    _name = "ad.work.summary.report"
    _description = "Work Summary"
    _auto = False
    _order = "date desc"
    _rec_name = "date"

    _depends = {
        "ad.work.log": ["date", "user_id", "partner_id", "kind", "ad_managed", "ad_owner_id", "ad_team_id"],
        "sale.order": [
            "create_date", "date_order", "state", "user_id", "partner_id", "amount_untaxed", "currency_rate",
            "ad_managed", "ad_owner_id", "ad_team_id",
        ],
        "ad.customer.assignment": [
            "create_date", "kind", "partner_id", "new_owner_id", "ad_managed", "ad_owner_id", "ad_team_id",
        ],
        "res.partner": ["commercial_partner_id", "tz"],
        "res.users": ["sale_team_id", "partner_id"],
    }  # fmt: skip

    date = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    kind = fields.Selection(lambda self: self.env["ad.work.log"]._fields["kind"].selection, readonly=True)
    log_count = fields.Integer("Log Entries", readonly=True)
    visit_count = fields.Integer("Visits", readonly=True)
    call_count = fields.Integer("Calls", readonly=True)
    proposal_count = fields.Integer("Proposals", readonly=True)
    feedback_count = fields.Integer("Feedback", readonly=True)
    other_count = fields.Integer("Other", readonly=True)
    touched_partner = fields.Integer("Customers Touched", aggregator="count_distinct", readonly=True)
    new_customer = fields.Integer("New Customers", aggregator="count_distinct", readonly=True)
    quotation_count = fields.Integer("Quotations", readonly=True)
    quotation_amount = fields.Float("Quoted Amount", readonly=True, digits="Product Price")
    order_count = fields.Integer("Orders", readonly=True)
    order_amount = fields.Float("Ordered Amount", readonly=True, digits="Product Price")
    ad_managed = fields.Boolean("Advertising Customer", readonly=True)
    ad_owner_id = fields.Many2one("res.users", string="Customer Owner", readonly=True)
    ad_team_id = fields.Many2one("crm.team", string="Customer Owner's Team", readonly=True)

    @property
    def _table_query(self):
        local = "(({ts} AT TIME ZONE 'UTC') AT TIME ZONE COALESCE(NULLIF(up.tz, ''), 'UTC'))::date"
        zero = """0 AS visit_count, 0 AS call_count, 0 AS proposal_count, 0 AS feedback_count,
                  0 AS other_count, NULL::integer AS touched_partner"""
        amount = "so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)"
        return f"""
            SELECT l.id * 4 AS id, l.date, l.user_id, u.sale_team_id AS team_id,
                   p.commercial_partner_id AS partner_id, l.kind, 1 AS log_count,
                   (l.kind = 'visit')::int AS visit_count, (l.kind = 'call')::int AS call_count,
                   (l.kind = 'proposal')::int AS proposal_count, (l.kind = 'feedback')::int AS feedback_count,
                   (l.kind = 'other')::int AS other_count, p.commercial_partner_id AS touched_partner,
                   NULL::integer AS new_customer, 0 AS quotation_count, 0.0 AS quotation_amount,
                   0 AS order_count, 0.0 AS order_amount, l.ad_managed, l.ad_owner_id, l.ad_team_id
              FROM ad_work_log l
              JOIN res_partner p ON p.id = l.partner_id
              JOIN res_users u ON u.id = l.user_id
             UNION ALL
            SELECT so.id * 4 + 1, {local.format(ts="so.create_date")}, so.user_id, u.sale_team_id,
                   so.partner_id, NULL, 0, {zero}, NULL, 1, {amount}, 0, 0.0,
                   so.ad_managed, so.ad_owner_id, so.ad_team_id
              FROM sale_order so
              JOIN res_users u ON u.id = so.user_id
              JOIN res_partner up ON up.id = u.partner_id
             UNION ALL
            SELECT so.id * 4 + 2, {local.format(ts="so.date_order")}, so.user_id, u.sale_team_id,
                   so.partner_id, NULL, 0, {zero}, NULL, 0, 0.0, 1, {amount},
                   so.ad_managed, so.ad_owner_id, so.ad_team_id
              FROM sale_order so
              JOIN res_users u ON u.id = so.user_id
              JOIN res_partner up ON up.id = u.partner_id
             WHERE so.state = 'sale'
             UNION ALL
            SELECT won.id * 4 + 3, {local.format(ts="won.create_date")}, won.new_owner_id, u.sale_team_id,
                   won.partner_id, NULL, 0, {zero}, won.partner_id, 0, 0.0, 0, 0.0,
                   won.ad_managed, won.ad_owner_id, won.ad_team_id
              FROM (
                  SELECT DISTINCT ON (a.partner_id, a.new_owner_id) a.*
                    FROM ad_customer_assignment a
                   WHERE a.kind IN ('claim', 'first_order') AND a.new_owner_id IS NOT NULL
                   ORDER BY a.partner_id, a.new_owner_id, a.create_date, a.id
              ) won
              JOIN res_users u ON u.id = won.new_owner_id
              JOIN res_partner up ON up.id = u.partner_id
        """

    # ------------------------------------------------------------
    # SUMMARIES AND DIGEST
    # ------------------------------------------------------------

    @api.model
    def _ad_period(self, period, today):
        """The last complete week (Monday to Sunday) or month before ``today``."""
        if period == "week":
            start = today - relativedelta(days=today.weekday() + 7)
            return start, start + relativedelta(days=6)
        start = today.replace(day=1) - relativedelta(months=1)
        return start, start + relativedelta(months=1, days=-1)

    @api.model
    def _ad_summary(self, date_from, date_to, users=None):
        """Per rep, the summed measures between the dates (included), as the current user
        sees them: {user: {measure: value}}."""
        domain = [("date", ">=", date_from), ("date", "<=", date_to), ("user_id", "!=", False)]
        if users is not None:
            domain.append(("user_id", "in", users.ids))
        aggregates = [f"{name}:{self._fields[name].aggregator}" for name in DIGEST_MEASURES]
        rows = self._read_group(domain, ["user_id"], aggregates)
        return {row[0]: dict(zip(DIGEST_MEASURES, row[1:], strict=True)) for row in rows}

    @api.model
    def _ad_digest_recipients(self):
        """Sales managers who lead a team, and the general managers."""
        managers = self.env.ref("ad_media_crm.group_ad_manager").users.filtered(lambda u: u.active and u.email)
        return managers.filtered(lambda u: u.ad_visibility == "all" or u.ad_team_ids)

    @api.model
    def _cron_ad_work_digest(self, period):
        """Mail each manager the summary of his reps for the last complete ``period`` (week
        or month), computed as the manager; once per manager and period (the mail's
        Message-Id is the key)."""
        today = fields.Date.context_today(self)
        date_from, date_to = self._ad_period(period, today)
        sent = []
        for manager in self._ad_digest_recipients():
            message_id = f"<ad-work-digest-{period}-{date_from}-{manager.id}-{self.env.cr.dbname}@odoo>"
            if self.env["mail.message"].sudo().search_count([("message_id", "=", message_id)], limit=1):
                continue
            sent.append(self._ad_send_work_digest(manager, period, date_from, date_to, message_id))
        return sent

    @api.model
    def _ad_send_work_digest(self, manager, period, date_from, date_to, message_id):
        lang = manager.lang or "en_US"
        report = self.with_user(manager).with_context(lang=lang)
        team = None if manager.ad_visibility == "all" else manager.ad_team_ids.member_ids | manager
        summary = report._ad_summary(date_from, date_to, team)
        env = report.env
        if period == "week":
            title = env._("Work summary, week of %(date)s", date=date_from)
        else:
            title = env._("Work summary, %(month)s", month=date_from.strftime("%Y-%m"))
        body = (
            self.env["ir.qweb"]
            .with_context(lang=lang)
            ._render(
                "ad_media_crm.ad_work_digest_body",
                {
                    "title": title,
                    "date_from": date_from,
                    "date_to": date_to,
                    "rows": sorted(summary.items(), key=lambda item: item[0].name),
                    "currency": manager.company_id.currency_id,
                },
            )
        )
        company = manager.company_id
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": title,
                    "body_html": body,
                    "email_from": company.email_formatted or manager.email_formatted,
                    "recipient_ids": [(4, manager.partner_id.id)],
                    "message_id": message_id,
                    "auto_delete": False,
                }
            )
        )
