from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ad_approval_amount = fields.Monetary(
        "Approval above Amount",
        currency_field="currency_id",
        help="Orders whose untaxed amount exceeds this need a manager's approval (0: never).",
    )
    ad_approval_discount = fields.Float(
        "Approval above Discount (%)", help="Orders with a line discounted more than this need approval (0: never)."
    )
