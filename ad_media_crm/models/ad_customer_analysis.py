from odoo import api, fields, models, tools
from odoo.tools import SQL

# Per company and customer (commercial partner): orders, discounts, make-goods, invoices,
# receivables and days to pay, in company currency, with the customer's profile, class and
# owner; a row with zeros for a customer without any. A materialized view: a year of a million
# order lines and their invoices cannot be summed on every read in a second, nor 200,000
# customers joined (res_partner is wide). Refreshed hourly by a cron and by the report's button.
FACTS_QUERY = """
WITH order_totals AS (
    SELECT sol.order_id,
           SUM(sol.price_subtotal / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END)
               AS spend,
           SUM(sol.price_unit * sol.product_uom_qty * sol.discount / 100.0
               / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END) AS discount_amount
      FROM sale_order_line sol
      JOIN sale_order so ON so.id = sol.order_id
     WHERE so.state = 'sale' AND sol.display_type IS NULL AND sol.is_downpayment IS NOT TRUE
     GROUP BY sol.order_id
),
orders AS (
    SELECT so.company_id, p.commercial_partner_id AS partner_id,
           timezone(COALESCE(cp.tz, 'UTC'), timezone('UTC', so.date_order))::date AS date,
           COALESCE(t.spend, 0.0) AS spend, COALESCE(t.discount_amount, 0.0) AS discount_amount
      FROM sale_order so
      JOIN res_partner p ON p.id = so.partner_id
      JOIN res_company c ON c.id = so.company_id
      JOIN res_partner cp ON cp.id = c.partner_id
      LEFT JOIN order_totals t ON t.order_id = so.id
     WHERE so.state = 'sale'
),
make_goods AS (
    SELECT so.company_id, p.commercial_partner_id AS partner_id, COUNT(*) AS make_good_count,
           SUM(mg.amount / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END)
               AS make_good_amount
      FROM ad_make_good mg
      JOIN sale_order so ON so.id = mg.order_id
      JOIN res_partner p ON p.id = so.partner_id
     GROUP BY 1, 2
),
invoices AS (
    SELECT am.company_id, am.commercial_partner_id AS partner_id, SUM(am.amount_untaxed_signed) AS invoiced_amount
      FROM account_move am
     WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
     GROUP BY 1, 2
),
receivables AS (
    -- the open items of ad.receivable.report
    SELECT aml.company_id, COALESCE(p.commercial_partner_id, aml.partner_id) AS partner_id,
           SUM(aml.amount_residual) AS receivable_amount
      FROM account_move_line aml
      JOIN account_account aa ON aa.id = aml.account_id
      JOIN res_partner p ON p.id = aml.partner_id
     WHERE aa.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
       AND aml.reconciled IS NOT TRUE AND aml.amount_residual != 0
     GROUP BY 1, 2
),
paid AS (
    -- paid invoices: days from the invoice date to the last reconciliation of its receivable
    SELECT am.company_id, am.commercial_partner_id AS partner_id, COUNT(*) AS paid_invoice_count,
           SUM(GREATEST(settled.date - am.invoice_date, 0)) AS days_to_pay_total
      FROM account_move am
      JOIN LATERAL (
          SELECT MAX(apr.max_date) AS date
            FROM account_move_line aml
            JOIN account_partial_reconcile apr ON apr.debit_move_id = aml.id
           WHERE aml.move_id = am.id AND aml.display_type = 'payment_term'
      ) settled ON settled.date IS NOT NULL
     WHERE am.state = 'posted' AND am.move_type = 'out_invoice' AND am.payment_state IN ('paid', 'in_payment')
     GROUP BY 1, 2
),
facts AS (
    SELECT company_id, partner_id, COUNT(*) AS order_count, MIN(date) AS first_order_date,
           MAX(date) AS last_order_date, COUNT(DISTINCT date_trunc('month', date)) AS active_months,
           COUNT(DISTINCT date_trunc('year', date)) AS active_years, SUM(spend) AS spend,
           SUM(discount_amount) AS discount_amount, 0 AS make_good_count, 0.0 AS make_good_amount,
           0.0 AS invoiced_amount, 0.0 AS receivable_amount, 0 AS paid_invoice_count, 0 AS days_to_pay_total
      FROM orders
     GROUP BY 1, 2
    UNION ALL
    SELECT company_id, partner_id, 0, NULL, NULL, 0, 0, 0.0, 0.0, make_good_count, make_good_amount, 0.0, 0.0, 0, 0
      FROM make_goods
    UNION ALL
    SELECT company_id, partner_id, 0, NULL, NULL, 0, 0, 0.0, 0.0, 0, 0.0, invoiced_amount, 0.0, 0, 0
      FROM invoices
    UNION ALL
    SELECT company_id, partner_id, 0, NULL, NULL, 0, 0, 0.0, 0.0, 0, 0.0, 0.0, receivable_amount, 0, 0
      FROM receivables
    UNION ALL
    SELECT company_id, partner_id, 0, NULL, NULL, 0, 0, 0.0, 0.0, 0, 0.0, 0.0, 0.0, paid_invoice_count,
           days_to_pay_total
      FROM paid
),
totals AS (
    SELECT company_id, partner_id,
           SUM(order_count) AS order_count, MIN(first_order_date) AS first_order_date,
           MAX(last_order_date) AS last_order_date, SUM(active_months) AS active_months,
           SUM(active_years) AS active_years, SUM(spend) AS spend, SUM(discount_amount) AS discount_amount,
           SUM(make_good_count) AS make_good_count, SUM(make_good_amount) AS make_good_amount,
           SUM(invoiced_amount) AS invoiced_amount, SUM(receivable_amount) AS receivable_amount,
           SUM(paid_invoice_count) AS paid_invoice_count, SUM(days_to_pay_total) AS days_to_pay_total
      FROM facts
     WHERE company_id IS NOT NULL AND partner_id IS NOT NULL
     GROUP BY company_id, partner_id
),
customer_rows AS (
    SELECT * FROM totals
    UNION ALL
    -- the customers without any figure yet, in their company (if any)
    SELECT p.company_id, p.id, 0, NULL, NULL, 0, 0, 0.0, 0.0, 0, 0.0, 0.0, 0.0, 0, 0
      FROM res_partner p
     WHERE p.ad_is_customer AND p.active AND NOT EXISTS (SELECT 1 FROM totals t WHERE t.partner_id = p.id)
)
SELECT row_number() OVER (ORDER BY r.company_id, r.partner_id) AS id, r.*,
       p.ad_managed, p.ad_owner_id, p.ad_team_id, p.ad_abc_class AS abc_class, p.industry_id,
       p.ad_customer_type AS customer_type, p.ad_customer_kind AS customer_kind,
       p.ad_customer_status AS customer_status, p.country_id, p.state_id, p.city, now() AS refreshed_at
  FROM customer_rows r
  JOIN res_partner p ON p.id = r.partner_id
"""

