from odoo import fields, models


class SaleReport(models.Model):
    _inherit = "sale.report"

    ad_managed = fields.Boolean("Advertising Customer", readonly=True)
    ad_owner_id = fields.Many2one("res.users", string="Customer Owner", readonly=True)
    ad_team_id = fields.Many2one("crm.team", string="Customer Owner's Team", readonly=True)
    ad_slot_id = fields.Many2one("ad.slot", string="Placement", readonly=True)
    ad_medium_id = fields.Many2one("ad.medium", string="Advertising Medium", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res.update(
            ad_managed="s.ad_managed",
            ad_owner_id="s.ad_owner_id",
            ad_team_id="s.ad_team_id",
            ad_slot_id="l.ad_slot_id",
            ad_medium_id="ad_slot.medium_id",
        )
        return res

    def _from_sale(self):
        return super()._from_sale() + " LEFT JOIN ad_slot ON ad_slot.id = l.ad_slot_id"

    def _group_by_sale(self):
        return super()._group_by_sale() + ", s.ad_managed, s.ad_owner_id, s.ad_team_id, l.ad_slot_id, ad_slot.medium_id"
