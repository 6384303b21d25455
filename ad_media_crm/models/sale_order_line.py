from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    ad_managed = fields.Boolean(related="order_id.ad_managed", store=True, index=True, string="Advertising Customer")
    ad_owner_id = fields.Many2one(related="order_id.ad_owner_id", store=True, index=True, string="Customer Owner")
    ad_team_id = fields.Many2one(related="order_id.ad_team_id", store=True, string="Customer Owner's Team")
