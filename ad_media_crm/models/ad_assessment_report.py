from odoo import fields, models, tools
from odoo.tools import SQL

# Achieved amounts per basis, company, salesperson, team, month and product category, in
# company currency and untaxed. A materialized view: summing a year of a million order lines
# (and, on the paid basis, their reconciliations) on every read would not answer in a second;
# these few hundred thousand rows do. Refreshed hourly by a cron and by the report's button.
FACTS_QUERY = """
WITH confirmed AS (
    SELECT so.company_id, so.user_id, so.team_id,
           date_trunc('month', timezone(COALESCE(up.tz, 'UTC'), timezone('UTC', so.date_order)))::date AS date,
           pt.categ_id,
           SUM(sol.price_subtotal / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END)
               AS achieved
      FROM sale_order_line sol
      JOIN sale_order so ON so.id = sol.order_id
      JOIN res_users u ON u.id = so.user_id
      JOIN res_partner up ON up.id = u.partner_id
      LEFT JOIN product_product pp ON pp.id = sol.product_id
      LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE so.state = 'sale' AND sol.display_type IS NULL AND sol.is_downpayment IS NOT TRUE
     GROUP BY 1, 2, 3, 4, 5
),
invoiced AS (
    SELECT am.company_id, am.invoice_user_id AS user_id, am.team_id,
           date_trunc('month', am.invoice_date)::date AS date, pt.categ_id, SUM(-aml.balance) AS achieved
      FROM account_move_line aml
      JOIN account_move am ON am.id = aml.move_id
      LEFT JOIN product_product pp ON pp.id = aml.product_id
      LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
       AND aml.display_type = 'product' AND am.invoice_user_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
),
receivable AS (
    -- receivable lines of posted customer invoices (+) and credit notes (-)
    SELECT aml.id, aml.move_id, CASE am.move_type WHEN 'out_invoice' THEN 1 ELSE -1 END AS sign
      FROM account_move_line aml
      JOIN account_move am ON am.id = aml.move_id
      JOIN account_account aa ON aa.id = aml.account_id
     WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
       AND am.invoice_user_id IS NOT NULL AND aa.account_type = 'asset_receivable'
),
matched AS (
    SELECT r.move_id, r.sign, apr.amount, apr.max_date, apr.credit_move_id AS counterpart_id
      FROM receivable r JOIN account_partial_reconcile apr ON apr.debit_move_id = r.id
    UNION ALL
    SELECT r.move_id, r.sign, apr.amount, apr.max_date, apr.debit_move_id
      FROM receivable r JOIN account_partial_reconcile apr ON apr.credit_move_id = r.id
),
paid_moves AS (
    -- money received (payments, bank statement lines) counts; an invoice matched with a credit
    -- note counts on both sides and nets out; a write-off entry is not money and counts nothing
    SELECT m.move_id, date_trunc('month', m.max_date)::date AS date, SUM(m.sign * m.amount) AS amount
      FROM matched m
      JOIN account_move_line cl ON cl.id = m.counterpart_id
      JOIN account_move cm ON cm.id = cl.move_id
     WHERE cm.origin_payment_id IS NOT NULL OR cm.statement_line_id IS NOT NULL
        OR cm.move_type IN ('out_invoice', 'out_refund')
     GROUP BY 1, 2
),
paid AS (
    -- the paid part of a document, untaxed, spread over its lines pro rata
    SELECT am.company_id, am.invoice_user_id AS user_id, am.team_id, pm.date, pt.categ_id,
           SUM(pm.amount * -aml.balance / am.amount_total_signed) AS achieved
      FROM paid_moves pm
      JOIN account_move am ON am.id = pm.move_id
      JOIN account_move_line aml ON aml.move_id = am.id AND aml.display_type = 'product'
      LEFT JOIN product_product pp ON pp.id = aml.product_id
      LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE am.amount_total_signed != 0
     GROUP BY 1, 2, 3, 4, 5
)
SELECT row_number() OVER () AS id, facts.*
  FROM (
      SELECT 'confirmed'::varchar AS basis, * FROM confirmed
      UNION ALL
      SELECT 'invoiced', * FROM invoiced
      UNION ALL
      SELECT 'paid', * FROM paid
  ) facts
"""

