from odoo import api, fields, models, tools
from odoo.tools import SQL

AGEING = [
    ("not_due", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("over_90", "Over 90 Days"),
]

# covering index of the open items by owner (see init())
OPEN_OWNER_INDEX = "account_move_line_ad_open_owner_idx"
OPEN_OWNER_INDEX_INCLUDES = [
    "company_id", "account_id", "date_maturity", "date", "amount_residual", "reconciled", "move_id", "partner_id",
]  # fmt: skip


class AdReceivableReport(models.Model):
    """Open receivables per customer, rep and team: a view over Odoo's own posted, not fully
    reconciled receivable journal items (invoices, credit notes, unmatched payments), so the
    open amount falls as Odoo reconciles payments. Visibility: the global rule on the
    journal items' ownership mirrors (security/ir_rules.xml)."""

    _name = "ad.receivable.report"
    _description = "Receivables Analysis"
    _auto = False
    _rec_name = "move_id"
    _order = "date_maturity, id"
    # searching the view flushes these first (as Odoo's own SQL reports do)
    _depends = {
        "account.move": ["invoice_date", "invoice_user_id", "move_type"],
        "account.move.line": [
            "account_id", "ad_managed", "ad_owner_id", "ad_team_id", "amount_residual", "company_currency_id",
            "company_id", "date", "date_maturity", "move_id", "parent_state", "partner_id", "reconciled",
        ],
        "account.account": ["account_type"],
        "res.partner": ["commercial_partner_id"],
    }  # fmt: skip

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    ad_managed = fields.Boolean("Advertising Customer", readonly=True)
    ad_owner_id = fields.Many2one("res.users", string="Customer Owner", readonly=True)
    ad_team_id = fields.Many2one("crm.team", string="Customer Owner's Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    move_type = fields.Selection(
        lambda self: self.env["account.move"]._fields["move_type"].selection, string="Type", readonly=True
    )
    invoice_date = fields.Date(readonly=True)
    date_maturity = fields.Date("Due Date", readonly=True)
    amount_residual = fields.Monetary("Open Amount", currency_field="currency_id", readonly=True)
    days_overdue = fields.Integer(aggregator="max", readonly=True)
    ageing = fields.Selection(AGEING, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)

    @api.model
    def _query(self):
        # The rule's mirrors are the journal item's own columns and the view has no aggregate,
        # so a rep's query uses the indexes of init() (or the mixin's owner/team indexes).
        # The entry is LEFT JOINed (every item has one) so that PostgreSQL skips the join when
        # no entry column is asked: finance's ageing pivot does not probe 200,000 entries.
        return SQL(
            """
            SELECT aml.id AS id,
                   aml.company_id AS company_id,
                   aml.company_currency_id AS currency_id,
                   COALESCE(partner.commercial_partner_id, aml.partner_id) AS partner_id,
                   aml.ad_managed AS ad_managed,
                   aml.ad_owner_id AS ad_owner_id,
                   aml.ad_team_id AS ad_team_id,
                   move.invoice_user_id AS user_id,
                   aml.move_id AS move_id,
                   move.move_type AS move_type,
                   move.invoice_date AS invoice_date,
                   COALESCE(aml.date_maturity, aml.date) AS date_maturity,
                   aml.amount_residual AS amount_residual,
                   GREATEST(CURRENT_DATE - COALESCE(aml.date_maturity, aml.date), 0) AS days_overdue,
                   CASE
                       WHEN CURRENT_DATE - COALESCE(aml.date_maturity, aml.date) <= 0 THEN 'not_due'
                       WHEN CURRENT_DATE - COALESCE(aml.date_maturity, aml.date) <= 30 THEN '1_30'
                       WHEN CURRENT_DATE - COALESCE(aml.date_maturity, aml.date) <= 60 THEN '31_60'
                       WHEN CURRENT_DATE - COALESCE(aml.date_maturity, aml.date) <= 90 THEN '61_90'
                       ELSE 'over_90'
                   END AS ageing
              FROM account_move_line aml
              LEFT JOIN account_move move ON move.id = aml.move_id
              JOIN account_account account ON account.id = aml.account_id
              LEFT JOIN res_partner partner ON partner.id = aml.partner_id
             WHERE account.account_type = 'asset_receivable'
               AND aml.parent_state = 'posted'
               AND (aml.reconciled IS NULL OR aml.reconciled = false OR aml.reconciled IS NOT true)
               AND aml.amount_residual != 0
            """
        )

    def init(self):
        # Open items are few among the journal items (a non-reconcilable line's residual is
        # always 0): partial indexes on them serve each branch of the rule and finance's ageing.
        cr = self.env.cr
        where = "amount_residual <> 0 AND parent_state = 'posted'"
        for column in ("account_id", "ad_team_id", "ad_managed"):
            name = f"account_move_line_ad_open_{column}_idx"
            tools.create_index(cr, name, "account_move_line", [column], where=where)
        # The owner's index covers every column the view reads from the item (move_id and
        # partner_id too: PostgreSQL still counts the columns of a LEFT JOIN it removed), so
        # that finance's ageing pivot, which sums all open items, is an index-only scan instead
        # of a heap fetch per item scattered over the whole ledger.
        cr.execute("DROP INDEX IF EXISTS account_move_line_ad_open_ad_owner_id_idx")
        if not tools.index_exists(cr, OPEN_OWNER_INDEX):
            cr.execute(
                SQL(
                    "CREATE INDEX %s ON account_move_line (ad_owner_id) INCLUDE (%s) WHERE %s",
                    SQL.identifier(OPEN_OWNER_INDEX),
                    SQL(", ").join(map(SQL.identifier, OPEN_OWNER_INDEX_INCLUDES)),
                    SQL(where),
                )
            )
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
