from odoo import api, models, tools
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import config
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
        """Odoo's ``_apply_ir_rules``, with the plain part of the rules compiled once."""
        if self.env.su:
            return
        compiled, other = self._ad_compiled_rules(model._name, mode)
        if compiled is not None:
            query.add_where(compiled)
        if other:
            expression.expression(other, model.sudo(), model._table, query)

    @api.model
    @tools.conditional(
        "xml" not in config["dev_mode"],
        tools.ormcache(
            "self.env.uid", "self.env.su", "model_name", "mode", "tuple(self._compute_domain_context_values())"
        ),
    )
    def _ad_compiled_rules(self, model_name, mode):
        """(SQL of the plain conjuncts of the user's rules or None, domain of the others).

        Odoo turns the rule domain into SQL on every search, and the ownership rules add
        leaves to every query of a rep. The conjuncts made of plain comparisons of the
        model's own columns with literals compile to the same SQL whatever the data (the
        uid is in their values), so they are compiled once, cached like Odoo caches the
        domain itself (same key); the others (sub-searches, joins) Odoo compiles on each
        search."""
        domain = self._compute_domain(model_name, mode)
        model = self.env(context={}, su=True)[model_name]  # whoever asks first, same SQL
        plain, other = [], []
        for conjunct in _conjuncts(domain) if domain else []:
            (plain if _is_plain(model, conjunct) else other).append(conjunct)
        compiled = None
        if plain:
            query = Query(model.env, model._table, model._table_sql)
            expression.expression(expression.AND(plain), model, model._table, query)
            compiled = query.where_clause
        return compiled, expression.AND(other) if other else []


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


def _is_plain(model, domain):
    """Whether every leaf of ``domain`` is plain (``_plain_leaf``)."""
    return all(
        isinstance(element, str)
        or tuple(element) in (expression.TRUE_LEAF, expression.FALSE_LEAF)
        or _plain_leaf(model, tuple(element))
        for element in domain
    )


def _plain_leaf(model, leaf):
    """Whether ``leaf`` compares a stored column of ``model`` itself (no join, translation,
    per-company value or sub-search) with literals. Odoo's multi-company leaf ``parent_of``
    companies counts as plain: the company hierarchy cannot change (res.company refuses a
    new parent, and adding or deleting a company clears the caches), and reading it does
    not depend on the context."""
    fname, operator, value = leaf
    field = model._fields.get(fname) if isinstance(fname, str) else None
    if (
        field is None
        or not (field.store and field.column_type)
        or field.inherited
        or field.translate
        or field.company_dependent
        or field.type in ("one2many", "many2many", "properties", "json")
        or not (operator in PLAIN_OPERATORS or (operator == "parent_of" and field.comodel_name == "res.company"))
    ):
        return False
    many = operator in ("in", "not in", "parent_of")
    if many != isinstance(value, list | tuple):
        return False
    # a string for a relational field would be a name search
    literal = (bool, int, float) if field.relational else (bool, int, float, str)
    return all(v is None or isinstance(v, literal) for v in (value if many else [value]))
