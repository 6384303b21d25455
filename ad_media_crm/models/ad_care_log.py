from odoo import fields, models


class AdCareLog(models.Model):
    """One firing of a care rule: for a person (the contact whose birthday it is, or the
    customer) and an occurrence (a year, an order, an invoice, the start of a silence or a
    lapse). The database refuses a second log of the same occurrence."""

    _name = "ad.care.log"
    _inherit = ["ad.owned.mixin"]
    _description = "Customer Care Log"
    _order = "date desc, id desc"
    _rec_name = "occurrence"
    _ad_salesperson_field = None

    rule_id = fields.Many2one("ad.care.rule", required=True, index=True, ondelete="cascade", readonly=True)
    kind = fields.Selection(related="rule_id.kind")
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade", readonly=True
    )
    target_id = fields.Many2one("res.partner", string="Person", required=True, ondelete="cascade", readonly=True)
    recipient_id = fields.Many2one("res.partner", string="Sent To", readonly=True, ondelete="set null")
    occurrence = fields.Char(required=True, readonly=True, help="What was cared for: a year, an order, an invoice…")
    occurrence_date = fields.Date(readonly=True)
    date = fields.Date("Fired On", required=True, index=True, readonly=True)
    document_ref = fields.Reference(
        [("sale.order", "Sales Order"), ("account.move", "Invoice")], string="Document", readonly=True
    )
    channel = fields.Selection(
        [("activity", "Activity"), ("mail", "Mail"), ("sms", "SMS")], required=True, readonly=True
    )
    state = fields.Selection(
        [("done", "Done"), ("skipped", "Skipped")],
        default="done",
        required=True,
        readonly=True,
        help="Skipped: nobody to assign, or no e-mail address or mobile number.",
    )
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    message_id = fields.Many2one("mail.message", readonly=True, ondelete="set null")

    _sql_constraints = [
        (
            "occurrence_unique",
            "UNIQUE (rule_id, target_id, occurrence)",
            "A care rule fires once per person and occurrence.",
        )
    ]

    def _ad_summary(self, lang):
        """The activity's summary in ``lang``: the rule's, else one naming the occasion."""
        self.ensure_one()
        rule = self.rule_id.with_context(lang=lang)
        if rule.activity_summary:
            return rule.activity_summary
        env = rule.env
        name = self.target_id.name
        return {
            "contact_birthday": env._("Birthday of %(name)s", name=name),
            "company_anniversary": env._("Anniversary of %(name)s", name=name),
            "after_campaign": env._("Follow up the campaign of %(name)s", name=name),
            "no_contact": env._("Get in touch with %(name)s", name=name),
            "lapsed": env._("Win back %(name)s", name=name),
            "payment_thanks": env._("Thank %(name)s for the payment", name=name),
        }[rule.kind]
