from odoo import fields, models


class AdCompetitor(models.Model):
    """A rival medium the group loses business to (another newspaper, a TV station, an
    outdoor or digital platform); named on lost opportunities and quotations."""

    _name = "ad.competitor"
    _description = "Competitor"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    medium_type = fields.Selection(lambda self: self.env["ad.medium"]._fields["medium_type"].selection)
    notes = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_uniq", "unique(name)", "A competitor with this name already exists.")]
