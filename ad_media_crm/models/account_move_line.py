from odoo import models


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _inherit = ["account.move.line", "ad.owned.mixin"]

    # the customer a line names: an invoice's lines name its customer, and a journal entry's
    # receivable line the customer it is booked on, whoever the entry's own partner is
    _ad_customer_field = "partner_id"
    _ad_customer_reference_fields = ("partner_id",)
    _ad_salesperson_field = None
