from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    ad_incentive_coefficient = fields.Float(
        "Incentive Coefficient",
        default=1.0,
        digits=(4, 2),
        help="Weight of sales in this category in rep assessment: new or hard products weigh more.",
    )
