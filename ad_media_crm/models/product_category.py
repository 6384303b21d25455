from odoo import fields, models
from odoo.exceptions import AccessError


class ProductCategory(models.Model):
    _inherit = "product.category"

    ad_incentive_coefficient = fields.Float(
        "Incentive Coefficient",
        default=1.0,
        digits=(4, 2),
        help="Weight of sales in this category in rep assessment: new or hard products weigh more.",
    )

    def write(self, vals):
        """Advertising sales managers may write the categories (security/ir.model.access.csv) for
        the incentive coefficient only; the rest stays with Odoo's product and sales managers."""
        if (
            vals.keys() - {"ad_incentive_coefficient"}
            and not self.env.su
            and not self.env.user.has_group("product.group_product_manager")
            and not self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise AccessError(self.env._("You may only change the incentive coefficient of product categories."))
        return super().write(vals)
