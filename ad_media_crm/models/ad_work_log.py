from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Demo work (Chinese, as the demo reps write it): kind, summary, next step or None
DEMO_ENTRIES = (
    ("visit", "拜访市场部，介绍春季报纸头版套餐", "发送春季报价单"),
    ("call", "电话跟进上周报价，客户在内部审批", None),
    ("proposal", "提交户外广告牌三个月投放方案", "约客户评审方案"),
    ("feedback", "客户反馈上期电视广告效果良好，考虑加投", None),
    ("visit", "与广告主管面谈年度合作框架", "准备年度合同草稿"),
    ("call", "确认下月展会展位需求", None),
    ("other", "整理客户资料，更新联系人信息", None),
)


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
    next_step = fields.Char()
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
                log.activity_id = log.partner_id.activity_schedule("mail.mail_activity_data_todo", **values)

    @api.model
    def _ad_demo_generate(self, user_ids, weeks=8):
        """Demo data: ``weeks`` weeks of weekday entries for each user on the customers he
        owns, dates relative to today, the same on every installation."""
        today = fields.Date.context_today(self)
        start = today - relativedelta(weeks=weeks, weekday=0)
        values = []
        for user_index, user in enumerate(self.env["res.users"].browse(user_ids)):
            customers = self.env["res.partner"].search(
                [("ad_is_customer", "=", True), ("ad_owner_id", "=", user.id)], order="id"
            )
            day, step = start, user_index
            while customers and day <= today:
                entries = 1 + (day.toordinal() + user_index) % 2 if day.weekday() < 5 else 0
                for _entry in range(entries):
                    kind, summary, next_step = DEMO_ENTRIES[step % len(DEMO_ENTRIES)]
                    # only the last week's next steps are still open
                    next_step = next_step if day > today - relativedelta(days=7) else None
                    values.append(
                        {
                            "partner_id": customers[step % len(customers)].id,
                            "user_id": user.id,
                            "date": day,
                            "kind": kind,
                            "summary": summary,
                            "next_step": next_step or False,
                            "next_date": day + relativedelta(days=5) if next_step else False,
                        }
                    )
                    step += 1
                day += relativedelta(days=1)
        return self.sudo().create(values)
