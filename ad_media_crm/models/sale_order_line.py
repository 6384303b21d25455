from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ad_booking import LIVE_STATES


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "ad.owned.mixin"]

    _ad_customer_field = "order_id"
    _ad_customer_reference_fields = ()
    _ad_salesperson_field = "salesman_id"

    # Ad placement (F5): what runs where and when
    ad_slot_id = fields.Many2one("ad.slot", string="Placement", index="btree_not_null")
    ad_date_start = fields.Date("Run From")
    ad_date_end = fields.Date("Run To")
    ad_capacity_quantity = fields.Integer("Units per Date", default=1, help="Capacity of the placement used each date.")
    ad_size = fields.Char("Size / Duration", help="e.g. half page, 30 s, 6 m × 3 m")
    ad_position_note = fields.Char("Position Notes")
    ad_material_id = fields.Many2one("ir.attachment", string="Creative Material")
    ad_material_status = fields.Selection(
        [("awaited", "Awaited"), ("received", "Received"), ("approved", "Approved")],
        string="Material Status",
        default="awaited",
    )
    ad_booking_ids = fields.One2many("ad.booking", "sale_line_id", string="Bookings")
    ad_contract_line_id = fields.Many2one(
        "ad.contract.line", string="Contract Placement", index="btree_not_null", copy=False, ondelete="set null"
    )
    ad_make_good_of_id = fields.Many2one(
        "sale.order.line", string="Make-good Of", index="btree_not_null", copy=False, ondelete="set null"
    )

    @api.constrains("ad_slot_id", "ad_date_start", "ad_date_end", "ad_capacity_quantity")
    def _check_ad_run_dates(self):
        for line in self.filtered("ad_slot_id"):
            if not line.ad_date_start or not line.ad_date_end:
                raise ValidationError(self.env._("Give the run dates of %(line)s.", line=line.name))
            if line.ad_date_start > line.ad_date_end:
                raise ValidationError(self.env._("%(line)s ends before it starts.", line=line.name))
            if line.ad_capacity_quantity < 1:
                raise ValidationError(self.env._("%(line)s must use at least one unit per date.", line=line.name))

    @api.depends("product_id", "product_uom", "product_uom_qty", "ad_slot_id", "order_id.partner_id")
    def _compute_discount(self):
        """Ad lines get at least the customer's spend tier discount."""
        res = super()._compute_discount()
        for line in self.filtered(lambda l: l.ad_slot_id and l.order_id.partner_id):
            tier = line.order_id.partner_id.with_company(line.company_id).ad_discount_tier_id
            line.discount = max(line.discount, tier.discount)
        return res

    @api.onchange("ad_slot_id")
    def _onchange_ad_slot_id(self):
        if self.ad_slot_id:
            self.product_id = self.ad_slot_id.product_id

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._ad_drop_approval()
        lines._ad_sync_bookings()
        lines._ad_check_discount()
        return lines

    def write(self, vals):
        if (
            "order_id" in vals
            and self.filtered("ad_slot_id")
            and any(line.order_id.id != vals["order_id"] for line in self)
        ):
            # its booking follows the order's state: book it again on the other order instead
            raise UserError(self.env._("A placement line cannot move to another order."))
        self.order_id._ad_drop_approval()
        if vals.get("order_id"):
            self.env["sale.order"].browse(vals["order_id"])._ad_drop_approval()
        res = super().write(vals)
        if {"ad_slot_id", "ad_date_start", "ad_date_end", "ad_capacity_quantity"} & set(vals):
            self._ad_sync_bookings()
        if "discount" in vals:
            self._ad_check_discount()
        return res

    def unlink(self):
        self.order_id._ad_drop_approval()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_ad_offer_capacity(self):
        """The bookings go with the line (a cascade: the trigger gives their capacity back);
        the reps waiting for that capacity are told."""
        self.env["ad.waitlist"]._ad_offer(self.sudo().ad_booking_ids.filtered(lambda b: b.state in LIVE_STATES))

    def action_ad_make_good(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Make Good"),
            "res_model": "ad.make.good",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_sale_line_id": self.id,
                "default_date_start": self.ad_date_start,
                "default_date_end": self.ad_date_end,
            },
        }

    def _ad_check_discount(self):
        """Only managers give an ad line more than the customer's tier (or its contract's) discount."""
        for line in self.filtered("ad_slot_id"):
            line.order_id.partner_id.with_company(line.company_id)._ad_check_discount(
                line.discount, agreed=line.ad_contract_line_id.contract_id.discount
            )

    def _ad_booking_values(self):
        self.ensure_one()
        return {
            "slot_id": self.ad_slot_id.id,
            "date_start": self.ad_date_start,
            "date_end": self.ad_date_end,
            "quantity": self.ad_capacity_quantity,
        }

    def _ad_sync_bookings(self):
        """Keep one live booking per placement line, matching it; confirmed when the order is.

        Bookings are the system's (superuser): whoever may edit the line moves its booking.
        """
        for line in self:
            live = line.sudo().ad_booking_ids.filtered(lambda b: b.state != "cancelled")
            wanted = line._ad_booking_values() if line.ad_slot_id else None
            current = live[:1]
            if (
                wanted
                and len(live) == 1
                and (current.slot_id.id, current.date_start, current.date_end, current.quantity)
                == (wanted["slot_id"], wanted["date_start"], wanted["date_end"], wanted["quantity"])
            ):
                continue
            live._ad_release()
            if wanted:
                booking = self.env["ad.booking"].sudo().create(wanted | {"sale_line_id": line.id})
                if line.order_id.state == "sale":
                    booking._ad_confirm()

    def _ad_confirm_bookings(self):
        self._ad_sync_bookings()
        self.sudo().ad_booking_ids.filtered(lambda b: b.state in ("tentative", "held"))._ad_confirm()
