from odoo import api, fields, models, tools
from odoo.tools import SQL


class AdLostReport(models.Model):
    """Lost business: the lost opportunities and the quotations marked lost, with why and to
    which competitor. Visibility: the global rule on the documents' ownership mirrors
    (security/ir_rules.xml)."""

    _name = "ad.lost.report"
    _description = "Lost Orders Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date desc, id desc"
    # searching the view flushes these first (as Odoo's own SQL reports do)
    _depends = {
        "crm.lead": [
            "active", "ad_competitor_id", "ad_lost_date", "ad_managed", "ad_owner_id", "ad_team_id", "company_id",
            "expected_revenue", "lost_reason_id", "name", "partner_id", "probability", "team_id", "type", "user_id",
        ],
        "sale.order": [
            "ad_competitor_id", "ad_lost_date", "ad_lost_reason_id", "ad_managed", "ad_owner_id", "ad_team_id",
            "amount_untaxed", "company_id", "currency_rate", "name", "partner_id", "state", "team_id", "user_id",
        ],
        "ad.competitor": ["medium_type"],
    }  # fmt: skip

    kind = fields.Selection([("opportunity", "Opportunity"), ("quotation", "Quotation")], readonly=True)
    name = fields.Char("Document", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", readonly=True)
    competitor_id = fields.Many2one("ad.competitor", string="Lost To", readonly=True)
    competitor_medium_type = fields.Selection(
        lambda self: self.env["ad.medium"]._fields["medium_type"].selection, string="Competitor Medium", readonly=True
    )
    date = fields.Date("Lost On", readonly=True)
    amount = fields.Monetary(currency_field="currency_id", readonly=True, help="Expected revenue or untaxed amount")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Company Currency", readonly=True)
    ad_managed = fields.Boolean("Advertising Customer", readonly=True)
    ad_owner_id = fields.Many2one("res.users", string="Customer Owner", readonly=True)
    ad_team_id = fields.Many2one("crm.team", string="Customer Owner's Team", readonly=True)

    @api.model
    def _query(self):
        # even ids for opportunities, odd ids for quotations: unique and stable
        return SQL(
            """
            SELECT lead.id * 2 AS id,
                   'opportunity' AS kind,
                   lead.name AS name,
                   lead.id AS lead_id,
                   NULL::integer AS order_id,
                   lead.partner_id AS partner_id,
                   lead.user_id AS user_id,
                   lead.team_id AS team_id,
                   lead.lost_reason_id AS lost_reason_id,
                   lead.ad_competitor_id AS competitor_id,
                   competitor.medium_type AS competitor_medium_type,
                   COALESCE(lead.ad_lost_date, lead.write_date::date) AS date,
                   COALESCE(lead.expected_revenue, 0) AS amount,
                   lead.company_id AS company_id,
                   company.currency_id AS currency_id,
                   lead.ad_managed AS ad_managed,
                   lead.ad_owner_id AS ad_owner_id,
                   lead.ad_team_id AS ad_team_id
              FROM crm_lead lead
              LEFT JOIN ad_competitor competitor ON competitor.id = lead.ad_competitor_id
              LEFT JOIN res_company company ON company.id = lead.company_id
             WHERE lead.active IS NOT TRUE
               AND lead.probability = 0
               AND lead.type = 'opportunity'
            UNION ALL
            SELECT so.id * 2 + 1,
                   'quotation',
                   so.name,
                   NULL::integer,
                   so.id,
                   so.partner_id,
                   so.user_id,
                   so.team_id,
                   so.ad_lost_reason_id,
                   so.ad_competitor_id,
                   competitor.medium_type,
                   so.ad_lost_date,
                   so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1),
                   so.company_id,
                   company.currency_id,
                   so.ad_managed,
                   so.ad_owner_id,
                   so.ad_team_id
              FROM sale_order so
              LEFT JOIN ad_competitor competitor ON competitor.id = so.ad_competitor_id
              JOIN res_company company ON company.id = so.company_id
             WHERE so.state = 'cancel'
               AND so.ad_lost_reason_id IS NOT NULL
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
