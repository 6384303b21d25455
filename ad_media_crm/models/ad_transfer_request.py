import json

from odoo import api, fields, models
from odoo.exceptions import UserError

QUERY_FIELDS = ("name", "phone", "mobile", "email", "vat")


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
    duplicate_query = fields.Char(
        "Entered Details", readonly=True, help="What the salesperson entered; the office sees which customer matched."
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
        office = self.env.su or self.env.user._ad_is_office()
        Requests = self
        if not office:
            # the customer is found from what the rep entered, never from an id he sends
            Requests = self.with_context(default_partner_id=False)
        query = self.env.context.get("default_duplicate_query")
        for vals in vals_list:
            vals["requested_by_id"] = self.env.uid
            if not office:
                vals.pop("partner_id", None)
                vals["partner_id"] = self._ad_match(vals.get("duplicate_query") or query)
        requests = super(AdTransferRequest, Requests).create(vals_list)
        office = self.env.ref("ad_media_crm.group_ad_office").users[:1]
        for request in requests.sudo():
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=office.id or self.env.ref("base.user_admin").id,
                summary=self.env._("Customer transfer requested"),
            )
        return requests

    @api.model
    def _ad_match(self, query):
        """The existing customer matching the details a rep entered (``duplicate_query``)."""
        try:
            values = {key: value for key, value in json.loads(query or "{}").items() if key in QUERY_FIELDS}
        except (TypeError, ValueError):
            values = {}
        duplicate = values and self.env["res.partner"].sudo().new(dict(values, ad_managed=True))._ad_find_duplicate()
        if not duplicate:
            raise UserError(self.env._("No existing customer matches these details."))
        return duplicate.commercial_partner_id.id

    @staticmethod
    def _ad_query(partner):
        """The details of ``partner`` (being created by a rep) that identify its duplicate."""
        return json.dumps({key: partner[key] for key in QUERY_FIELDS if partner[key]}, ensure_ascii=False)

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
