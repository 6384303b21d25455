import functools

from odoo import api, models
from odoo.osv import expression


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    @api.model
    def _ad_visible_domain(self):
        """For a restricted user: followers of documents and partners he may read."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        guarded = ["res.partner", *self.env["ad.owned.mixin"]._ad_owned_models()]
        guarded = [name for name in guarded if "message_follower_ids" in self.env[name]._fields]
        # the followers of a model the user may not read at all stay hidden
        documents = [[("res_model", "not in", guarded)]] + [
            [("res_model", "=", name), ("res_id", "in", self.env[name].with_context(active_test=False)._search([]))]
            for name in guarded
            if self.env[name].has_access("read")
        ]
        return expression.AND([expression.OR(documents), [("partner_id", "in", Partner._search([]))]])

    def _ad_restricted(self):
        return not self.env.su and self.env.user.ad_visibility != "all"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._ad_restricted():
            domain = expression.AND([domain, self._ad_visible_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation != "read" or not self._ad_restricted() or not self._ids:
            return result
        forbidden = result[0] if result else self.browse()
        visible = self.browse(self._search([("id", "in", (self - forbidden).ids)]))
        hidden = self - forbidden - visible
        if not hidden:
            return result
        forbidden |= hidden
        return forbidden, functools.partial(self.env["ir.rule"]._make_access_error, "read", forbidden)
