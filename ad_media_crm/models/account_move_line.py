from odoo import fields, models, tools


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ad_managed = fields.Boolean(related="move_id.ad_managed", store=True, index=True, string="Advertising Customer")
    ad_owner_id = fields.Many2one(
        related="move_id.ad_owner_id", store=True, index="btree_not_null", string="Customer Owner"
    )
    ad_team_id = fields.Many2one(related="move_id.ad_team_id", store=True, string="Customer Owner's Team")

    # ------------------------------------------------------------
    # QUERY PLANS OF THE VISIBILITY RULES (tests/bench_visibility.py)
    # ------------------------------------------------------------

    def init(self):
        res = super().init()
        # a manager's journal items: the rule's branch "my teams' customers" has its own index
        tools.create_index(
            self.env.cr,
            "account_move_line_ad_team_id_index",
            self._table,
            ["ad_team_id"],
            where="ad_team_id IS NOT NULL",
        )
        return res
