import threading

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

BATCH_SIZE = 500


class AdCustomerReminder(models.Model):
    """A dated reminder about a customer, once or recurring (a birthday, an anniversary, a
    monthly call), delivered by a daily cron as an activity on the day of each occurrence,
    in the reminded user's time zone. ``last_date`` is the last occurrence delivered (or
    skipped because it lay before the reminder existed): an occurrence is never delivered twice."""

    _name = "ad.customer.reminder"
    _inherit = ["ad.owned.mixin"]
    _description = "Customer Reminder"
    _order = "next_date, id"
    _rec_name = "note"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", string="Remind", required=True, index=True, default=lambda self: self.env.uid
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    recurrence = fields.Selection(
        [("none", "Once"), ("monthly", "Every Month"), ("yearly", "Every Year")], required=True, default="none"
    )
    note = fields.Char(required=True)
    kind = fields.Selection(
        [("manual", "Reminder"), ("birthday", "Birthday"), ("anniversary", "Company Anniversary")],
        required=True,
        default="manual",
        readonly=True,
    )
    active = fields.Boolean(default=True)
    last_date = fields.Date("Last Delivered Occurrence", readonly=True, copy=False)
    next_date = fields.Date(
        "Next Occurrence", compute="_compute_next_date", store=True, index=True, help="Empty when nothing is left."
    )
    activity_id = fields.Many2one("mail.activity", string="Last Activity", readonly=True, ondelete="set null")

    @api.depends("date", "recurrence", "last_date")
    def _compute_next_date(self):
        for reminder in self:
            reminder.next_date = reminder._ad_occurrence_after(reminder.last_date)

    @api.constrains("partner_id")
    def _check_partner_managed(self):
        for reminder in self.sudo():
            if not reminder.partner_id.commercial_partner_id.ad_managed:
                raise ValidationError(self.env._("A customer reminder is kept for an advertising customer."))

    @api.model_create_multi
    def create(self, vals_list):
        reminders = super().create(vals_list)
        reminders._ad_skip_past_occurrences()
        return reminders

    def write(self, vals):
        res = super().write(vals)
        if {"date", "recurrence", "active"} & vals.keys():
            self._ad_skip_past_occurrences()
        return res

    def _ad_occurrence(self, index):
        """The ``index``-th occurrence, from the first date: a month or year that lacks the day
        falls on its last day (31st → 30th/28th/29th, 29 February → 28 February)."""
        if self.recurrence == "monthly":
            return self.date + relativedelta(months=index)
        return self.date + relativedelta(years=index)

    def _ad_occurrence_after(self, after):
        """The first occurrence strictly after ``after`` (the first date if empty), or False."""
        self.ensure_one()
        if not self.date:
            return False
        if not after or after < self.date:
            return self.date
        if self.recurrence == "none":
            return False
        if self.recurrence == "monthly":
            index = (after.year - self.date.year) * 12 + after.month - self.date.month
        else:
            index = after.year - self.date.year
        while self._ad_occurrence(index) <= after:
            index += 1
        return self._ad_occurrence(index)

    def _ad_today(self):
        """Today in the time zone of the reminded user, else of the company."""
        tz = self.user_id.tz or self.user_id.company_id.partner_id.tz or "UTC"
        return fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(pytz.timezone(tz)).date()

    def _ad_skip_past_occurrences(self):
        """A recurring reminder starts with the next occurrence: a birthday entered in May is
        not delivered for last March."""
        for reminder in self.sudo():
            today = reminder._ad_today()
            if reminder.recurrence == "none" or reminder.date >= today:
                continue
            last = reminder._ad_occurrence_after(None)
            while (following := reminder._ad_occurrence_after(last)) < today:
                last = following
            reminder.last_date = last

    def _ad_recipient(self):
        """The reminded user while he may read the customer; else the customer's owner."""
        self.ensure_one()
        user = self.user_id
        if user.active and self.partner_id.with_user(user)._filtered_access("read"):
            return user
        return self.partner_id.commercial_partner_id.ad_owner_id

    def _ad_activity_summary(self, lang):
        env = self.with_context(lang=lang).env
        if self.kind == "birthday":
            return env._("Birthday of %(name)s", name=self.partner_id.name)
        if self.kind == "anniversary":
            return env._("Anniversary of %(name)s", name=self.partner_id.name)
        return self.note

    @api.model
    def _cron_ad_deliver_reminders(self):
        """Daily: for each reminder due today or before (local date), an activity for its latest
        due occurrence; earlier missed ones are not piled up. Batches with commits."""
        tomorrow = fields.Date.today() + relativedelta(days=1)  # the furthest local date anywhere
        due = self.sudo().search([("next_date", "<=", tomorrow)])
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        done = 0
        for offset in range(0, len(due), BATCH_SIZE):
            batch = due[offset : offset + BATCH_SIZE]
            batch._ad_deliver()
            done += len(batch)
            if auto_commit:
                self.env["ir.cron"]._notify_progress(done=done, remaining=len(due) - done)
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return due

    def _ad_deliver(self):
        for reminder in self:
            today = reminder._ad_today()
            occurrence = reminder.next_date
            if not occurrence or occurrence > today:
                continue
            while (following := reminder._ad_occurrence_after(occurrence)) and following <= today:
                occurrence = following
            recipient = reminder._ad_recipient()
            values = {"last_date": occurrence}
            if recipient:
                values["user_id"] = recipient.id
                values["activity_id"] = reminder.partner_id.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=occurrence,
                    summary=reminder._ad_activity_summary(recipient.lang),
                    note=reminder.note,
                    user_id=recipient.id,
                ).id
            reminder.write(values)

    @api.model
    def _ad_sync_partner_dates(self, partners):
        """Keep one yearly reminder per contact birthday and company founding date."""
        Reminder = self.sudo().with_context(active_test=False)
        for partner in partners.sudo():
            for kind, date in (("birthday", partner.ad_birthday), ("anniversary", partner.ad_founding_date)):
                reminder = Reminder.search([("partner_id", "=", partner.id), ("kind", "=", kind)], limit=1)
                if not date or not partner.commercial_partner_id.ad_managed:
                    reminder.active = False
                    continue
                values = {"date": date, "recurrence": "yearly", "active": True}
                if not reminder:
                    user = partner.commercial_partner_id.ad_owner_id or self.env.user
                    Reminder.create(
                        {**values, "partner_id": partner.id, "kind": kind, "user_id": user.id, "note": partner.name}
                    )
                elif (reminder.date, reminder.active) != (date, True):
                    reminder.write(values)
