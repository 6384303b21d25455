from odoo import api, fields, models
from odoo.exceptions import UserError


class ReportAdCustomerStatement(models.AbstractModel):
    """Customer statement (对账单) for a period: items open at the start, the period's
    invoices, credit notes and payments with a running balance, the closing balance. Read
    as the user: a customer he cannot read raises AccessError, whatever the route."""

    _name = "report.ad_media_crm.report_ad_customer_statement"
    _description = "Customer Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        date_to = fields.Date.to_date(data.get("date_to")) or fields.Date.context_today(self)
        date_from = fields.Date.to_date(data.get("date_from")) or date_to.replace(day=1)
        if date_from > date_to:
            raise UserError(self.env._("The statement's start date must be on or before its end date."))
        partners = self.env["res.partner"].browse(docids)
        partners.check_access("read")
        partners = partners.commercial_partner_id
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": self.env.company,
            "date_from": date_from,
            "date_to": date_to,
            "statements": {partner.id: self._ad_statement(partner, date_from, date_to) for partner in partners},
        }

    @api.model
    def _ad_statement(self, partner, date_from, date_to):
        """The statement's figures in company currency, from the posted receivable items."""
        company = self.env.company
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "child_of", partner.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("company_id", "=", company.id),
                ("date", "<=", date_to),
            ],
            order="date, move_name, id",
        )
        before = lines.filtered(lambda line: line.date < date_from)
        opening_items = []
        for line in before:
            # open at the start: less what was matched with items dated before it
            if line.balance > 0:
                matched = sum(p.amount for p in line.matched_credit_ids if p.max_date < date_from)
                open_amount = line.balance - matched
            else:
                matched = sum(p.amount for p in line.matched_debit_ids if p.max_date < date_from)
                open_amount = line.balance + matched
            if not company.currency_id.is_zero(open_amount):
                opening_items.append({"line": line, "open": open_amount})
        opening = sum(before.mapped("balance"))
        readable_moves = (lines - before).move_id._filtered_access("read")
        balance, movements = opening, []
        for line in lines - before:
            balance += line.balance
            movements.append({"line": line, "kind": self._ad_kind(line, readable_moves), "balance": balance})
        return {
            "currency": company.currency_id,
            "opening": opening,
            "opening_items": opening_items,
            "movements": movements,
            "invoiced": sum(m["line"].balance for m in movements if m["line"].balance > 0),
            "received": -sum(m["line"].balance for m in movements if m["line"].balance < 0),
            "closing": balance,
        }

    @api.model
    def _ad_kind(self, line, readable_moves):
        if line.payment_id:
            return self.env._("Payment")
        if line.move_id in readable_moves and line.move_id.move_type == "out_invoice":
            return self.env._("Invoice")
        if line.move_id in readable_moves and line.move_id.move_type == "out_refund":
            return self.env._("Credit Note")
        return self.env._("Other Entry")
