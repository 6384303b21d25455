from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def write(self, values):
        res = super().write(values)
        if {"res_model", "res_model_id", "res_id"} & values.keys():
            # moved to another document: the same rights as creating it there
            self.check_access("create")
        return res

    def onchange(self, values, field_names, fields_spec):
        # the onchange names the document (res_name): only one the user may read
        model, res_id = values.get("res_model"), values.get("res_id")
        if model in self.env and res_id and isinstance(res_id, int):
            self.env[model].browse(res_id).check_access("read")
        return super().onchange(values, field_names, fields_spec)
