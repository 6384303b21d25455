from datetime import timedelta

from odoo import api, fields, models


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    ad_order_window_days = fields.Integer(
        "Ordered Within (Days)", default=30, help="Window after the sending in which a customer's order counts."
    )
    ad_ordered_count = fields.Integer(
        "Ordered",
        compute="_compute_ad_ordered",
        help="Customers among the recipients who confirmed an order within the window after the sending, "
        "whatever the order's source (unlike the quotations attributed to the mailing).",
    )
    ad_ordered_ratio = fields.Float("Ordered Ratio", compute="_compute_ad_ordered")

    @api.depends("sent_date", "ad_order_window_days", "mailing_trace_ids")
    def _compute_ad_ordered(self):
        for mailing in self:
            mailing.ad_ordered_count, mailing.ad_ordered_ratio = mailing._ad_ordered_figures()

    def _ad_ordered_figures(self):
        """(customers who ordered, their share of the customers reached in %)."""
        self.ensure_one()
        if not self.id or not self.sent_date or self.mailing_model_real != "res.partner":
            return 0, 0.0
        self.env.flush_all()
        # sudo figures: a count, shown to the mailing's users, who see its recipients already
        self.env.cr.execute(
            """
            WITH reached AS (
                SELECT DISTINCT p.commercial_partner_id AS id
                  FROM mailing_trace t JOIN res_partner p ON p.id = t.res_id
                 WHERE t.mass_mailing_id = %s AND t.model = 'res.partner'
                   AND t.trace_status NOT IN ('error', 'bounce', 'cancel')
            )
            SELECT COUNT(*), COUNT(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM sale_order o JOIN res_partner op ON op.id = o.partner_id
                        WHERE op.commercial_partner_id = reached.id AND o.state = 'sale'
                          AND o.date_order >= %s AND o.date_order < %s))
              FROM reached
            """,
            [self.id, self.sent_date, self.sent_date + timedelta(days=self.ad_order_window_days)],
        )
        reached, ordered = self.env.cr.fetchone()
        return ordered, (100.0 * ordered / reached if reached else 0.0)

    def action_ad_view_ordered(self):
        self.ensure_one()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", self.id), ("model", "=", "res.partner")])
        customers = self.env["res.partner"].browse(traces.mapped("res_id")).exists().commercial_partner_id
        end = self.sent_date + timedelta(days=self.ad_order_window_days)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Orders After the Mailing"),
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [
                ("partner_id", "child_of", customers.ids),
                ("state", "=", "sale"),
                ("date_order", ">=", self.sent_date),
                ("date_order", "<", end),
            ],
        }
