from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def write(self, values):
        res = super().write(values)
        if {"res_model", "res_model_id", "res_id"} & values.keys():
            # moved to another document: the same rights as creating it there
            self.check_access("create")
        return res
