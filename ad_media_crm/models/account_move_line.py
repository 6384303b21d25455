from odoo import models


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _inherit = ["account.move.line", "ad.owned.mixin"]

    _ad_customer_field = "move_id"
    _ad_customer_reference_fields = ("partner_id",)
    _ad_salesperson_field = None