# Facts on the company's basis, plus the targets spread evenly over the months of their period
# (a quarter's target counts a third in each month, so a quarter's rows add up to it).
REPORT_QUERY = """
WITH target_months AS NOT MATERIALIZED (
    SELECT 2 * (12 * t.id + k.i) + 1 AS key, t.company_id, t.user_id, t.team_id,
           (t.date_from + make_interval(months => k.i))::date AS date, t.categ_id, t.amount / t.months AS amount
      FROM (
          SELECT *, CASE period_type WHEN 'year' THEN 12 WHEN 'quarter' THEN 3 ELSE 1 END AS months
            FROM ad_target
      ) t
      -- constant bounds: the planner knows it is at most 12 rows (a per-row series is guessed
      -- at 1,000, and the inflated estimate turns JIT compilation on, for seconds)
      JOIN generate_series(0, 11) AS k(i) ON k.i < t.months
),
facts AS (
    SELECT 2 * f.id AS key, f.company_id, f.user_id, f.team_id, f.date, f.categ_id, f.achieved,
           0.0 AS target_amount, 0.0 AS categ_target_amount, 0.0 AS team_target_amount
      FROM ad_assessment_fact f
      JOIN res_company c ON c.id = f.company_id AND f.basis = COALESCE(c.ad_assessment_basis, 'confirmed')
    UNION ALL
    SELECT key, company_id, user_id, team_id, date, categ_id, 0.0,
           CASE WHEN user_id IS NOT NULL AND categ_id IS NULL THEN amount ELSE 0.0 END,
           CASE WHEN user_id IS NOT NULL AND categ_id IS NOT NULL THEN amount ELSE 0.0 END,
           CASE WHEN user_id IS NULL THEN amount ELSE 0.0 END
      FROM target_months
),
cells AS (
    -- a cell's id: the smallest key of its rows (facts even, target months odd), so unique
    SELECT MIN(key) AS id, company_id, user_id, team_id, date, categ_id, SUM(achieved) AS achieved,
           SUM(target_amount) AS target_amount, SUM(categ_target_amount) AS categ_target_amount,
           SUM(team_target_amount) AS team_target_amount
      FROM facts
     GROUP BY company_id, user_id, team_id, date, categ_id
),
month_targets AS NOT MATERIALIZED (
    -- a salesperson's targets of a month, whatever team the cells carry
    SELECT company_id, user_id, date, categ_id, SUM(amount) AS amount
      FROM target_months
     WHERE user_id IS NOT NULL
     GROUP BY company_id, user_id, date, categ_id
)
-- joins rather than window functions: a rule's filter on salesperson or team reaches the indexes
SELECT c.id, c.company_id, c.user_id, c.team_id, c.date, c.categ_id,
       COALESCE(pc.ad_incentive_coefficient, 1.0) AS coefficient, c.achieved,
       c.achieved * COALESCE(pc.ad_incentive_coefficient, 1.0) AS weighted_achieved,
       c.target_amount, c.categ_target_amount, c.team_target_amount,
       CASE WHEN ct.amount > 0 THEN c.achieved ELSE 0.0 END AS categ_achieved,
       100.0 * c.achieved / NULLIF(mt.amount, 0) AS completion,
       100.0 * c.achieved * COALESCE(pc.ad_incentive_coefficient, 1.0) / NULLIF(mt.amount, 0) AS score,
       100.0 * c.achieved / NULLIF(ct.amount, 0) AS categ_completion,
       0.0 AS team_completion
  FROM cells c
  LEFT JOIN product_category pc ON pc.id = c.categ_id
  LEFT JOIN month_targets mt
         ON mt.company_id = c.company_id AND mt.user_id = c.user_id AND mt.date = c.date AND mt.categ_id IS NULL
  LEFT JOIN month_targets ct
         ON ct.company_id = c.company_id AND ct.user_id = c.user_id AND ct.date = c.date AND ct.categ_id = c.categ_id
"""

# ratio measure: (numerator, denominator) sums it is recomputed from in grouped reads
RATIOS = {
    "completion": ("achieved", "target_amount"),
    "score": ("weighted_achieved", "target_amount"),
    "categ_completion": ("categ_achieved", "categ_target_amount"),
    "team_completion": ("achieved", "team_target_amount"),
}


