from contextlib import contextmanager
from contextvars import ContextVar

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError

MIRROR_FIELDS = ("ad_managed", "ad_owner_id", "ad_team_id")

# Set by the action methods that move a document's state; a Python flag, so that no
# request (context, JSON-RPC, import) can forge it.
_IN_TRANSITION = ContextVar("ad_media_crm_in_transition", default=False)


@contextmanager
def ad_transition():
    """Lets the protected fields (``_ad_protected_fields``) be written inside this block."""
    token = _IN_TRANSITION.set(True)
    try:
        yield
    finally:
        _IN_TRANSITION.reset(token)


def ad_context_defaults(records, vals):
    """``vals`` completed with the ``default_*`` keys of the context, as create() will apply them."""
    defaults = {
        key[8:]: value
        for key, value in records.env.context.items()
        if key.startswith("default_") and key[8:] in records._fields
    }
    return {**defaults, **vals}


def ad_check_links(records, vals, sell_fields=()):
    """Refuse links to records the user cannot read (no name oracle) and, for the
    ``sell_fields``, to customers he may not sell to. Checked on the values, before
    anything is written; the messages name nothing."""
    env = records.env
    if env.su:
        return
    for name, value in vals.items():
        field = records._fields.get(name)
        if not field or field.type not in ("many2one", "many2many") or not value:
            continue
        comodel = env[field.comodel_name]
        if comodel._name not in ("res.partner", "ir.attachment") and "ad_owner_id" not in comodel._fields:
            continue
        targets = comodel.browse(_linked_ids(field, value))
        if targets and not _readable(targets):
            raise AccessError(
                env._("%(field)s points to a record you cannot access.", field=field._description_string(env))
            )
        if name in sell_fields and comodel._name == "res.partner":
            targets._ad_check_may_sell()


def _readable(records):
    if records._name == "ir.attachment":  # checked through its document, not by rules
        try:
            records.check("read")
        except AccessError:
            return False
        return True
    return records._filtered_access("read") == records


def _linked_ids(field, value):
    if field.type == "many2one":
        if isinstance(value, dict):  # onchange snapshots may send {"id": ..., "display_name": ...}
            value = value.get("id")
        return [value.id if isinstance(value, models.BaseModel) else value]
    ids = []
    for command in value:
        if not isinstance(command, list | tuple):
            ids.append(command)
        elif command[0] == 4:
            ids.append(command[1])
        elif command[0] == 6:
            ids.extend(command[2])
    return ids


class AdLinkGuardMixin(models.AbstractModel):
    """Refuses, on create, write and onchange, links to records the user cannot read (their
    display name would be shown to him) and, in ``_ad_customer_reference_fields``, to
    customers he may not sell to. Context defaults count as values."""

    _name = "ad.link.guard.mixin"
    _description = "Links Only to Readable Records"

    _ad_customer_reference_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._ad_check_write(ad_context_defaults(self, vals), creating=True)
        records = super().create(vals_list)
        records._ad_check_created()
        return records

    def write(self, vals):
        self._ad_check_write(vals)
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        # onchanges compute related fields as superuser: no link to an unreadable record
        ad_check_links(self, ad_context_defaults(self, values))
        return super().onchange(values, field_names, fields_spec)

    def _ad_check_write(self, vals, creating=False):
        ad_check_links(self, vals, self._ad_customer_reference_fields)

    def _ad_check_created(self):
        """The created records as they are, whatever default filled them (context, the
        user's own ``ir.default``): checked like values."""
        if self.env.su:
            return
        for record in self:
            ad_check_links(record, record._ad_link_values(), record._ad_customer_reference_fields)

    def _ad_link_values(self):
        values = {}
        for name, field in self._fields.items():
            if field.store and field.type in ("many2one", "many2many") and not field.compute and self[name]:
                values[name] = self[name].id if field.type == "many2one" else [(6, 0, self[name].ids)]
        return values


