from odoo import api, fields, models
from odoo.exceptions import UserError


class AdCustomerStatement(models.TransientModel):
    """Asks for the period of a customer statement (对账单) and prints it."""

    _name = "ad.customer.statement"
    _inherit = ["ad.link.guard.mixin"]
    _description = "Customer Statement"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, domain=[("is_company", "=", True)])
    date_from = fields.Date("From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)

    @api.model
    def _default_date_from(self):
        return fields.Date.context_today(self).replace(day=1)

    def action_print(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The statement's start date must be on or before its end date."))
        return self.env.ref("ad_media_crm.action_report_ad_customer_statement").report_action(
            self.partner_id,
            data={"date_from": fields.Date.to_string(self.date_from), "date_to": fields.Date.to_string(self.date_to)},
        )