class AdAssessmentReport(models.Model):
    """考核: achieved amounts per salesperson, team, month and product category on the company's
    basis, against the targets (ad.target), and the incentive-weighted score.

    score = 100 × Σ (achieved in a category × its incentive coefficient) / overall target.
    A row holds its category's share of the month's completion and score, so the rows of a
    salesperson's month add up to his figures; grouped reads recompute the ratios from the sums.
    A SQL view over a materialized view of the achieved amounts (see FACTS_QUERY): targets,
    coefficients and the basis apply at once; a rep's or a manager's rule filter reaches the
    indexes (about 1 ms and 60 ms; the whole of 2,000 reps × 12 months × 5 categories about
    0.6 s, measured on synthetic rows).
    """

    _name = "ad.assessment.report"
    _inherit = ["ad.fact.report.mixin"]
    _description = "Sales Assessment"
    _auto = False
    _order = "date desc, user_id, categ_id"
    _rec_name = "user_id"
    _ad_fact_table = "ad_assessment_fact"
    _ad_ratios = RATIOS
    _ad_ratio_scale = 100.0
    _depends = {
        "ad.target": ["user_id", "team_id", "company_id", "categ_id", "period_type", "date_from", "date_to", "amount"],
        "res.company": ["ad_assessment_basis"],
        "product.category": ["ad_incentive_coefficient"],
    }

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # Who, when, what
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    date = fields.Date("Month", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    coefficient = fields.Float("Incentive Coefficient", digits=(4, 2), readonly=True, aggregator=None)

    # Amounts (company currency, untaxed)
    achieved = fields.Monetary(readonly=True, currency_field="currency_id")
    weighted_achieved = fields.Monetary(
        readonly=True, currency_field="currency_id", help="Achieved × incentive coefficient."
    )
    target_amount = fields.Monetary("Target", readonly=True, currency_field="currency_id")
    categ_target_amount = fields.Monetary("Category Target", readonly=True, currency_field="currency_id")
    categ_achieved = fields.Monetary(
        "Achieved in Target Categories",
        readonly=True,
        currency_field="currency_id",
        help="Achieved in the categories the salesperson has a target for.",
    )
    team_target_amount = fields.Monetary("Team Target", readonly=True, currency_field="currency_id")

    # Ratios (%)
    completion = fields.Float(
        "Completion (%)", readonly=True, digits=(16, 1), help="100 × achieved / overall target of the salesperson."
    )
    categ_completion = fields.Float(
        "Category Completion (%)",
        readonly=True,
        digits=(16, 1),
        help="100 × achieved in the target categories / category targets.",
    )
    score = fields.Float(
        readonly=True,
        digits=(16, 1),
        help="100 × Σ (achieved in a category × its incentive coefficient) / overall target. Not capped: "
        "100 is the target met on coefficient-1 products; new business with a higher coefficient scores more.",
    )
    team_completion = fields.Float(
        "Team Completion (%)",
        readonly=True,
        digits=(16, 1),
        help="100 × achieved / the team's target, on lines grouped by team (a team's target has no salesperson).",
    )

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def init(self):
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        tools.drop_view_if_exists(cr, "ad_assessment_fact")
        cr.execute(SQL("CREATE MATERIALIZED VIEW ad_assessment_fact AS %s", SQL(FACTS_QUERY)))
        cr.execute("CREATE UNIQUE INDEX ad_assessment_fact_id_index ON ad_assessment_fact (id)")
        cr.execute("CREATE INDEX ad_assessment_fact_user_id_index ON ad_assessment_fact (user_id, basis)")
        cr.execute("CREATE INDEX ad_assessment_fact_team_id_index ON ad_assessment_fact (team_id)")
        cr.execute(SQL("CREATE VIEW %s AS %s", SQL.identifier(self._table), SQL(REPORT_QUERY)))

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _ad_payroll_summary(self):
        """Per salesperson and month of these rows: the category rows and the month's totals."""
        months = {}
        for row in self.sorted(lambda r: (r.user_id.name or "", r.date, r.categ_id.complete_name or "")):
            months[row.user_id, row.date] = months.get((row.user_id, row.date), self.browse()) | row
        return [
            {"user": user, "date": date, "rows": rows, "totals": rows._ad_totals()}
            for (user, date), rows in months.items()
        ]

    def _ad_totals(self):
        """The sums of these rows, and the ratios of those sums."""
        totals = {name: sum(self.mapped(name)) for name in {part for pair in RATIOS.values() for part in pair}}
        for name, (numerator, denominator) in RATIOS.items():
            totals[name] = 100.0 * totals[numerator] / totals[denominator] if totals[denominator] else 0.0
        return totals
