from datetime import timedelta

from odoo import Command, api, fields, models

# Demo receivables, relative to today: order xmlid -> (days since the invoice, share paid).
# With 30-day terms an invoice of N days ago is N - 30 days overdue.
DEMO_INVOICES = {
    "order_05": (330, 1.0),
    "order_12": (290, 1.0),
    "order_03": (240, 1.0),
    "order_07": (200, 0.5),  # > 90 days overdue, half paid
    "order_09": (150, 0.0),  # > 90
    "order_01": (125, 0.3),  # > 90, the credit-limited key customer
    "order_06": (105, 0.0),  # 61-90
    "order_11": (85, 0.4),  # 31-60, partly paid
    "order_14": (72, 0.0),  # 31-60, with a credit note
    "order_13": (50, 0.0),  # 1-30
    "order_02": (40, 0.5),  # 1-30, half paid
    "order_08": (20, 0.0),  # not due
    "order_10": (8, 0.0),  # not due
}


class AccountChartTemplate(models.AbstractModel):
    """Demo helpers, where Odoo keeps its own accounting demo (account/demo/account_demo.py)."""

    _inherit = "account.chart.template"

    @api.model
    def _ad_demo_localize(self, company_id):
        """Demo: the company becomes the media group, on Odoo's Chinese chart of accounts (CNY,
        6% VAT on advertising services) when ``l10n_cn`` is installed, as bin/demo does. The
        addon itself does not depend on ``l10n_cn``: other countries keep their own chart."""
        company = self.env["res.company"].browse(company_id)
        company.write(
            {
                "name": "星辰传媒集团",
                "city": "北京",
                "street": "朝阳区建国路88号星辰大厦",
                "zip": "100022",
                "phone": "+86 10 8888 6666",
                "email": "info@xingchen-media.example",
                "website": "https://xingchen-media.example",
                "account_use_credit_limit": True,
                "ad_sms_provider": "fake",  # SMS reminders land in Office > Test SMS
            }
        )
        l10n_cn = self.env["ir.module.module"].search([("name", "=", "l10n_cn"), ("state", "=", "installed")])
        if not l10n_cn or company.chart_template == "cn":
            return  # e.g. Odoo's own test suites with the addon: the company stays in its country
        company.country_id = self.env.ref("base.cn")
        company.partner_id.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})  # runs are judged on Beijing's date
        # _load, not try_loading: the registry is still loading (try_loading warns then). It
        # replaces the generic demo chart (and Odoo's own demo entries) and sets CNY.
        self._load("cn", company, install_demo=False)
        company.account_sale_tax_id = self.with_company(company).ref("l10n_cn_sales_excluded_6")
        pricelists = self.env["product.pricelist"].search([("company_id", "in", (company.id, False))])
        pricelists.currency_id = company.currency_id

    @api.model
    def _ad_demo_receivables(self, company_id):
        """Demo: posted invoices of the demo orders in every ageing bucket, paid, partly paid or
        open through ordinary payments, one credit note, and a key customer near its credit limit."""
        company = self.env["res.company"].browse(company_id)
        today = fields.Date.context_today(self)
        term = self.env.ref("account.account_payment_term_30days")
        invoices = {}
        for xmlid, (days, paid) in DEMO_INVOICES.items():
            order = self.env.ref(f"ad_media_crm.{xmlid}")
            order.date_order = fields.Datetime.now() - timedelta(days=days + 10)  # confirming set it to now
            invoice = order._create_invoices()
            invoice.write(
                {
                    "invoice_date": today - timedelta(days=days),
                    "invoice_payment_term_id": term.id,
                    "invoice_user_id": order.partner_id.commercial_partner_id.ad_owner_id.id,
                }
            )
            invoice.action_post()
            if paid:
                self.env["account.payment.register"].with_company(company).with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create(
                    {
                        "amount": invoice.currency_id.round(invoice.amount_total * paid),
                        "payment_date": today - timedelta(days=max(days - 25, 1)),
                        "payment_difference_handling": "open",
                    }
                )._create_payments()
            invoices[xmlid] = invoice
        self._ad_demo_credit_note(invoices["order_14"], today - timedelta(days=60))

    @api.model
    def _ad_demo_finish(self, company_id):
        """Demo, once the demo orders are confirmed: the key customer's credit limit just above
        its open receivables, and (on the Chinese chart) monthly invoicing of what ran."""
        company = self.env["res.company"].browse(company_id)
        key_customer = self.env.ref("ad_media_crm.customer_01").with_company(company)
        key_customer.credit_limit = -(-key_customer.credit * 1.1 // 10000) * 10000  # open receivables ~90% of it
        if company.chart_template == "cn":
            company.ad_invoice_policy = "monthly"

    @api.model
    def _ad_demo_credit_note(self, invoice, date):
        """A 10% allowance (折让) on ``invoice``, posted."""
        line = invoice.invoice_line_ids[:1]
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": date,
                "reversed_entry_id": invoice.id,
                "invoice_origin": invoice.invoice_origin,
                "invoice_user_id": invoice.invoice_user_id.id,
                "ref": "广告位置调整，按10%折让",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "name": line.name,
                            "quantity": 1,
                            "price_unit": invoice.currency_id.round(line.price_unit * line.quantity * 0.1),
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                        }
                    )
                ],
            }
        )
        refund.action_post()  # Odoo sets a credit note against the invoice it reverses
