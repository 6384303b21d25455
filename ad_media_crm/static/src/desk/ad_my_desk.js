/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, deserializeDateTime, formatDate, formatDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { KeepLast } from "@web/core/utils/concurrency";
import { formatMonetary } from "@web/views/fields/formatters";
import { useSetupAction } from "@web/search/action_hook";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * My desk (我的桌面): the rep's landing screen. All figures come from one server call,
 * res.users.ad_my_desk_data, read as the user; each figure carries the list action of its
 * own domain, so clicking it shows exactly the records counted.
 */
export class AdMyDesk extends Component {
    static template = "ad_media_crm.MyDesk";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.keepLast = new KeepLast();
        // the rep filter and the looked-up number survive a visit to a list and back
        const { userId = false, phone = "" } = this.props.state || {};
        this.state = useState({ data: null, userId, phone, matches: null });
        useSetupAction({ getLocalState: () => ({ userId: this.state.userId, phone: this.state.phone }) });
        onWillStart(() => Promise.all([this.load(), this.search()]));
    }

    async load() {
        this.state.data = await this.keepLast.add(
            this.orm.call("res.users", "ad_my_desk_data", [], { user_id: this.state.userId })
        );
    }

    /** The figures on top, in the order shown; sections missing from the data are skipped. */
    get tiles() {
        const data = this.state.data;
        const tiles = [
            {
                key: "receivables_overdue",
                label: _t("Overdue receivables"),
                figure: data.receivables.overdue,
                monetary: true,
                alert: true,
                unit: _t("Overdue items"),
            },
            {
                key: "receivables_due_soon",
                label: _t("Due within %s days", data.receivables.days),
                figure: data.receivables.due_soon,
                monetary: true,
                unit: _t("Items due"),
            },
            {
                key: "orders",
                label: _t("Orders this month"),
                figure: data.orders,
                monetary: true,
                unit: _t("Orders"),
            },
            {
                key: "invoiced",
                label: _t("Invoiced this month"),
                figure: data.invoiced,
                monetary: true,
                unit: _t("Invoices and credit notes"),
            },
            { key: "activities_overdue", label: _t("Overdue activities"), figure: data.activities.overdue, alert: true },
            { key: "activities_today", label: _t("Activities due today"), figure: data.activities.today },
            { key: "contracts", label: _t("Contracts expiring soon"), figure: data.contracts },
        ];
        return tiles.filter((tile) => tile.figure);
    }

    get scopeLabel() {
        const data = this.state.data;
        if (data.scope === "team") {
            return _t("My team");
        }
        return data.scope === "all" ? _t("Everyone") : _t("Mine");
    }

    async onRepChange(ev) {
        this.state.userId = parseInt(ev.target.value) || false;
        await this.load();
    }

    money(amount) {
        return formatMonetary(amount, { currencyId: this.state.data.currency_id });
    }

    date(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    time(event) {
        if (event.allday) {
            return _t("All day");
        }
        return formatDateTime(deserializeDateTime(event.start), { format: "HH:mm" });
    }

    open(action) {
        return this.actionService.doAction(action);
    }

    openRecord(resModel, resId) {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
        });
    }

    lookUp(ev) {
        ev.preventDefault();
        return this.search();
    }

    /** The addon's phone lookup (res.partner's ad_phone_lookup search), as in its list. */
    async search() {
        const number = this.state.phone.trim();
        this.state.matches = number
            ? await this.orm.searchRead(
                  "res.partner",
                  [["ad_managed", "=", true], ["ad_phone_lookup", "ilike", number]],
                  ["display_name", "phone", "mobile", "ad_owner_id"],
                  { limit: 8 }
              )
            : null;
    }

    /** The work log's quick entry form (a few taps on a phone); the desk reloads after it. */
    logWork() {
        return this.actionService.doAction("ad_media_crm.action_ad_work_log_quick", {
            onClose: () => this.load(),
        });
    }

    openLookupList() {
        return this.actionService.doAction("ad_media_crm.action_ad_phone_lookup", {
            additionalContext: { search_default_ad_phone_lookup: this.state.phone.trim() },
        });
    }
}

registry.category("actions").add("ad_media_crm.my_desk", AdMyDesk);
