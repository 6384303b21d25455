from odoo import fields, models


class AdMedium(models.Model):
    _name = "ad.medium"
    _description = "Advertising Medium"
    _order = "medium_type, name"

    name = fields.Char(required=True, translate=True)
    medium_type = fields.Selection(
        [
            ("newspaper", "Newspaper"),
            ("magazine", "Magazine"),
            ("tv", "TV"),
            ("radio", "Radio"),
            ("outdoor", "Outdoor"),
            ("digital", "Digital"),
            ("exhibition", "Exhibition"),
        ],
        required=True,
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    slot_ids = fields.One2many("ad.slot", "medium_id", string="Placements")
    active = fields.Boolean(default=True)
