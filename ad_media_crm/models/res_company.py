import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

INVOICE_POLICIES = [
    ("advance", "In Advance (as ordered)"),
    ("per_run", "Each Run, Once It Has Run"),
    ("monthly", "Monthly, for What Ran in the Month"),
    ("completion", "On Completion of All Runs"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    ad_approval_amount = fields.Monetary(
        "Approval above Amount",
        currency_field="currency_id",
        help="Orders whose untaxed amount exceeds this need a manager's approval (0: never).",
    )
    ad_discount_period = fields.Selection(
        [("calendar_year", "Calendar year"), ("rolling_year", "Last 12 months")],
        string="Spend Period",
        default="calendar_year",
        required=True,
        help="Which confirmed orders count towards a customer's discount tier.",
    )
    ad_approval_discount = fields.Float(
        "Approval above Discount (%)", help="Orders with a line discounted more than this need approval (0: never)."
    )
    ad_invoice_policy = fields.Selection(
        INVOICE_POLICIES,
        string="Placement Invoicing",
        default="advance",
        required=True,
        help="Default invoicing policy of new orders' placements. In advance: the ordered quantities, at once. "
        "The others invoice the runs that have run (delivered quantities), drafted daily by a scheduled action.",
    )
    ad_overdue_block_days = fields.Integer(
        "Block Orders when Overdue by (days)",
        help="Salespeople cannot confirm orders of a customer with a receivable overdue by more than this many "
        "days; managers, the general manager and the sales office still can (0: never blocked).",
    )
    ad_assessment_basis = fields.Selection(
        [("confirmed", "Confirmed orders"), ("invoiced", "Invoiced"), ("paid", "Paid")],
        string="Assessment Basis",
        default="confirmed",
        required=True,
        help="What counts as achieved in the sales assessment: the untaxed amount of confirmed order lines "
        "by order date; of posted invoices net of credit notes by invoice date; or the paid part of posted "
        "invoices by payment date, credit notes and refunds deducted when settled.",
    )

    ad_churn_months = fields.Integer(
        "Churned after (months)",
        default=12,
        help="The customer analysis flags a customer as churned when his last confirmed order is older than "
        "this many months.",
    )

    # Payment reminders (回款提醒), see models/account_move.py
    ad_reminder_days_before = fields.Integer(
        "Remind before Due Date (days)",
        default=3,
        help="The customer's owner gets an activity this many days before an invoice is due (0: not before).",
    )
    ad_reminder_overdue_steps = fields.Char(
        "Overdue Reminder Steps (days)",
        default="1,15,30,60,90",
        help="Days past the due date at which the owner gets a new activity, comma-separated.",
    )
    ad_reminder_digest = fields.Selection(
        [("daily", "Daily"), ("weekly", "Weekly (Mondays)"), ("none", "Never")],
        string="Receivables Digest",
        default="daily",
        required=True,
        help="How often reps and finance receive the mail of invoices due soon and overdue.",
    )
    ad_reminder_finance_user_ids = fields.Many2many(
        "res.users",
        "res_company_ad_reminder_finance_rel",
        "company_id",
        "user_id",
        string="Finance Recipients",
        help="Receive the digest of every invoice due soon and overdue (empty: the billing users).",
    )
    ad_reminder_digest_date = fields.Date("Last Receivables Digest", copy=False, readonly=True)
    ad_reminder_digest_progress = fields.Char(
        "Receivables Digest in Progress",
        copy=False,
        readonly=True,
        help="Day and last recipient served, to resume after a crash.",
    )
    ad_sms_provider = fields.Selection(
        [("iap", "Odoo IAP"), ("fake", "Fake (tests and demo)")],
        string="SMS Provider",
        default="iap",
        help="Gateway of the SMS sent from this company; other modules add theirs (readme/CONFIGURE.md).",
    )
    ad_reminder_sms_steps = fields.Char(
        "SMS at Overdue Steps (days)",
        help="Overdue steps at which the customer's finance contact also gets an SMS, comma-separated (empty: no SMS).",
    )

    @api.constrains("ad_reminder_days_before", "ad_reminder_overdue_steps", "ad_reminder_sms_steps")
    def _check_ad_reminder_steps(self):
        for company in self:
            if company.ad_reminder_days_before < 0:
                raise ValidationError(self.env._("The reminder before the due date cannot be negative."))
            steps = company._ad_parse_steps(company.ad_reminder_overdue_steps)
            if not set(company._ad_parse_steps(company.ad_reminder_sms_steps)) <= set(steps):
                raise ValidationError(self.env._("SMS can only be sent at overdue reminder steps."))

    def _ad_parse_steps(self, text):
        """The days of a comma-separated list of steps, sorted; refuses anything else."""
        try:
            steps = sorted({int(part) for part in (text or "").replace("，", ",").split(",") if part.strip()})
        except ValueError:
            steps = [0]
        if any(step <= 0 for step in steps):
            raise ValidationError(
                self.env._("Reminder steps are whole numbers of days after the due date, such as 1,15,30.")
            )
        return steps

    def _ad_reminder_steps(self):
        """Every reminder step in days from the due date, sorted (negative: before it)."""
        self.ensure_one()
        before = [-self.ad_reminder_days_before] if self.ad_reminder_days_before else []
        return before + self._ad_parse_steps(self.ad_reminder_overdue_steps)

    def _ad_today(self):
        """Today in the company's time zone (its partner's, else the user's)."""
        self.ensure_one()
        tz = pytz.timezone(self.partner_id.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
