from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AdContractLine(models.Model):
    _name = "ad.contract.line"
    _inherit = ["ad.owned.mixin"]
    _description = "Advertising Contract Placement"
    _order = "contract_id, date_start, id"
    _ad_customer_field = "contract_id"
    _ad_customer_reference_fields = ()
    _ad_salesperson_field = None

    _sql_constraints = [
        ("dates_in_order", "CHECK(date_start <= date_end)", "A placement cannot end before it starts."),
        ("quantity_positive", "CHECK(quantity > 0)", "A placement uses at least one unit of capacity."),
    ]

    contract_id = fields.Many2one("ad.contract", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    slot_id = fields.Many2one("ad.slot", string="Placement", required=True, check_company=True)
    date_start = fields.Date("Run From", required=True)
    date_end = fields.Date("Run To", required=True)
    quantity = fields.Integer("Units per Date", required=True, default=1)
    price_unit = fields.Monetary(
        "Price", compute="_compute_price_unit", store=True, readonly=False, help="Before the contract's discount."
    )
    sale_line_ids = fields.One2many("sale.order.line", "ad_contract_line_id", string="Order Lines")
    ordered = fields.Boolean(compute="_compute_ordered", help="On a quotation or order that is not cancelled.")

    @api.depends("slot_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.slot_id.list_price

    @api.depends("sale_line_ids.state")
    def _compute_ordered(self):
        for line in self:
            line.ordered = any(sale_line.state != "cancel" for sale_line in line.sale_line_ids)

    @api.depends("slot_id", "date_start", "date_end")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.slot_id.display_name} {line.date_start} → {line.date_end}"

    @api.constrains("date_start", "date_end", "contract_id")
    def _check_within_contract(self):
        for line in self:
            contract = line.contract_id
            if line.date_start < contract.date_start or line.date_end > contract.date_end:
                raise ValidationError(
                    self.env._(
                        "%(placement)s runs outside the contract period (%(start)s - %(end)s).",
                        placement=line.slot_id.display_name,
                        start=contract.date_start,
                        end=contract.date_end,
                    )
                )

    def _ad_sale_line_values(self):
        self.ensure_one()
        return {
            "product_id": self.slot_id.product_id.id,
            "product_uom_qty": 1,
            "price_unit": self.price_unit,
            "discount": self.contract_id.discount,
            "ad_slot_id": self.slot_id.id,
            "ad_date_start": self.date_start,
            "ad_date_end": self.date_end,
            "ad_capacity_quantity": self.quantity,
            "ad_contract_line_id": self.id,
        }
