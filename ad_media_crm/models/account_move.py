from odoo import fields, models, tools


class AccountMove(models.Model):
    _inherit = "account.move"

    ad_managed = fields.Boolean(
        related="commercial_partner_id.ad_managed", store=True, index=True, string="Advertising Customer"
    )
    ad_owner_id = fields.Many2one(
        related="commercial_partner_id.ad_owner_id", store=True, index=True, string="Customer Owner"
    )
    ad_team_id = fields.Many2one(related="commercial_partner_id.ad_team_id", store=True, string="Customer Owner's Team")

    # ------------------------------------------------------------
    # QUERY PLANS OF THE VISIBILITY RULES (tests/bench_visibility.py)
    # ------------------------------------------------------------

    def init(self):
        res = super().init()
        # Invoices: the rules' branches "no owner and I am the salesperson" and "my teams'
        # customers" have their own indexes, so that the global rule alone selects a rep's or a
        # manager's documents (a group rule on ad_managed makes the salesperson rule unselective)
        tools.create_index(
            self.env.cr,
            "account_move_ad_no_owner_invoice_user_id_index",
            self._table,
            ["invoice_user_id"],
            where="ad_owner_id IS NULL",
        )
        tools.create_index(
            self.env.cr, "account_move_ad_team_id_index", self._table, ["ad_team_id"], where="ad_team_id IS NOT NULL"
        )
        return res
