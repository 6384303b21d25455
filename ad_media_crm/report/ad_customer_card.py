from odoo import api, models


class ReportAdCustomerCard(models.AbstractModel):
    """Customer card (F1 "print"), read as the user: refused for a customer he cannot read."""

    _name = "report.ad_media_crm.report_ad_customer_card"
    _description = "Customer Card"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        partners.check_access("read")
        return {"doc_ids": partners.ids, "doc_model": "res.partner", "docs": partners}
