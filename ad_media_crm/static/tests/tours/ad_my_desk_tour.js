/** @odoo-module **/

import { registry } from "@web/core/registry";
import { pickInMany2one } from "@ad_media_crm/../tests/tours/ad_tour_utils";

const APP = "ad_media_crm.menu_ad_root";
const DESK = ".o_ad_desk";

/** Open the Advertising app from the apps menu (a sidebar on a phone): it opens on the desk. */
function openAdvertising() {
    return [
        { isActive: ["desktop"], content: "apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        { isActive: ["desktop"], content: "Advertising", trigger: `.o-dropdown--menu .o_app[data-menu-xmlid="${APP}"]`, run: "click" },
        { isActive: ["mobile"], content: "menu", trigger: ".o_main_navbar .o_menu_toggle", run: "click" },
        { isActive: ["mobile"], content: "all apps", trigger: ".o_sidebar_topbar a.btn-primary", run: "click" },
        { isActive: ["mobile"], content: "Advertising", trigger: `.o_app_menu_sidebar .o_app[data-menu-xmlid="${APP}"]`, run: "click" },
        { content: "the desk opens", trigger: `${DESK} .o_ad_desk_tiles` },
    ];
}

function line(section, text) {
    return { content: `${section}: ${text}`, trigger: `${DESK} [data-section=${section}] .o_ad_desk_line:contains(${text})` };
}

function lookUp(number) {
    return [
        { content: `look up ${number}`, trigger: `${DESK} .o_ad_desk_phone input`, run: `edit ${number}` },
        { trigger: `${DESK} .o_ad_desk_phone button[type=submit]`, run: "click" },
    ];
}

registry.category("web_tour.tours").add("ad_media_crm_rep_desk_tour", {
    steps: () => [
        ...openAdvertising(),
        line("contracts", "Desk Tea House"),
        line("schedule", "Tasting at Desk Tea House"),
        line("activities", "Call about the spring campaign"),
        line("receivables", "Desk Tea House"),
        line("reminders", "Anniversary of Desk Tea House"),
        { content: "nothing of the other rep's customer", trigger: `${DESK}:not(:has(.o_ad_desk_line:contains(Desk Rival)))` },
        { content: "no rep filter for a rep", trigger: `${DESK}:not(:has(select.o_ad_desk_rep))` },
        ...lookUp("021-6000-7777"),
        { content: "found by phone", trigger: `${DESK} .o_ad_desk_match:contains(Desk Tea House)` },
        ...lookUp("010 6000 8888"),
        { content: "another rep's customer is not found", trigger: `${DESK} .o_ad_desk_matches:not(:has(.o_ad_desk_match))` },
        { content: "nothing logged today", trigger: `${DESK} .o_ad_desk_logged:contains(0)` },
        { content: "log work", trigger: `${DESK} .o_ad_desk_log_work`, run: "click" },
        ...pickInMany2one("partner_id", "Desk Tea", "Desk Tea House"),
        { trigger: ".modal .o_field_widget[name=summary] textarea", run: "edit Called about the spring campaign" },
        { trigger: ".modal .o_form_button_save", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { content: "logged", trigger: `${DESK} .o_ad_desk_logged:contains(1)` },
        { content: "one order this month", trigger: `${DESK} .o_ad_desk_tile[data-tile=orders] .o_ad_desk_tile_count:contains(1)` },
        { trigger: `${DESK} .o_ad_desk_tile[data-tile=orders]`, run: "click" },
        { content: "the month's orders", trigger: ".o_list_renderer .o_data_row:contains(Desk Tea House)" },
        { content: "and only them", trigger: ".o_list_renderer:not(:has(.o_data_row:nth-child(2)))" },
    ],
});

registry.category("web_tour.tours").add("ad_media_crm_manager_desk_tour", {
    steps: () => [
        ...openAdvertising(),
        line("contracts", "Desk Tea House"),
        line("contracts", "Desk Rival"),
        { content: "the team's orders", trigger: `${DESK} .o_ad_desk_tile[data-tile=orders] .o_ad_desk_tile_count:contains(2)` },
        { content: "filter on a rep", trigger: `${DESK} select.o_ad_desk_rep`, run: "selectByLabel Desk Seller" },
        { content: "only his contracts", trigger: `${DESK} [data-section=contracts]:not(:has(.o_ad_desk_line:contains(Desk Tea House)))` },
        line("contracts", "Desk Rival"),
        { content: "his orders", trigger: `${DESK} .o_ad_desk_tile[data-tile=orders] .o_ad_desk_tile_count:contains(1)` },
        ...lookUp("021 6000 7777"),
        { content: "the team's customer is found", trigger: `${DESK} .o_ad_desk_match:contains(Desk Tea House)` },
        { content: "all his expiring contracts", trigger: `${DESK} [data-section=contracts] .o_ad_desk_more`, run: "click" },
        { content: "the list", trigger: ".o_list_renderer .o_data_row:contains(Desk Rival)" },
        { content: "and only his", trigger: ".o_list_renderer:not(:has(.o_data_row:contains(Desk Tea House)))" },
        { content: "back to the desk", trigger: ".o_breadcrumb .o_back_button", run: "click" },
        { content: "still filtered on the rep", trigger: `${DESK} [data-section=contracts]:not(:has(.o_ad_desk_line:contains(Desk Tea House))):has(.o_ad_desk_line:contains(Desk Rival))` },
        { content: "the lookup is kept", trigger: `${DESK} .o_ad_desk_match:contains(Desk Tea House)` },
    ],
});
