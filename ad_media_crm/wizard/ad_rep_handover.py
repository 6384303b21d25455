from odoo import fields, models


class AdRepHandover(models.TransientModel):
    _name = "ad.rep.handover"
    _description = "Hand Over a Leaving Salesperson's Customers"

    user_id = fields.Many2one("res.users", string="Leaving Salesperson", required=True)
    successor_id = fields.Many2one("res.users", required=True)
    reason = fields.Char(required=True, default=lambda self: self.env._("Salesperson leaving"))
    summary = fields.Text(readonly=True)

    def action_handover(self):
        self.ensure_one()
        counts = self.user_id._ad_handover_to(self.successor_id, self.reason)
        self.summary = self.env._(
            "Moved to %(user)s: %(customers)s customers, %(orders)s orders, %(opportunities)s opportunities, "
            "%(activities)s activities.",
            user=self.successor_id.name,
            **counts,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
