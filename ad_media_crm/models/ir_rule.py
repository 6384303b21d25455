from odoo import api, models, tools
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools.query import Query

# comparisons whose SQL is the column, the operator and the literal (no sub-search)
PLAIN_OPERATORS = frozenset(("=", "!=", "in", "not in", "<", ">", "<=", ">="))


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """In debug mode Odoo lists the forbidden records by name: not to a user whose
        visibility the ownership rules restrict (they belong to another rep's customers)."""
        error = super()._make_access_error(operation, records)
        if self.env.su or self.env.user.ad_visibility == "all":
            return error
        return AccessError(
            self.env._(
                "These %(model)s records belong to other salespeople's customers: you cannot access them.",
                model=self.env["ir.model"]._get(records._name).name or records._name,
            )
        )

    @api.model
    def _ad_apply_rules(self, model, query, mode):
        """Odoo's ``_apply_ir_rules``, with the plain part of the rules compiled once.

        Odoo turns the rule domain into SQL on every search, and the ownership rules add
        leaves to every query of a rep. The conjuncts made of plain comparisons of the
        model's own columns with literals compile to the same SQL whoever asks and whatever
        the data (the uid is in their values), so they are compiled once per distinct
        domain; the others (sub-searches, joins) as Odoo does."""
        if self.env.su:
            return
        domain = self._compute_domain(model._name, mode)
        if not domain:
            return
        plain, other = [], []
        for conjunct in _conjuncts(domain):
            key = _plain_domain_key(model, conjunct)
            (plain if key else other).append(key or conjunct)
        if plain:
            query.add_where(self._ad_compile_plain_domain(model._name, tuple(plain)))
        if other:
            expression.expression(expression.AND(other), model.sudo(), model._table, query)

    @api.model
    @tools.ormcache("model_name", "keys")
    def _ad_compile_plain_domain(self, model_name, keys):
        model = self.env(context={}, su=True)[model_name]  # whoever asks first, same SQL
        query = Query(model.env, model._table, model._table_sql)
        expression.expression(expression.AND([list(key) for key in keys]), model, model._table, query)
        return query.where_clause


def _conjuncts(domain):
    """The sub-domains a normalized ``domain`` ANDs at its top level."""
    if domain[0] != "&":
        return [domain]
    end, needed = 1, 1
    while needed:  # the first operand's extent in prefix notation
        element = domain[end]
        needed += 1 if element in ("&", "|") else 0 if element == "!" else -1
        end += 1
    return _conjuncts(domain[1:end]) + _conjuncts(domain[end:])


def _plain_domain_key(model, domain):
    """A hashable copy of ``domain`` if each of its leaves is plain (``_plain_leaf``), else None."""
    key = []
    for element in domain:
        if isinstance(element, str):
            key.append(element)
            continue
        leaf = tuple(element)
        if leaf in (expression.TRUE_LEAF, expression.FALSE_LEAF):
            key.append(leaf)
        elif plain := _plain_leaf(model, leaf):
            key.append(plain)
        else:
            return None
    return tuple(key)


def _plain_leaf(model, leaf):
    """``leaf`` made hashable if it compares a stored column of ``model`` itself (no join,
    translation, per-company value or sub-search) with literals, else None. Odoo's
    multi-company leaf ``parent_of`` companies counts as plain: the company hierarchy cannot
    change (res.company refuses a new parent, and adding or deleting a company clears the
    caches), and reading it does not depend on the context."""
    fname, operator, value = leaf
    field = model._fields.get(fname) if isinstance(fname, str) else None
    if (
        field is None
        or not (field.store and field.column_type)
        or field.inherited
        or field.translate
        or field.company_dependent
        or field.type in ("one2many", "many2many", "properties", "json")
    ):
        return None
    if operator == "parent_of":
        if field.comodel_name != "res.company":
            return None
    elif operator not in PLAIN_OPERATORS:
        return None
    many = operator in ("in", "not in", "parent_of")
    if many != isinstance(value, list | tuple):
        return None
    values = tuple(value) if many else (value,)
    # a string for a relational field would be a name search
    literal = (bool, int, float) if field.relational else (bool, int, float, str)
    if not all(v is None or isinstance(v, literal) for v in values):
        return None
    return (fname, operator, values if many else value)
