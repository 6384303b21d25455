from odoo import fields, models


class AdDiscountTier(models.Model):
    """自动折扣: a customer whose confirmed spend in the period reaches ``min_spend`` gets
    ``discount`` on new ad order lines."""

    _name = "ad.discount.tier"
    _description = "Spend-Based Discount Tier"
    _order = "company_id, min_spend"

    _sql_constraints = [
        ("discount_range", "CHECK(discount >= 0 AND discount <= 100)", "A discount is between 0 and 100%."),
        ("spend_unique", "unique(company_id, min_spend)", "Two tiers cannot start at the same spend."),
    ]

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_spend = fields.Monetary("From Spend", required=True, currency_field="currency_id")
    discount = fields.Float("Discount (%)", required=True)
