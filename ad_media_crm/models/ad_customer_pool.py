from odoo import fields, models, tools


class AdCustomerPool(models.Model):
    """The shared pool (公海) as reps see it: unowned customers, a few fields, read-only.

    A view over res_partner instead of a rule on it, so reps never read the full record
    of a customer they do not own; they claim from here.
    """

    _name = "ad.customer.pool"
    _description = "Shared Customer Pool"
    _auto = False
    _order = "write_date desc, id desc"
    _depends = {
        "res.partner": [
            "name",
            "ad_customer_code",
            "industry_id",
            "ad_customer_type",
            "city",
            "state_id",
            "ad_is_customer",
            "ad_owner_id",
            "active",
        ],
    }

    # the partner's display name would show its address, e-mail or tax id (display context)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, groups="ad_media_crm.group_ad_office")
    name = fields.Char(readonly=True)
    ad_customer_code = fields.Char("Customer Code", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    ad_customer_type = fields.Selection(
        [("prospect", "Prospect"), ("target", "Target"), ("key", "Key Account")],
        string="Customer Type",
        readonly=True,
    )
    city = fields.Char(readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    write_date = fields.Datetime("Back in Pool Since", readonly=True)
    visible_to_reps = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT p.id, p.id AS partner_id, p.name, p.ad_customer_code, p.industry_id,
                       p.ad_customer_type, p.city, p.state_id, p.write_date,
                       EXISTS(SELECT 1 FROM ir_config_parameter
                               WHERE key = 'ad_media_crm.pool_visible' AND value = 'True')
                           AS visible_to_reps
                  FROM res_partner p
                 WHERE p.ad_is_customer AND p.ad_owner_id IS NULL AND p.active
            )"""
        )

    def action_claim(self):
        self.env["res.partner"].browse(self.ids)._ad_claim()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Claimed %(count)s customers; confirm an order before the protection period ends.", count=len(self)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
