from odoo import fields, models


class AdCustomerStage(models.Model):
    _name = "ad.customer.stage"
    _description = "Customer Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(help="Folded in the kanban view of customers.")
    active = fields.Boolean(default=True)
