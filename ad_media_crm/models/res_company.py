from odoo import fields, models

INVOICE_POLICIES = [
    ("advance", "In Advance (as ordered)"),
    ("per_run", "Each Run, Once It Has Run"),
    ("monthly", "Monthly, for What Ran in the Month"),
    ("completion", "On Completion of All Runs"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    ad_approval_amount = fields.Monetary(
        "Approval above Amount",
        currency_field="currency_id",
        help="Orders whose untaxed amount exceeds this need a manager's approval (0: never).",
    )
    ad_discount_period = fields.Selection(
        [("calendar_year", "Calendar year"), ("rolling_year", "Last 12 months")],
        string="Spend Period",
        default="calendar_year",
        required=True,
        help="Which confirmed orders count towards a customer's discount tier.",
    )
    ad_approval_discount = fields.Float(
        "Approval above Discount (%)", help="Orders with a line discounted more than this need approval (0: never)."
    )
    ad_invoice_policy = fields.Selection(
        INVOICE_POLICIES,
        string="Placement Invoicing",
        default="advance",
        required=True,
        help="Default invoicing policy of new orders' placements. In advance: the ordered quantities, at once. "
        "The others invoice the runs that have run (delivered quantities), drafted daily by a scheduled action.",
    )
    ad_overdue_block_days = fields.Integer(
        "Block Orders when Overdue by (days)",
        help="Salespeople cannot confirm orders of a customer with a receivable overdue by more than this many "
        "days; managers, the general manager and the sales office still can (0: never blocked).",
    )
