import calendar
import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

# A run that was missed (server down, cron late) still fires the occurrences due in the last
# CATCH_UP_DAYS days; older ones are not piled up (nor the backlog of a new rule).
CATCH_UP_DAYS = 7
BATCH_SIZE = 500


class AdCareRule(models.Model):
    """Customer care (客户关怀): a daily rule that finds occurrences (a contact's birthday, the
    end of a campaign, a key customer left alone, a lapsed customer, a paid invoice) and, once
    per occurrence, schedules an activity for the customer's owner, sends a mail or an SMS.
    Each firing is an ``ad.care.log``, unique per rule, person and occurrence."""

    _name = "ad.care.rule"
    _description = "Customer Care Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    kind = fields.Selection(
        [
            ("contact_birthday", "Contact's Birthday"),
            ("company_anniversary", "Company Anniversary"),
            ("after_campaign", "After a Campaign"),
            ("no_contact", "Key Customer Without Contact"),
            ("lapsed", "Lapsed Customer (Win-back)"),
            ("payment_thanks", "Payment Thanks"),
        ],
        required=True,
        default="contact_birthday",
    )
    days = fields.Integer(
        default=0,
        help="Birthdays and anniversaries: days ahead (0: on the day). After a campaign: days after its last "
        "run date. Without contact: days since the last work log, done activity or mail from the customer. "
        "Lapsed: days since the last confirmed order. Payment thanks: days since the payment.",
    )
    segment_domain = fields.Char(
        "Segment",
        default="[]",
        help="The customers the rule applies to (a domain on contacts, e.g. a customer type or class).",
    )
    action = fields.Selection(
        [("activity", "Activity for the Owner"), ("mail", "Mail"), ("sms", "SMS")], required=True, default="activity"
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type", default=lambda self: self.env.ref("mail.mail_activity_data_todo", False)
    )
    activity_summary = fields.Char(translate=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible Without Owner", help="Gets the activities of customers without an owner."
    )
    mail_template_id = fields.Many2one("mail.template", domain=[("model", "=", "res.partner")])
    sms_template_id = fields.Many2one("sms.template", domain=[("model", "=", "res.partner")])
    log_ids = fields.One2many("ad.care.log", "rule_id")
    log_count = fields.Integer(compute="_compute_log_count")

    @api.depends("log_ids")
    def _compute_log_count(self):
        counts = dict(self.env["ad.care.log"]._read_group([("rule_id", "in", self.ids)], ["rule_id"], ["__count"]))
        for rule in self:
            rule.log_count = counts.get(rule, 0)

    @api.constrains("days", "kind")
    def _check_days(self):
        for rule in self:
            if rule.days < 0 or (rule.kind in ("no_contact", "lapsed") and rule.days < 1):
                raise ValidationError(
                    self.env._("The number of days of the care rule %(rule)s is too low.", rule=rule.name)
                )
            if rule.kind in ("contact_birthday", "company_anniversary") and rule.days > 60:
                raise ValidationError(self.env._("Birthdays and anniversaries are looked for at most 60 days ahead."))

    @api.constrains("action", "mail_template_id", "sms_template_id")
    def _check_action(self):
        for rule in self:
            if rule.action == "mail" and not rule.mail_template_id:
                raise ValidationError(self.env._("Choose the mail template of the care rule %(rule)s.", rule=rule.name))
            if rule.action == "sms" and not rule.sms_template_id:
                raise ValidationError(self.env._("Choose the SMS template of the care rule %(rule)s.", rule=rule.name))

    @api.constrains("segment_domain")
    def _check_segment_domain(self):
        for rule in self:
            try:
                self.env["res.partner"].search_count(rule._ad_segment())
            except Exception as error:
                raise ValidationError(
                    self.env._("The segment of the care rule %(rule)s is not valid.", rule=rule.name)
                ) from error

    def _ad_segment(self):
        return safe_eval(self.segment_domain or "[]", {"context_today": fields.Date.context_today})

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("ad_media_crm.action_ad_care_log")
        action["domain"] = [("rule_id", "=", self.id)]
        return action

    @api.model
    def _ad_demo_replay(self, rule_ids, days):
        """Demo data: the rules fire as if the cron had run every week of the last ``days`` days."""
        today = self.env.company._ad_today()
        for offset in range(days - days % CATCH_UP_DAYS, -1, -CATCH_UP_DAYS):  # the cron's catch-up covers a week
            for rule in self.browse(rule_ids):
                rule._ad_run(today - timedelta(days=offset))

    # ---- Cron ----------------------------------------------------------------------------

    @api.model
    def _cron_ad_care(self):
        """Daily: every active rule, in its company's time zone, fires what is due and not yet
        fired (committed by batch). Returns the number of logs made."""
        done = 0
        # sudo: the cron cares for every customer
        for rule in self.sudo().search([]):  # pylint: disable=no-search-all
            done += rule.with_company(rule.company_id)._ad_run(rule.company_id._ad_today(), commit=True)
        return done

    def _ad_run(self, today, commit=False):
        """Fires the rule's occurrences due on ``today`` once, committing each batch if
        ``commit``; returns the number fired."""
        self.ensure_one()
        self.env.flush_all()
        candidates = getattr(self, f"_ad_due_{self.kind}")(today)
        candidates = candidates and self._ad_in_segment(candidates)
        candidates = candidates and self._ad_not_fired(candidates)
        fired = 0
        for offset in range(0, len(candidates), BATCH_SIZE):
            batch = candidates[offset : offset + BATCH_SIZE]
            self._ad_fire(batch, today)
            fired += len(batch)
            self.env["ir.cron"]._notify_progress(done=fired, remaining=len(candidates) - fired)
            if commit and not getattr(threading.current_thread(), "testing", False):
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return fired

    # Each _ad_due_<kind>(today) returns (target partner id, customer id, occurrence key,
    # occurrence date, document) tuples: the target is the contact the occurrence is about
    # (birthdays) or the customer; the document a "model,id" reference or False.

    def _ad_yearly_dates(self, today):
        """{(month, day): date} of the dates from ``today`` to ``today + days``; a 29 February
        falls on 28 February in a common year."""
        dates = {}
        for offset in range(self.days + 1):
            day = today + timedelta(days=offset)
            dates[(day.month, day.day)] = day
            if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
                dates[(2, 29)] = day
        return dates

    def _ad_due_yearly(self, today, field, contacts):
        dates = self._ad_yearly_dates(today)
        keys = tuple(month * 100 + day for month, day in dates)
        date = SQL.identifier("p", field)
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, c.id, %(date)s
                  FROM res_partner p
                  JOIN res_partner c ON c.id = %(customer)s
                 WHERE p.active AND c.active AND c.ad_is_customer AND %(date)s IS NOT NULL
                   AND (EXTRACT(MONTH FROM %(date)s) * 100 + EXTRACT(DAY FROM %(date)s))::int IN %(keys)s
                   AND (c.company_id IS NULL OR c.company_id = %(company)s)
                """,
                date=date,
                customer=SQL.identifier("p", "parent_id" if contacts else "id"),
                keys=keys,
                company=self.company_id.id,
            )
        )
        due = []
        for target, customer, date in self.env.cr.fetchall():
            occurrence = dates[(date.month, date.day)]
            if occurrence.year > date.year:  # not the day of birth or founding itself
                due.append((target, customer, str(occurrence.year), occurrence, False))
        return due

    def _ad_due_contact_birthday(self, today):
        return self._ad_due_yearly(today, "ad_birthday", contacts=True)

    def _ad_due_company_anniversary(self, today):
        return self._ad_due_yearly(today, "ad_founding_date", contacts=False)

    def _ad_window(self, today):
        """The threshold dates that are due today, catch-up included."""
        last = today - timedelta(days=self.days)
        return last - timedelta(days=CATCH_UP_DAYS - 1), last

    def _ad_due_after_campaign(self, today):
        first, last = self._ad_window(today)
        self.env.cr.execute(
            """
            SELECT c.id, o.id, MAX(l.ad_date_end)
              FROM sale_order o
              JOIN sale_order_line l ON l.order_id = o.id
              JOIN res_partner p ON p.id = o.partner_id
              JOIN res_partner c ON c.id = p.commercial_partner_id
             WHERE o.state = 'sale' AND o.company_id = %s AND c.ad_is_customer AND c.active
               AND l.ad_date_end >= %s
             GROUP BY c.id, o.id
            HAVING MAX(l.ad_date_end) BETWEEN %s AND %s
            """,
            [self.company_id.id, first, first, last],
        )
        return [
            (customer, customer, str(order), end + timedelta(days=self.days), f"sale.order,{order}")
            for customer, order, end in self.env.cr.fetchall()
        ]

    def _ad_due_no_contact(self, today):
        """Key customers whose last contact (work log, done activity, mail received; else the
        date they became customers) is ``days`` old or more: once per silence."""
        self.env.cr.execute(
            """
            WITH key AS (
                SELECT id, create_date::date AS since FROM res_partner
                 WHERE ad_is_customer AND active AND ad_customer_type = 'key'
                   AND (company_id IS NULL OR company_id = %(company)s)
            ), contact AS (
                SELECT partner_id, MAX(date) AS date FROM ad_work_log
                 WHERE partner_id IN (SELECT id FROM key) GROUP BY partner_id
                 UNION ALL
                SELECT res_id, MAX(date)::date FROM mail_message
                 WHERE model = 'res.partner' AND res_id IN (SELECT id FROM key)
                   AND (mail_activity_type_id IS NOT NULL OR message_type = 'email')
                 GROUP BY res_id
            )
            SELECT key.id, GREATEST(key.since, MAX(contact.date)) AS last
              FROM key LEFT JOIN contact ON contact.partner_id = key.id
             GROUP BY key.id, key.since
            HAVING GREATEST(key.since, MAX(contact.date)) <= %(last)s
            """,
            {"company": self.company_id.id, "last": today - timedelta(days=self.days)},
        )
        return [
            (customer, customer, last.isoformat(), last + timedelta(days=self.days), False)
            for customer, last in self.env.cr.fetchall()
        ]

    def _ad_due_lapsed(self, today):
        """Customers whose last confirmed order was exactly ``days`` ago (catch-up included):
        one win-back per lapse."""
        first, last = self._ad_window(today)
        self.env.cr.execute(
            """
            SELECT c.id, MAX(o.date_order)::date
              FROM sale_order o
              JOIN res_partner p ON p.id = o.partner_id
              JOIN res_partner c ON c.id = p.commercial_partner_id
             WHERE o.state = 'sale' AND o.company_id = %s AND c.ad_is_customer AND c.active
             GROUP BY c.id
            HAVING MAX(o.date_order)::date BETWEEN %s AND %s
            """,
            [self.company_id.id, first, last],
        )
        return [
            (customer, customer, date.isoformat(), date + timedelta(days=self.days), False)
            for customer, date in self.env.cr.fetchall()
        ]

    def _ad_due_payment_thanks(self, today):
        """Customer invoices fully paid ``days`` ago (catch-up included): one thanks each."""
        first, last = self._ad_window(today)
        self.env.cr.execute(
            """
            SELECT m.commercial_partner_id, m.id, MAX(r.max_date)
              FROM account_move m
              JOIN res_partner c ON c.id = m.commercial_partner_id
              JOIN account_move_line l ON l.move_id = m.id
              JOIN account_partial_reconcile r ON r.debit_move_id = l.id
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.company_id = %s
               AND m.payment_state IN ('paid', 'in_payment') AND c.ad_is_customer AND c.active
               AND r.max_date >= %s
             GROUP BY m.commercial_partner_id, m.id
            HAVING MAX(r.max_date) BETWEEN %s AND %s
            """,
            [self.company_id.id, first, first, last],
        )
        return [
            (customer, customer, str(move), paid + timedelta(days=self.days), f"account.move,{move}")
            for customer, move, paid in self.env.cr.fetchall()
        ]

    def _ad_in_segment(self, candidates):
        segment = self._ad_segment()
        if not segment:
            return candidates
        customers = {candidate[1] for candidate in candidates}
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        kept = set(Partner._search([("id", "in", list(customers)), *segment]))
        return [candidate for candidate in candidates if candidate[1] in kept]

    def _ad_not_fired(self, candidates):
        self.env["ad.care.log"].flush_model()
        self.env.cr.execute(
            "SELECT target_id, occurrence FROM ad_care_log WHERE rule_id = %s AND target_id IN %s",
            [self.id, tuple({candidate[0] for candidate in candidates})],
        )
        fired = set(self.env.cr.fetchall())
        return [candidate for candidate in candidates if (candidate[0], candidate[2]) not in fired]

    # ---- Actions -------------------------------------------------------------------------

    def _ad_fire(self, candidates, today):
        """One log per candidate, then its action; the unique key of the logs stops a second
        cron that would fire the same occurrences at the same time."""
        Partner = self.env["res.partner"].sudo()
        logs = (
            self.env["ad.care.log"]
            .sudo()
            .create(
                [
                    {
                        "rule_id": self.id,
                        "target_id": target,
                        "partner_id": customer,
                        "occurrence": occurrence,
                        "date": today,
                        "occurrence_date": date,
                        "document_ref": document,
                        "channel": self.action,
                    }
                    for target, customer, occurrence, date, document in candidates
                ]
            )
        )
        Partner.browse([candidate[0] for candidate in candidates]).fetch(
            ["name", "lang", "mobile", "phone", "email", "ad_main_contact_id"]
        )
        getattr(self, f"_ad_act_{self.action}")(logs)

    def _ad_act_activity(self, logs):
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for log in logs:
            user = log.partner_id.ad_owner_id or self.user_id
            if not user:
                log.state = "skipped"
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": log.partner_id.id,
                    "activity_type_id": self.activity_type_id.id,
                    "user_id": user.id,
                    "date_deadline": max(log.occurrence_date, log.date),
                    "summary": log._ad_summary(user.lang),
                }
            )
        # quick update: no "assigned to you" mail per activity, as the payment reminders
        activities = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)
        for log, activity in zip(logs.filtered(lambda log: log.state != "skipped"), activities, strict=True):
            log.activity_id = activity

    def _ad_recipients(self, logs, address):
        """{log: the person written to}: the target if he has an ``address`` (email, mobile),
        else the customer's main contact if he has one."""
        recipients = {}
        for log in logs:
            for person in (log.target_id, log.target_id.ad_main_contact_id):
                if person and any(person[name] for name in address):
                    recipients[log] = person
                    log.recipient_id = person
                    break
            else:
                log.state = "skipped"
        return recipients

    def _ad_act_mail(self, logs):
        template = self.mail_template_id
        recipients = self._ad_recipients(logs, ["email"])
        ids = list({person.id for person in recipients.values()})
        subjects = template._render_field("subject", ids, compute_lang=True)
        bodies = template._render_field("body_html", ids, compute_lang=True)
        for log, target in recipients.items():
            customer = log.partner_id
            log.message_id = customer.with_context(mail_notify_force_send=False).message_post(
                author_id=(customer.ad_owner_id.partner_id or self.company_id.partner_id).id,
                body=bodies[target.id],
                subject=subjects[target.id],
                partner_ids=target.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _ad_act_sms(self, logs):
        if not self.company_id.ad_sms_provider:
            logs.state = "skipped"
            return
        template = self.sms_template_id
        recipients = self._ad_recipients(logs, ["mobile", "phone"])
        bodies = template._render_field("body", list({person.id for person in recipients.values()}), compute_lang=True)
        for log, target in recipients.items():
            number = target.mobile or target.phone
            # on the customer's chatter; queued, then sent together below
            log.message_id = log.partner_id._message_sms(
                bodies[target.id], partner_ids=target.ids, sms_pid_to_number={target.id: number}, put_in_queue=True
            )
        # one call of the company's gateway (sms.sms routes it) for the batch
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("mail_message_id", "in", logs.message_id.ids), ("state", "=", "outgoing")])
        )
        sms.send(auto_commit=False, raise_exception=False)
