import threading
from datetime import timedelta

from odoo import api, models
from odoo.tools.misc import format_amount, format_date

OPEN_PAYMENT_STATES = ("not_paid", "partial")
DIGEST_CUSTOMERS = 100  # customers listed in a digest mail


class AdPaymentReminder(models.AbstractModel):
    """Payment reminders (回款提醒): the daily cron, its activities, SMS and digests.

    Each invoice stores the last step done (``account.move.ad_reminder_step``, days from the
    due date, negative before it): a step is made once per invoice, whatever the number of
    runs, and a run after a crash makes only what was not committed. A step missed (cron
    down for weeks) is not made late: the invoice gets the step its age has reached.
    """

    _name = "ad.payment.reminder"
    _description = "Payment Reminders"

    @api.model
    def _cron_ad_payment_reminders(self, batch_size=1000, max_batches=10):
        """Daily: close the reminders of invoices no longer open, make the steps due today
        per company (one search per step, ``batch_size`` invoices at a time, committed), then
        send the digests. Returns the number of invoices left for the next call (0: done)."""
        self._ad_sweep_closed()
        done = 0
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            reminder = self.with_company(company)
            today = company._ad_today()
            steps = company._ad_reminder_steps()
            for step, next_step in zip(steps, [*steps[1:], None], strict=True):
                while moves := reminder._ad_moves_at_step(today, step, next_step, batch_size):
                    if done >= batch_size * max_batches:
                        self.env["ir.cron"]._notify_progress(done=done, remaining=len(moves))
                        return len(moves)  # the cron runner calls again at once
                    reminder._ad_remind(moves, step, today)
                    done += len(moves)
                    self._ad_commit(done)
            reminder._ad_send_digests(today)
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)
        return 0

    def _ad_commit(self, done):
        self.env["ir.cron"]._notify_progress(done=done, remaining=1)
        if not getattr(threading.current_thread(), "testing", False):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _ad_open_invoice_domain(self):
        return [
            ("company_id", "=", self.env.company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", OPEN_PAYMENT_STATES),
        ]

    @api.model
    def _ad_moves_at_step(self, today, step, next_step, limit):
        """Open invoices whose age is in [step, next_step) and whose last step is before ``step``."""
        domain = [
            *self._ad_open_invoice_domain(),
            ("invoice_date_due", "<=", today - timedelta(days=step)),
            "|",
            ("ad_reminder_step", "=", False),
            ("ad_reminder_step", "<", step),
        ]
        if next_step is not None:
            domain.append(("invoice_date_due", ">", today - timedelta(days=next_step)))
        # sudo: the cron reminds of every customer's invoices; nothing is shown to anyone here
        return self.env["account.move"].sudo().search(domain, order="invoice_date_due, id", limit=limit)

    @api.model
    def _ad_reminder_user(self, move):
        """Who is reminded: the customer's owner, else the invoice's salesperson (an unowned
        customer has no rep; finance sees its invoices in the finance digest)."""
        user = move.ad_owner_id or move.invoice_user_id
        return user if user.active and not user.share else self.env["res.users"]

    @api.model
    def _ad_remind(self, moves, step, today):
        """One activity per invoice for ``step`` (older open reminders are marked done), the SMS
        of the step, and the step stored."""
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        activity_type = self.env.ref("ad_media_crm.mail_activity_type_ad_payment_reminder")
        previous = Activity.search(
            [
                ("res_model", "=", "account.move"),
                ("res_id", "in", moves.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        if previous:
            previous._action_done(feedback=self.env._("Superseded by a later payment reminder."))
        model_id = self.env["ir.model"]._get_id("account.move")
        envs = {}  # per language
        vals_list = []
        for move in moves:
            user = self._ad_reminder_user(move)
            if user:
                env = envs.get(user.lang) or envs.setdefault(user.lang, self.with_context(lang=user.lang).env)
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": move.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": max(move.invoice_date_due, today),
                        "summary": self._ad_reminder_summary(env, move, step),
                    }
                )
        self._ad_subscribe(vals_list)
        Activity.create(vals_list)
        self._ad_send_sms(moves, step)
        # SQL: a plain marker, read by nothing but this cron; account.move.write() would
        # re-synchronise every invoice's lines for nothing
        self.env.cr.execute("UPDATE account_move SET ad_reminder_step = %s WHERE id IN %s", [step, tuple(moves.ids)])
        moves.invalidate_recordset(["ad_reminder_step"])

    @api.model
    def _ad_subscribe(self, vals_list):
        """The reminded users follow their invoices, as mail.activity.create() makes them, but
        in one statement (create() then finds them subscribed instead of subscribing each)."""
        if not vals_list:
            return
        users = self.env["res.users"].sudo().browse({vals["user_id"] for vals in vals_list})
        partner_of = {user.id: user.partner_id.id for user in users}
        subtypes = self.env["mail.message.subtype"].sudo().default_subtypes("account.move")[0]
        self.env["mail.followers"].flush_model()
        self.env.cr.execute(
            """WITH new AS (
                   INSERT INTO mail_followers (res_model, res_id, partner_id)
                   SELECT 'account.move', res_id, partner_id FROM unnest(%s::int[], %s::int[]) t(res_id, partner_id)
                   ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
                   RETURNING id)
               INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
               SELECT new.id, subtype FROM new, unnest(%s::int[]) subtype""",
            [
                [vals["res_id"] for vals in vals_list],
                [partner_of[vals["user_id"]] for vals in vals_list],
                subtypes.ids,
            ],
        )
        self.env["mail.followers"].invalidate_model()
        self.env["account.move"].invalidate_model(["message_follower_ids", "message_partner_ids"])

    @api.model
    def _ad_reminder_summary(self, env, move, step):
        values = {
            "invoice": move.name,
            "customer": move.commercial_partner_id.name,
            "amount": format_amount(env, move.amount_residual, move.currency_id),
            "date": format_date(env, move.invoice_date_due),
            "days": step,
        }
        if step < 0:
            return env._("Invoice %(invoice)s of %(customer)s (%(amount)s) is due on %(date)s", **values)
        return env._("Invoice %(invoice)s of %(customer)s: %(amount)s open, %(days)s days overdue", **values)

    @api.model
    def _ad_close_reminders(self, moves):
        """Marks done the open reminders of ``moves`` (paid, cancelled or reversed)."""
        activity_type = self.env.ref("ad_media_crm.mail_activity_type_ad_payment_reminder", raise_if_not_found=False)
        if not activity_type or not moves:
            return
        # sudo: the reminders are the owners', whoever registers the payment
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "account.move"),
                    ("res_id", "in", moves.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if activities:
            activities._action_done(feedback=self.env._("The invoice is paid."))

    @api.model
    def _ad_sweep_closed(self):
        """Closes the reminders of invoices that stopped being open by another path than a
        payment (reset to draft, cancelled, reversed)."""
        activity_type = self.env.ref("ad_media_crm.mail_activity_type_ad_payment_reminder")
        self.env["account.move"].flush_model(["state", "payment_state"])
        self.env["mail.activity"].flush_model(["res_model", "res_id", "activity_type_id", "active"])
        self.env.cr.execute(
            """SELECT m.id FROM mail_activity a JOIN account_move m ON m.id = a.res_id
                WHERE a.res_model = 'account.move' AND a.activity_type_id = %s AND a.active
                  AND (m.state != 'posted' OR m.payment_state NOT IN %s)""",
            [activity_type.id, OPEN_PAYMENT_STATES],
        )
        self._ad_close_reminders(self.env["account.move"].browse({row[0] for row in self.env.cr.fetchall()}))

    # ---- SMS to the customer's finance contact (短信催付) ---------------------------------

    @api.model
    def _ad_send_sms(self, moves, step):
        company = self.env.company
        if not company.ad_sms_provider or step not in company._ad_parse_steps(company.ad_reminder_sms_steps):
            return
        contacts = (
            self.env["res.partner"]
            .sudo()
            .search(
                [("parent_id", "in", moves.commercial_partner_id.ids), ("ad_contact_role", "=", "finance")],
                order="id",
            )
        )
        for move in moves:
            contact = next(
                (c for c in contacts if c.parent_id == move.commercial_partner_id and (c.mobile or c.phone)), None
            )
            if not contact:
                continue
            env = self.with_context(lang=contact.lang or move.commercial_partner_id.lang).env
            body = env._(
                "%(company)s: invoice %(invoice)s (%(amount)s) was due on %(date)s. Please arrange the payment.",
                company=company.name,
                invoice=move.name,
                amount=format_amount(env, move.amount_residual, move.currency_id),
                date=format_date(env, move.invoice_date_due),
            )
            # posts the SMS on the invoice's chatter and sends it (sms.sms routes it to the provider)
            move._message_sms(
                body, partner_ids=contact.ids, sms_pid_to_number={contact.id: contact.mobile or contact.phone}
            )

    # ---- Digests ------------------------------------------------------------------------

    @api.model
    def _ad_send_digests(self, today):
        """Once a day (or on Mondays): to each rep his customers' invoices due soon and overdue,
        to finance all of them; each computed as its recipient."""
        company = self.env.company
        if company.ad_reminder_digest == "none" or company.ad_reminder_digest_date == today:
            return
        if company.ad_reminder_digest == "weekly" and today.weekday():
            return
        domain = self._ad_digest_domain(today)
        # sudo: only to know whom to write to
        groups = self.env["account.move"].sudo()._read_group(domain, ["ad_owner_id", "invoice_user_id"])
        reps = self.env["res.users"].union(*(owner or salesperson for owner, salesperson in groups))
        finance = company.ad_reminder_finance_user_ids or self.env.ref("account.group_account_invoice").users
        recipients = [(rep, True) for rep in reps.filtered(lambda user: user.active and not user.share).sorted("id")]
        recipients += [
            (user, False)
            for user in finance.filtered(lambda u: u.active and not u.share and company in u.company_ids).sorted("id")
        ]
        # resumable after a crash: the last recipient served today is kept, committed
        day, _sep, last = (company.ad_reminder_digest_progress or "").partition("/")
        done_key = tuple(int(part) for part in last.split(",")) if day == str(today) else (-1, 0)
        template = self.env.ref("ad_media_crm.mail_template_ad_receivables_digest")
        served = 0
        for user, mine in recipients:
            key = (0 if mine else 1, user.id)
            if key <= done_key:
                continue
            self._ad_send_digest(template, user, today, mine=mine)
            company.sudo().ad_reminder_digest_progress = f"{today}/{key[0]},{key[1]}"
            served += 1
            if served % 50 == 0:
                self._ad_commit(served)
        company.sudo().write({"ad_reminder_digest_date": today, "ad_reminder_digest_progress": False})

    @api.model
    def _ad_digest_domain(self, today):
        horizon = today + timedelta(days=self.env.company.ad_reminder_days_before)
        return [*self._ad_open_invoice_domain(), ("invoice_date_due", "<=", horizon)]

    @api.model
    def _ad_send_digest(self, template, user, today, mine):
        data = self._ad_digest_data(user, today, mine)
        if data["customers"]:
            template.sudo().with_context(ad_digest=data).send_mail(user.id)

    @api.model
    def _ad_digest_data(self, user, today, mine):
        """The digest of ``user``, read as him (his record rules): open invoices due by the
        horizon, his customers' (``mine``) or all he may see, grouped by customer (the
        ``DIGEST_CUSTOMERS`` owing most)."""
        company = self.env.company
        Move = self.env["account.move"].with_user(user).with_company(company).with_context(lang=user.lang)
        env = Move.env
        domain = self._ad_digest_domain(today)
        if mine:
            domain += [
                "|",
                ("ad_owner_id", "=", user.id),
                "&",
                ("ad_owner_id", "=", False),
                ("invoice_user_id", "=", user.id),
            ]
        # totals and the customers owing most by aggregates; lines only for those customers
        totals = {
            overdue: Move._read_group(
                [*domain, ("invoice_date_due", operator, today)], [], ["amount_residual_signed:sum"]
            )[0][0]
            for overdue, operator in ((True, "<"), (False, ">="))
        }
        top = Move._read_group(
            domain, ["commercial_partner_id"], ["amount_residual_signed:sum"], order="amount_residual_signed:sum desc",
            limit=DIGEST_CUSTOMERS,
        )  # fmt: skip
        partners = self.env["res.partner"].union(*(partner for partner, _amount in top))
        moves = Move.search([*domain, ("commercial_partner_id", "in", partners.ids)], order="invoice_date_due, id")
        currency = company.currency_id
        # named as on the invoices: a rep may sell to an unowned customer he cannot open
        customers = {
            partner.id: {"name": "", "lines": [], "total": format_amount(env, amount, currency)}
            for partner, amount in top
        }
        for move in moves:
            days = (today - move.invoice_date_due).days
            if days > 0:
                status = env._("%(days)s days overdue", days=days)
            elif days == 0:
                status = env._("due today")
            else:
                status = env._("due in %(days)s days", days=-days)
            customer = customers[move.commercial_partner_id.id]
            customer["name"] = customer["name"] or move.invoice_partner_display_name
            customer["lines"].append(
                {
                    "invoice": move.name,
                    "date_due": format_date(env, move.invoice_date_due),
                    "status": status,
                    "overdue": days > 0,
                    "amount": format_amount(env, move.amount_residual_signed, currency),
                }
            )
        more = (
            len(Move._read_group(domain, ["commercial_partner_id"])) - len(top) if len(top) == DIGEST_CUSTOMERS else 0
        )
        return {
            "date": format_date(env, today),
            "customers": list(customers.values()),
            "more": more,
            "due_total": format_amount(env, totals.get(False) or 0.0, currency),
            "overdue_total": format_amount(env, totals.get(True) or 0.0, currency),
            "invoice_ids": moves.ids,
        }
