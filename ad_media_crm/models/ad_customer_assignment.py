from odoo import fields, models


class AdCustomerAssignment(models.Model):
    _name = "ad.customer.assignment"
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
        ],
        required=True,
    )
    old_owner_id = fields.Many2one("res.users", string="Previous Owner")
    new_owner_id = fields.Many2one("res.users")
    reason = fields.Char()
    user_id = fields.Many2one("res.users", string="Done By", default=lambda self: self.env.uid)
    # Mirrors of the customer, read by the record rules.
    ad_owner_id = fields.Many2one(related="partner_id.ad_owner_id", store=True, index=True, string="Current Owner")
    ad_team_id = fields.Many2one(related="partner_id.ad_team_id", store=True, string="Current Team")
