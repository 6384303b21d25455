from odoo import api, models
from odoo.exceptions import UserError


class AdSmsProvider(models.AbstractModel):
    """The SMS gateways that ``res.company.ad_sms_provider`` names (readme/CONFIGURE.md).

    A gateway module adds its code to that selection (``selection_add``) and implements
    ``_ad_send_<code>(messages)`` on this model. ``messages`` is what Odoo gives its IAP
    service: ``[{"content": str, "numbers": [{"number": str, "uuid": str}, ...]}, ...]``;
    the method returns one result per number, ``{"uuid": str, "state": str}`` with the IAP
    states (``"success"``, or ``"server_error"``, ``"wrong_number_format"``,
    ``"insufficient_credit"``, ...), and sms.sms records them as Odoo does for IAP.
    """

    _name = "ad.sms.provider"
    _description = "SMS Gateway"

    @api.model
    def _ad_send(self, provider, messages):
        method = getattr(self, f"_ad_send_{provider}", None)
        if not method:
            raise UserError(self.env._("No SMS gateway is installed for the provider %(provider)s.", provider=provider))
        return method(messages)

    @api.model
    def _ad_send_fake(self, messages):
        """Sends nothing: records each SMS in ad.sms.log and reports it delivered."""
        self.env["ad.sms.log"].sudo().create(
            [
                {"provider": "fake", "number": number["number"], "body": message["content"], "uuid": number["uuid"]}
                for message in messages
                for number in message["numbers"]
            ]
        )
        return [{"uuid": number["uuid"], "state": "delivered"} for message in messages for number in message["numbers"]]
