from odoo import models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "ad.owned.mixin"]

    _ad_customer_field = "commercial_partner_id"
    _ad_customer_reference_fields = ("partner_id", "partner_shipping_id")
    _ad_salesperson_field = "invoice_user_id"
