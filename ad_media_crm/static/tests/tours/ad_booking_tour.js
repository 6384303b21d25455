/** @odoo-module **/

import { registry } from "@web/core/registry";
import { goTo, pickInMany2one, clickButton } from "@ad_media_crm/../tests/tours/ad_tour_utils";

const RUNS = ".modal .o_field_widget[name=run_ids]";
const ORDER_LINES = ".o_field_widget[name=order_line]";

registry.category("web_tour.tours").add("ad_media_crm_rep_books_tour", {
    steps: () => [
        goTo("/odoo/action-sale.action_quotations_with_onboarding/new"),
        ...pickInMany2one("partner_id", "Tour Tea", "Tour Tea House"),
        ...clickButton("action_ad_book_placement"),
        ...pickInMany2one("slot_id", "Tour Back", "Tour Back Page"),
        { content: "four weekly runs on Mondays", trigger: `${RUNS} .o_data_row:nth-child(4)` },
        { content: "the second Monday is taken: shown as a clash", trigger: `${RUNS} .o_data_row.text-danger` },
        { trigger: ".modal .alert-warning .o_field_widget[name=conflict_count]" },
        { content: "move the runs to Wednesdays", trigger: ".modal .o_field_widget[name=weekday] select", run: 'select "2"' },
        { content: "no clash left", trigger: `${RUNS}:not(:has(.text-danger)) .o_data_row:nth-child(4)` },
        { trigger: ".modal:not(:has(.alert-warning))" },
        { content: "add the runs", trigger: ".modal button[name=action_add_lines]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        {
            content: "four placement lines",
            trigger: `${ORDER_LINES} .o_data_row:nth-child(4), ${ORDER_LINES} .o_kanban_record:nth-child(4)`,
        },
        ...clickButton("action_ad_request_approval"),
        {
            content: "waiting for approval",
            trigger: ".o_field_widget[name=ad_approval_state] .badge.text-bg-warning",
        },
    ],
});

registry.category("web_tour.tours").add("ad_media_crm_manager_approves_tour", {
    steps: () => [
        { content: "the order to approve", trigger: ".o_form_view .o_field_widget[name=ad_approval_state] .badge.text-bg-warning" },
        ...clickButton("action_ad_approve"),
        { content: "approved", trigger: ".o_field_widget[name=ad_approved_by_id]:contains(Tour Boss)" },
    ],
});

registry.category("web_tour.tours").add("ad_media_crm_rep_confirms_tour", {
    steps: () => [
        { trigger: ".o_form_view .o_field_widget[name=ad_approved_by_id]:contains(Tour Boss)" },
        ...clickButton("action_confirm"),
        { content: "confirmed", trigger: ".o_statusbar_status .o_arrow_button_current[data-value=sale]" },
    ],
});
