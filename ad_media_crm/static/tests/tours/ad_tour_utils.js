/** @odoo-module **/

/* Steps shared by the tours, at desktop and phone sizes. */

export const NEW_BUTTON = ".o_control_panel_main_buttons button.o_list_button_add, .o_control_panel_main_buttons button.o-kanban-button-new";

export function goTo(path) {
    return {
        content: `open ${path}`,
        trigger: "body",
        run() {
            window.location.href = path;
        },
    };
}

/** A many2one is an autocomplete on desktop and a search dialog on a phone; field: names joined by |. */
export function pickInMany2one(field, text, choice) {
    const input = field.split("|").map((name) => `.o_field_widget[name=${name}] input`).join(", ");
    return [
        {
            isActive: ["desktop"],
            content: `type ${text} in ${field}`,
            trigger: input,
            run: `edit ${text}`,
        },
        {
            isActive: ["desktop"],
            content: `choose ${choice}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item:contains(${choice})`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `open the ${field} search`,
            trigger: input,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "show the search bar",
            trigger: ".modal button:has(.fa-search)",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `search ${text}`,
            trigger: ".modal .o_searchview_input",
            run: `edit ${text} && press Enter`,
        },
        {
            isActive: ["mobile"],
            content: `choose ${choice}`,
            trigger: `.modal .o_kanban_record:contains(${choice})`,
            run: "click",
        },
    ];
}

/** A header button: in the status bar on desktop, in the action (cog) menu on a phone. */
export function clickButton(name) {
    return [
        { isActive: ["desktop"], content: `click ${name}`, trigger: `.o_statusbar_buttons button[name=${name}]`, run: "click" },
        { isActive: ["mobile"], content: "open the action menu", trigger: ".o_cp_action_menus button:has(.fa-cog)", run: "click" },
        { isActive: ["mobile"], content: `click ${name}`, trigger: `.o-dropdown--menu button[name=${name}]`, run: "click" },
    ];
}
