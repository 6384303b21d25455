from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class AdWorkLog(models.Model):
    """What a rep did with a customer on a day (工作日志). A next step with a date is an
    activity of the log's user on the customer, kept in step with the log."""

    _name = "ad.work.log"
    _inherit = ["ad.owned.mixin"]
    _description = "Work Log"
    _order = "date desc, id desc"
    _rec_name = "summary"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, index=True, default=lambda self: self.env.uid
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", compute="_compute_team_id", store=True, index=True)
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [
            ("visit", "Visit"),
            ("call", "Call"),
            ("proposal", "Proposal"),
            ("feedback", "Feedback"),
            ("other", "Other"),
        ],
        required=True,
        default="visit",
    )
    summary = fields.Text(required=True)
    next_step = fields.Char("Next Step")
    next_date = fields.Date("Next Step On")
    activity_id = fields.Many2one("mail.activity", string="Next Step Activity", readonly=True, ondelete="set null")

    @api.depends("user_id")
    def _compute_team_id(self):
        for log in self:
            log.team_id = log.user_id.sudo().sale_team_id

    @api.constrains("partner_id")
    def _check_partner_managed(self):
        for log in self.sudo():
            if not log.partner_id.commercial_partner_id.ad_managed:
                raise ValidationError(self.env._("A work log is kept for an advertising customer."))

    @api.constrains("next_step", "next_date")
    def _check_next_step(self):
        for log in self:
            if log.next_date and not log.next_step:
                raise ValidationError(self.env._("Say what the next step is, or clear its date."))

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        logs._ad_check_author()
        logs._ad_sync_activity()
        return logs

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals:
            self._ad_check_author()
        if {"user_id", "partner_id", "next_step", "next_date", "summary"} & vals.keys():
            self._ad_sync_activity()
        return res

    def unlink(self):
        self.activity_id.unlink()
        return super().unlink()

    def _ad_check_author(self):
        """A rep logs only as himself; a manager also for his teams' members."""
        if self.env.su:
            return
        user = self.env.user
        if user.ad_visibility == "all":
            return
        allowed = user | (user.ad_team_ids.member_ids if user.ad_visibility == "team" else user.browse())
        if self.user_id - allowed:
            raise AccessError(self.env._("You can keep the work log only for yourself or your team."))

    def _ad_sync_activity(self):
        """One open activity per log with a dated next step, on the customer, for the log's user."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for log in self:
            activity = log.activity_id
            if not (log.next_step and log.next_date):
                activity.unlink()
                continue
            values = {
                "summary": log.next_step,
                "date_deadline": log.next_date,
                "user_id": log.user_id.id,
                "note": log.summary,
            }
            if activity and (activity.res_model, activity.res_id) == ("res.partner", log.partner_id.id):
                activity.write(values)
            else:
                activity.unlink()
                log.activity_id = log.partner_id.activity_schedule(todo.xml_id, **values)
