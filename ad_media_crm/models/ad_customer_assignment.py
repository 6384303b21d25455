from odoo import fields, models


class AdCustomerAssignment(models.Model):
    _name = "ad.customer.assignment"
    _inherit = ["ad.owned.mixin"]
    _ad_salesperson_field = None
    _description = "Customer Ownership History"
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(
        [
            ("claim", "Claim"),
            ("first_order", "First Confirmed Order"),
            ("allocation", "Allocation"),
            ("handover", "Handover"),
            ("transfer", "Transfer Request"),
            ("release", "Returned to Pool"),
            ("merge", "Merge"),
        ],
        required=True,
    )
    old_owner_id = fields.Many2one("res.users", string="Previous Owner")
    new_owner_id = fields.Many2one("res.users")
    reason = fields.Char()
    user_id = fields.Many2one("res.users", string="Done By", default=lambda self: self.env.uid)
