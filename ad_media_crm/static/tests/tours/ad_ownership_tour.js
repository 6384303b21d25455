/** @odoo-module **/

import { registry } from "@web/core/registry";
import { NEW_BUTTON, goTo, pickInMany2one, clickButton } from "@ad_media_crm/../tests/tours/ad_tour_utils";

registry.category("web_tour.tours").add("ad_media_crm_rep_sells_tour", {
    steps: () => [
        goTo("/odoo/action-ad_media_crm.action_ad_customers"),
        { content: "create a customer", trigger: NEW_BUTTON, run: "click" },
        { trigger: ".o_field_widget[name=name] textarea, .o_field_widget[name=name] input", run: "edit Tour Noodle House" },
        { content: "a phone that belongs to another rep's customer", trigger: ".o_field_widget[name=phone] input", run: "edit 021-6000-1234 && click .o_field_widget[name=email] input" },
        { content: "the duplicate warning names the owner", trigger: "div[name=ad_duplicate_warning]:contains(Tour Other)" },
        { content: "use the customer's own number", trigger: ".o_field_widget[name=phone] input", run: "edit 021-6000-5678 && click .o_field_widget[name=email] input" },
        { content: "the warning is gone", trigger: ".o_form_view:not(:has(div[name=ad_duplicate_warning]))" },
        { trigger: ".o_form_button_save", run: "click" },
        { content: "saved with a customer code", trigger: ".o_field_widget[name=ad_customer_code] span:contains(C)" },
        goTo("/odoo/action-sale.action_quotations_with_onboarding/new"),
        ...pickInMany2one("partner_id", "Tour Noodle", "Tour Noodle House"),
        { isActive: ["desktop"], content: "add a line", trigger: ".o_field_x2many_list_row_add a:first", run: "click" },
        { isActive: ["mobile"], content: "add a line", trigger: ".o_field_widget[name=order_line] .o_x2m_control_panel button:first", run: "click" },
        ...pickInMany2one("product_template_id|product_id", "Tour half", "Tour half page"),
        { isActive: ["mobile"], content: "close the line", trigger: ".modal-footer button.o_form_button_save", run: "click" },
        { isActive: ["mobile"], trigger: "body:not(:has(.modal))" },
        ...clickButton("action_confirm"),
        { content: "confirmed", trigger: ".o_statusbar_status .o_arrow_button_current[data-value=sale]" },
    ],
});

registry.category("web_tour.tours").add("ad_media_crm_office_reassigns_tour", {
    steps: () => [
        goTo("/odoo/action-ad_media_crm.action_ad_customers"),
        { content: "open the rep's new customer", trigger: ".o_data_cell:contains(Tour Noodle House), .o_kanban_record:contains(Tour Noodle House)", run: "click" },
        { trigger: ".o_field_widget[name=ad_owner_id]:contains(Tour Rep)" },
        { content: "allocate it", trigger: "button[name=action_ad_open_allocate]", run: "click" },
        ...pickInMany2one("user_id", "Tour Other", "Tour Other"),
        { trigger: ".modal .o_field_widget[name=reason] input", run: "edit Territory rebalancing" },
        { trigger: ".modal button[name=action_allocate]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { content: "new owner shown", trigger: ".o_field_widget[name=ad_owner_id]:contains(Tour Other)" },
    ],
});

registry.category("web_tour.tours").add("ad_media_crm_rep_lost_customer_tour", {
    steps: () => [
        goTo("/odoo/action-ad_media_crm.action_ad_customers"),
        { trigger: ".o_list_renderer, .o_kanban_renderer, .o_view_nocontent" },
        { content: "the reassigned customer is gone", trigger: "body:not(:has(.o_data_cell:contains(Tour Noodle House))):not(:has(.o_kanban_record:contains(Tour Noodle House)))" },
    ],
});
