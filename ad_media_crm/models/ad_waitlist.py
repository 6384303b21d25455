from odoo import api, fields, models


class AdWaitlist(models.Model):
    """A rep waits for a full placement; when capacity is released on those dates he is
    told (an activity) and the entry is marked offered."""

    _name = "ad.waitlist"
    _inherit = ["ad.owned.mixin"]
    _description = "Placement Waitlist"
    _order = "create_date, id"

    slot_id = fields.Many2one("ad.slot", string="Placement", required=True, index=True, ondelete="cascade")
    date_start = fields.Date("From", required=True)
    date_end = fields.Date("To", required=True)
    quantity = fields.Integer("Units per Date", default=1, required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    user_id = fields.Many2one("res.users", string="Salesperson", required=True, default=lambda self: self.env.uid)
    state = fields.Selection(
        [("waiting", "Waiting"), ("offered", "Capacity Freed"), ("closed", "Closed")], default="waiting", required=True
    )

    @api.model
    def _ad_offer(self, released):
        """Tell the reps waiting on the placements and dates of the ``released`` bookings."""
        for booking in released:
            waiting = self.sudo().search(
                [
                    ("state", "=", "waiting"),
                    ("slot_id", "=", booking.slot_id.id),
                    ("date_start", "<=", booking.date_end),
                    ("date_end", ">=", booking.date_start),
                ]
            )
            for entry in waiting:
                entry.state = "offered"
                entry.partner_id.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=entry.user_id.id,
                    summary=self.env._(
                        "%(slot)s has free capacity again between %(start)s and %(end)s",
                        slot=entry.slot_id.display_name,
                        start=booking.date_start,
                        end=booking.date_end,
                    ),
                )
