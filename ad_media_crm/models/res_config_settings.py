from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ad_claim_days = fields.Integer("Protection Period (days)", config_parameter="ad_media_crm.claim_days", default=30)
    ad_pool_visible = fields.Boolean(
        "Reps See the Shared Pool", config_parameter="ad_media_crm.pool_visible", default=True
    )
    ad_hold_days = fields.Integer("Hold Period (days)", config_parameter="ad_media_crm.hold_days", default=7)
    ad_contract_reminder_days = fields.Integer(
        "Contract Reminder (days ahead)", config_parameter="ad_media_crm.contract_reminder_days", default=30
    )
    ad_discount_period = fields.Selection(related="company_id.ad_discount_period", readonly=False)
    ad_approval_amount = fields.Monetary(related="company_id.ad_approval_amount", readonly=False)
    ad_approval_discount = fields.Float(related="company_id.ad_approval_discount", readonly=False)
    ad_max_customers_per_rep = fields.Integer(
        "Customers per Salesperson (0 = no limit)", config_parameter="ad_media_crm.max_customers_per_rep"
    )
    ad_invoice_policy = fields.Selection(related="company_id.ad_invoice_policy", readonly=False)
    ad_overdue_block_days = fields.Integer(related="company_id.ad_overdue_block_days", readonly=False)
    ad_assessment_basis = fields.Selection(related="company_id.ad_assessment_basis", readonly=False)
    ad_churn_months = fields.Integer(related="company_id.ad_churn_months", readonly=False)
    ad_reminder_days_before = fields.Integer(related="company_id.ad_reminder_days_before", readonly=False)
    ad_reminder_overdue_steps = fields.Char(related="company_id.ad_reminder_overdue_steps", readonly=False)
    ad_reminder_digest = fields.Selection(related="company_id.ad_reminder_digest", readonly=False)
    ad_reminder_finance_user_ids = fields.Many2many(related="company_id.ad_reminder_finance_user_ids", readonly=False)
    ad_sms_provider = fields.Selection(related="company_id.ad_sms_provider", readonly=False)
    ad_reminder_sms_steps = fields.Char(related="company_id.ad_reminder_sms_steps", readonly=False)
