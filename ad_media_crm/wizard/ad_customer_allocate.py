from odoo import api, fields, models


class AdCustomerAllocate(models.TransientModel):
    _name = "ad.customer.allocate"
    _description = "Allocate Customers to a Salesperson"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="New Owner",
        domain=lambda self: [("groups_id", "in", self.env.ref("ad_media_crm.group_ad_rep").id)],
        help="Leave empty to return the customers to the shared pool.",
    )
    reason = fields.Char(required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            res["partner_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return res

    def action_allocate(self):
        self.ensure_one()
        customers = self.partner_ids._ad_assign_owner(self.user_id, self.reason, kind="allocation")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s customers allocated to %(user)s.",
                    count=len(customers),
                    user=self.user_id.name or self.env._("the shared pool"),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
