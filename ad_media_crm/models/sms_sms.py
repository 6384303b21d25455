import logging

from odoo import models

_logger = logging.getLogger(__name__)


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Routes the batch to the company's gateway (ad.sms.provider) unless it is Odoo IAP."""
        provider = self.env.company.ad_sms_provider
        if provider in (False, "iap"):
            return super()._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception)
        messages = [
            {"content": body, "numbers": [{"number": sms.number, "uuid": sms.uuid} for sms in records]}
            for body, records in self.grouped("body").items()
        ]
        try:
            results = self.env["ad.sms.provider"]._ad_send(provider, messages)
        except Exception:
            _logger.exception("SMS gateway %s failed on %s SMS", provider, len(self))
            if raise_exception:
                raise
            results = [{"uuid": sms.uuid, "state": "server_error"} for sms in self]
        states = {result["uuid"]: result["state"] for result in results}
        for state, records in self.sudo().grouped(lambda sms: states.get(sms.uuid, "server_error")).items():
            if success := self.IAP_TO_SMS_STATE_SUCCESS.get(state):
                records._update_sms_state_and_trackers(success)
                records.to_delete = unlink_sent
            else:
                records._update_sms_state_and_trackers("error", self.IAP_TO_SMS_FAILURE_TYPE.get(state, "unknown"))
                records.to_delete = unlink_failed
        self.mail_message_id._notify_message_notification_update()
