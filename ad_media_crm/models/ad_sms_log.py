from odoo import fields, models


class AdSmsLog(models.Model):
    """What a test gateway (the fake provider) would have sent."""

    _name = "ad.sms.log"
    _description = "SMS Recorded by a Test Gateway"
    _order = "id desc"
    _rec_name = "number"

    provider = fields.Char(readonly=True)
    number = fields.Char(readonly=True)
    body = fields.Text(readonly=True)
    uuid = fields.Char("SMS UUID", readonly=True, index=True)
