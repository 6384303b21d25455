from odoo import models


class CalendarFilters(models.Model):
    _name = "calendar.filters"
    _inherit = ["calendar.filters", "ad.link.guard.mixin"]
