from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _log_merge_operation(self, src_partners, dst_partner):
        """Odoo moves the merged partners' documents and contacts by SQL: recompute their
        ownership mirrors, and hand the previous owners' followers and activities over."""
        res = super()._log_merge_operation(src_partners, dst_partner)
        previous_owners = src_partners.sudo().ad_owner_id
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        family = Partner.search([("id", "child_of", dst_partner.id)])
        self.env.add_to_compute(Partner._fields["commercial_partner_id"], family)
        customer = dst_partner.sudo().commercial_partner_id
        contacts = Partner.search([("commercial_partner_id", "=", customer.id), ("id", "!=", customer.id)])
        contacts.write(customer._ad_ownership_values())
        self.env["ad.owned.mixin"]._ad_refresh_ownership(customer)
        old_owners = previous_owners - customer.ad_owner_id
        for old_owner in old_owners:
            customer._ad_hand_documents_over(old_owner, customer.ad_owner_id)
        if customer.ad_managed:
            customer._ad_log_assignment(
                kind="merge",
                reason_code="merge",
                reason=", ".join(src_partners.sudo().mapped("name")),
                old_owners={customer.id: old_owners[:1].id},
            )
        return res