# The facts, with the churn flag of the company's setting. Nothing here reads res_partner:
# the general manager's pivot of 200,000 customers reads the narrow facts only, and the rule
# (security/ir_rules.xml) reaches the customers' live ownership through partner_id.
REPORT_QUERY = """
SELECT f.*, c.currency_id,
       f.last_order_date < CURRENT_DATE - make_interval(months => COALESCE(NULLIF(c.ad_churn_months, 0), 12))
           AS is_churned,
       f.spend / NULLIF(f.order_count, 0) AS average_order,
       f.days_to_pay_total::float / NULLIF(f.paid_invoice_count, 0) AS days_to_pay
  FROM ad_customer_fact f
  LEFT JOIN res_company c ON c.id = f.company_id
"""

# ratio measure: (numerator, denominator) sums it is recomputed from in grouped reads
RATIOS = {
    "average_order": ("spend", "order_count"),
    "days_to_pay": ("days_to_pay_total", "paid_invoice_count"),
}


class AdCustomerAnalysis(models.Model):
    """客户分析 (7P): one row per advertising customer and company: profile, loyalty, value
    and profitability, from a materialized view (FACTS_QUERY, refreshed hourly and by the
    button): the profile, class and owner shown are those of the last refresh. Who sees a row
    does not wait for it: the record rule is the customers' rule through partner_id, on the
    customer's live ownership.

    Measured (tests/bench_analysis.py, 200,000 customers, 2,000 reps, 1,000,000 order lines):
    the general manager's pivot by owner and ABC class about 0.45 s (a sequential scan of the
    15 MB of facts, no res_partner), a manager's or a rep's about 60 ms (the rule's customers
    from the res_partner indexes, hashed against the facts); refresh 13 s.
    """

    _name = "ad.customer.analysis"
    _inherit = ["ad.fact.report.mixin"]
    _description = "Customer Analysis"
    _auto = False
    _order = "spend desc, id"
    _rec_name = "partner_id"
    _ad_fact_table = "ad_customer_fact"
    _ad_ratios = RATIOS
    _depends = {"res.company": ["ad_churn_months", "currency_id"]}

    # Who
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    ad_managed = fields.Boolean("Advertising Customer", readonly=True)
    ad_owner_id = fields.Many2one("res.users", string="Owner", readonly=True)
    ad_team_id = fields.Many2one("crm.team", string="Owner's Team", readonly=True)

    # Profile
    abc_class = fields.Selection(
        lambda self: self.env["res.partner"]._fields["ad_abc_class"].selection, string="ABC Class", readonly=True
    )
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    customer_type = fields.Selection(
        lambda self: self.env["res.partner"]._fields["ad_customer_type"].selection,
        readonly=True,
    )
    customer_kind = fields.Selection(
        lambda self: self.env["res.partner"]._fields["ad_customer_kind"].selection,
        string="Advertiser or Agency",
        readonly=True,
    )
    customer_status = fields.Selection(
        lambda self: self.env["res.partner"]._fields["ad_customer_status"].selection,
        readonly=True,
    )
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    city = fields.Char(readonly=True)

    # Loyalty
    first_order_date = fields.Date("Customer Since", readonly=True, help="Date of the first confirmed order.")
    last_order_date = fields.Date("Last Order", readonly=True)
    active_years = fields.Integer(
        "Years with Orders", readonly=True, aggregator="avg", help="Calendar years with a confirmed order."
    )
    active_months = fields.Integer(
        "Months with Orders", readonly=True, aggregator="avg", help="Months with a confirmed order (repeat periods)."
    )
    is_churned = fields.Boolean(
        "Churned",
        readonly=True,
        help="No confirmed order for the months set in Settings › Advertising › Customer Analysis (12 by default).",
    )

    # Value and profitability (company currency, untaxed)
    order_count = fields.Integer("Orders", readonly=True, help="Confirmed orders.")
    spend = fields.Monetary(readonly=True, currency_field="currency_id", help="Untaxed amount of confirmed orders.")
    average_order = fields.Monetary(readonly=True, currency_field="currency_id", help="Spend / orders.")
    discount_amount = fields.Monetary(
        "Discounts Given",
        readonly=True,
        currency_field="currency_id",
        help="Price × quantity × discount % of the confirmed order lines.",
    )
    make_good_count = fields.Integer("Make-goods", readonly=True)
    make_good_amount = fields.Monetary("Make-good Credits", readonly=True, currency_field="currency_id")
    invoiced_amount = fields.Monetary(
        "Invoiced", readonly=True, currency_field="currency_id", help="Untaxed posted invoices less credit notes."
    )
    receivable_amount = fields.Monetary("Open Receivables", readonly=True, currency_field="currency_id")
    paid_invoice_count = fields.Integer("Paid Invoices", readonly=True)
    days_to_pay_total = fields.Integer("Days to Pay (sum)", readonly=True)
    days_to_pay = fields.Float(
        "Days to Pay",
        readonly=True,
        digits=(16, 1),
        help="Average days from the invoice date to its last payment, over the paid invoices.",
    )
    refreshed_at = fields.Datetime("Figures As Of", readonly=True, aggregator="max")

    def init(self):
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        cr.execute("DROP MATERIALIZED VIEW IF EXISTS ad_customer_fact")
        cr.execute(SQL("CREATE MATERIALIZED VIEW ad_customer_fact AS %s", SQL(FACTS_QUERY)))
        cr.execute("CREATE UNIQUE INDEX ad_customer_fact_id_index ON ad_customer_fact (id)")
        cr.execute("CREATE INDEX ad_customer_fact_partner_id_index ON ad_customer_fact (partner_id, company_id)")
        cr.execute("CREATE INDEX ad_customer_fact_ad_owner_id_index ON ad_customer_fact (ad_owner_id)")
        cr.execute(SQL("CREATE VIEW %s AS %s", SQL.identifier(self._table), SQL(REPORT_QUERY)))

    @api.model
    def action_refresh(self):
        """The button also reclasses the customers (nightly otherwise), as the figures show the class."""
        self._ad_check_refresh_access()
        self.env["res.partner"].sudo()._ad_refresh_abc_classes()
        return super().action_refresh()
