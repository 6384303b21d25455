from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class AdFactReportMixin(models.AbstractModel):
    """A report over a materialized view of facts (``_ad_fact_table``): summing a year of a
    million order lines on every read would not answer in a second, its rows do. Refreshed by
    a cron and by the managers' button; readers keep the previous figures meanwhile. The
    ratios of a group (``_ad_ratios``: name -> (numerator, denominator), times
    ``_ad_ratio_scale``) are ratios of its sums, not sums of its rows' ratios."""

    _name = "ad.fact.report.mixin"
    _description = "Advertising Report on Materialized Facts"
    _ad_fact_table = None
    _ad_ratios = {}
    _ad_ratio_scale = 1.0

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        asked = {spec.split(":")[0] for spec in fields}
        wanted = {name for name in self._ad_ratios if name in asked}
        extra = {part for name in wanted for part in self._ad_ratios[name]} - asked
        groups = super().read_group(domain, list(fields) + list(extra), groupby, offset, limit, orderby, lazy)
        for group in groups:
            for name in wanted:
                numerator, denominator = self._ad_ratios[name]
                total = group.get(denominator) or 0.0
                group[name] = self._ad_ratio_scale * (group.get(numerator) or 0.0) / total if total else 0.0
            for name in extra:
                group.pop(name, None)
        return groups

    @api.model
    def action_refresh(self):
        self._ad_check_refresh_access()
        self._ad_refresh()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    def _ad_check_refresh_access(self):
        if not self.env.user.has_group("ad_media_crm.group_ad_manager"):
            raise AccessError(self.env._("Only sales managers refresh these figures."))

    @api.model
    def _ad_refresh(self):
        """Recompute the facts; readers keep the previous ones meanwhile."""
        self.env.flush_all()
        self.env.cr.execute(SQL("REFRESH MATERIALIZED VIEW CONCURRENTLY %s", SQL.identifier(self._ad_fact_table)))
        self.invalidate_model()
