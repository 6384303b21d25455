from odoo import fields, models, tools


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "ad.owned.mixin"]

    _ad_customer_field = "commercial_partner_id"
    _ad_customer_reference_fields = ("partner_id", "partner_shipping_id")
    _ad_salesperson_field = "invoice_user_id"


# ---- Payment reminders (回款提醒): models/ad_payment_reminder.py runs them -------------------
class AccountMoveReminder(models.Model):
    _inherit = "account.move"

    _ad_protected_fields = (*getattr(AccountMove, "_ad_protected_fields", ()), "ad_reminder_step")

    ad_reminder_step = fields.Integer(
        "Last Reminder Step",
        copy=False,
        readonly=True,
        help="Days from the due date of the last payment reminder made (negative: before it); "
        "the reminder cron makes each step once.",
    )

    def init(self):
        res = super().init()
        # The reminder cron's searches per step: open customer invoices by due date. The step
        # and company are in the index, so that the search of the last step, which walks every
        # invoice overdue beyond it (mostly reminded long ago), filters them in the index
        # (an index-only scan) instead of fetching each invoice.
        cr = self.env.cr
        cr.execute("DROP INDEX IF EXISTS account_move_ad_open_invoice_due_index")
        if not tools.index_exists(cr, "account_move_ad_reminder_due_index"):
            cr.execute(
                """CREATE INDEX account_move_ad_reminder_due_index ON account_move (invoice_date_due, id)
                   INCLUDE (ad_reminder_step, company_id)
                   WHERE move_type = 'out_invoice' AND state = 'posted' AND payment_state IN ('not_paid', 'partial')"""
            )
        return res

    def button_draft(self):
        res = super().button_draft()
        # re-posted, possibly with another due date: its reminders start again
        self.env.cr.execute("UPDATE account_move SET ad_reminder_step = NULL WHERE id IN %s", [tuple(self.ids)])
        self.invalidate_recordset(["ad_reminder_step"])
        return res

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self.env["ad.payment.reminder"]._ad_close_reminders(self)
        return res
