from odoo import api, fields, models


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
    reason_code = fields.Selection(
        [
            ("created", "Created by the salesperson"),
            ("pool_claim", "Claimed from the shared pool"),
            ("first_order", "First confirmed order"),
            ("install", "Customer when the addon was installed"),
            ("expired", "Protection period expired"),
            ("merge", "Merged duplicates"),
        ],
        string="Standard Reason",
        help="Set when the system moved the customer: shown in the reader's language.",
    )
    reason = fields.Char("Reason Given", help="The reason a user typed (for a merge: the merged customers).")
    reason_display = fields.Char("Reason", compute="_compute_reason_display")
    user_id = fields.Many2one("res.users", string="Done By", default=lambda self: self.env.uid)

    @api.depends("reason_code", "reason")
    @api.depends_context("lang")
    def _compute_reason_display(self):
        labels = dict(self._fields["reason_code"]._description_selection(self.env))
        for assignment in self:
            label = labels.get(assignment.reason_code)
            text = assignment.reason
            assignment.reason_display = f"{label}: {text}" if label and text else label or text or False
