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
        if vals.keys() - {"ad_incentive_coefficient"} and not self.env.su and self._ad_coefficient_only():
            raise AccessError(self.env._("You may only change the incentive coefficient of product categories."))
        return super().write(vals)

    def _ad_coefficient_only(self):
        """Advertising sales managers may write categories (security/ir.model.access.csv) for the
        incentive coefficient only: True when that access line is the user's only write access."""
        own_line = self.env.ref("ad_media_crm.access_product_category_ad_manager")
        return (
            not self.env["ir.model.access"]
            .sudo()
            .search_count(
                [
                    ("model_id.model", "=", "product.category"),
                    ("perm_write", "=", True),
                    ("id", "!=", own_line.id),
                    "|",
                    ("group_id", "=", False),
                    ("group_id", "in", self.env.user.groups_id.ids),
                ]
            )
        )