class AdOwnedMixin(models.AbstractModel):
    """A document that belongs to an advertising customer.

    Gives the stored, indexed ownership mirrors (managed, owner, owner's team) that the
    global record rules of security/ir_rules.xml read, copied from ``_ad_customer_field``
    (a res.partner, or a document that has the mirrors itself). Besides the link checks, it
    refuses direct writes of the mirrors and of ``_ad_protected_fields`` (state fields moved
    only by actions), context defaults included.
    """

    _name = "ad.owned.mixin"
    _inherit = ["ad.link.guard.mixin"]
    _description = "Document of an Advertising Customer"

    _ad_customer_field = "partner_id"
    _ad_customer_reference_fields = ("partner_id",)
    # the salesperson of the rule's branch "no owner and I sell it" (None: no such branch)
    _ad_salesperson_field = "user_id"
    _ad_protected_fields = ()
    # values of protected fields a document may be created with (e.g. a quotation already sent)
    _ad_creation_values = {}

    ad_managed = fields.Boolean(
        "Advertising Customer", compute="_compute_ad_ownership", store=True, index=True, compute_sudo=True
    )
    ad_owner_id = fields.Many2one(
        "res.users", string="Customer Owner", compute="_compute_ad_ownership", store=True, index=True, compute_sudo=True
    )
    ad_team_id = fields.Many2one(
        "crm.team", string="Customer Owner's Team", compute="_compute_ad_ownership", store=True, compute_sudo=True
    )

    def _auto_init(self):
        res = super()._auto_init()
        # every branch of the global rule has an index (owner: the field's own), so that the
        # rule alone selects a rep's or a manager's documents (tests/bench_visibility.py);
        # here rather than in init(), which some of Odoo's models (sale.order) do not chain
        if self._auto and not self._abstract:
            cr, table = self.env.cr, self._table
            tools.create_index(cr, f"{table}_ad_team_id_index", table, ["ad_team_id"], where="ad_team_id IS NOT NULL")
            if self._ad_salesperson_field and self._fields[self._ad_salesperson_field].store:
                field = self._ad_salesperson_field
                tools.create_index(
                    cr, f"{table}_ad_no_owner_{field}_index", table, [field], where="ad_owner_id IS NULL"
                )
        return res

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        self.env["ir.rule"]._ad_apply_rules(self, query, mode)

    @api.depends(lambda self: [f"{self._ad_customer_field}.{name}" for name in MIRROR_FIELDS])
    def _compute_ad_ownership(self):
        for record in self:
            source = record[record._ad_customer_field]
            record.ad_managed = source.ad_managed
            record.ad_owner_id = source.ad_owner_id
            record.ad_team_id = source.ad_team_id

    def _ad_check_write(self, vals, creating=False):
        if self.env.su:
            return
        if set(MIRROR_FIELDS) & vals.keys():
            raise AccessError(self.env._("The owner of a document follows its customer; it cannot be set."))
        protected = {
            name
            for name in set(self._ad_protected_fields) & vals.keys()
            if not (creating and vals[name] in self._ad_creation_values.get(name, ()))
        }
        if protected and not _IN_TRANSITION.get():
            raise AccessError(
                self.env._(
                    "%(fields)s changes only through the document's buttons.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in sorted(protected)),
                )
            )
        super()._ad_check_write(vals, creating=creating)

    def _ad_check_created(self):
        super()._ad_check_created()
        if self.env.su or _IN_TRANSITION.get():
            return
        for name in self._ad_protected_fields:
            field = self._fields[name]
            allowed = self._ad_creation_values.get(name, ())
            for record in self:
                default = field.default(record) if field.default else False
                value = field.convert_to_write(record[name], record)
                if value != (default or False) and value not in allowed:
                    raise AccessError(
                        self.env._(
                            "%(fields)s changes only through the document's buttons.",
                            fields=field._description_string(self.env),
                        )
                    )
        for name in MIRROR_FIELDS:  # derived from the customer, whatever a default said
            self.env.add_to_compute(self._fields[name], self)

    @api.model
    def _ad_customer_path(self):
        """Dotted path from this model to its customer (a res.partner)."""
        field = self._fields[self._ad_customer_field]
        if field.comodel_name == "res.partner":
            return field.name
        return f"{field.name}.{self.env[field.comodel_name]._ad_customer_path()}"

    @api.model
    def _ad_owned_models(self):
        """The models that use this mixin (documents of customers)."""
        return [name for name in self.env.registry.descendants([self._name], "_inherit") if name != self._name]

    @api.model
    def _ad_refresh_ownership(self, customers):
        """Recompute the mirrors of every document of ``customers`` (after SQL changes, e.g. a merge)."""
        for model_name in self._ad_owned_models():
            Model = self.env[model_name].sudo().with_context(active_test=False)
            if Model._abstract or not Model._auto:
                continue
            records = Model.search([(f"{Model._ad_customer_path()}.commercial_partner_id", "in", customers.ids)])
            for name in MIRROR_FIELDS:
                self.env.add_to_compute(Model._fields[name], records)
        self.env.flush_all()
