from odoo import api, fields, models
from odoo.exceptions import UserError


class AdTransferRequest(models.Model):
    """A rep asks the office for a customer he found already existing (duplicate check)."""

    _name = "ad.transfer.request"
    _description = "Customer Transfer Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    # The requester may not see the customer: only the office reads which one it is.
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, groups="ad_media_crm.group_ad_office")
    requested_by_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.uid, index=True
    )
    reason = fields.Text(required=True)
    state = fields.Selection(
        [("new", "New"), ("approved", "Approved"), ("refused", "Refused")], default="new", tracking=True, readonly=True
    )

    @api.depends("requested_by_id")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Transfer request #%(id)s by %(user)s", id=request.id, user=request.requested_by_id.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals["requested_by_id"] = self.env.uid
        requests = super().create(vals_list)
        office = self.env.ref("ad_media_crm.group_ad_office").users[:1]
        for request in requests.sudo():
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=office.id or self.env.ref("base.user_admin").id,
                summary=self.env._("Customer transfer requested"),
            )
        return requests

    def action_approve(self):
        for request in self.filtered(lambda r: r.state == "new"):
            request.partner_id._ad_assign_owner(
                request.requested_by_id, request.reason, kind="transfer", check_cap=True
            )
            request.state = "approved"
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_refuse(self):
        if self.filtered(lambda r: r.state != "new"):
            raise UserError(self.env._("Only new requests can be refused."))
        self.state = "refused"
        self.activity_feedback(["mail.mail_activity_data_todo"])
