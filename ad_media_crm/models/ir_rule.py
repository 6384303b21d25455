from odoo import models
from odoo.exceptions import AccessError


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """In debug mode Odoo lists the forbidden records by name: not to a user whose
        visibility the ownership rules restrict (they belong to another rep's customers)."""
        error = super()._make_access_error(operation, records)
        if self.env.su or self.env.user.ad_visibility == "all":
            return error
        return AccessError(
            self.env._(
                "These %(model)s records belong to other salespeople's customers: you cannot access them.",
                model=self.env["ir.model"]._get(records._name).name or records._name,
            )
        )
