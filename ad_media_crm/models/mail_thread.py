from odoo import models

from .ad_owned_mixin import ad_check_links


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def message_post(self, **kwargs):
        # recipients are notified and named back in the chatter: only partners the author may read
        if kwargs.get("partner_ids"):
            ad_check_links(self.env["mail.message"], {"partner_ids": [(6, 0, list(kwargs["partner_ids"]))]})
        return super().message_post(**kwargs)
