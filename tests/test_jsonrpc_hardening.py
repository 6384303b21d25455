"""Second-order attacks over JSON-RPC: a demo rep (rep1) reaches for rep3's customer through
his own records, state fields and Odoo's records that name customers. Each attack has a
control showing the same call works on rep1's own customer."""

import uuid

import pytest
from jsonrpc_common import access_error, user_id


@pytest.fixture
def world(session_as):
    """rep1's own customer (with a contact) and rep3's customer, its orders and contacts."""
    admin = session_as("admin", "admin")
    ids = {}
    for login in ("rep1", "rep3"):
        uid = user_id(admin, login)
        # a customer with orders, no credit limit (other files' tests add invoices) and a contact
        customer = admin.call(
            "res.partner",
            "search_read",
            [("ad_owner_id", "=", uid), ("ad_is_customer", "=", True), ("credit_limit", "=", 0),
             ("sale_order_ids", "!=", False), ("child_ids", "!=", False)],
            ["name"],
            limit=1,
        )[0][0]  # fmt: skip
        contact = admin.call("res.partner", "search", [("parent_id", "=", customer["id"])], limit=1)[0]
        ids[login] = {"uid": uid, "customer": customer, "contact": contact[0] if contact else None}
    product = admin.call("product.product", "search", [("sale_ok", "=", True), ("type", "=", "service")], limit=1)[0][0]
    return admin, ids, product


def _quotation(rep, customer_id, product_id):
    order_id, error = rep.call(
        "sale.order",
        "create",
        {"partner_id": customer_id, "order_line": [(0, 0, {"product_id": product_id, "price_unit": 10})]},
    )
    assert error is None, error
    return order_id


def test_protected_transitions(session_as, world):
    _admin, ids, product = world
    rep1 = session_as("rep1")
    order = _quotation(rep1, ids["rep1"]["customer"]["id"], product)
    for values in ({"state": "sale"}, {"ad_approval_state": "approved"}, {"ad_owner_id": ids["rep3"]["uid"]}):
        result, error = rep1.call("sale.order", "write", [order], values)
        assert result is None and access_error(error), values
    result, error = rep1.call(
        "sale.order", "create", {"partner_id": ids["rep1"]["customer"]["id"], "state": "sale", "ad_managed": False}
    )
    assert result is None and access_error(error)
    state = rep1.call("sale.order", "read", [order], ["state", "ad_approval_state"])[0][0]
    assert (state["state"], state["ad_approval_state"]) == ("draft", False)
    # control: the button confirms it (small amount: no approval needed)
    _result, error = rep1.call("sale.order", "action_confirm", [order])
    assert error is None, error
    assert rep1.call("sale.order", "read", [order], ["state"])[0][0]["state"] == "sale"


def test_links_to_another_reps_customer(session_as, world):
    admin, ids, product = world
    rep1 = session_as("rep1")
    secret = ids["rep3"]["customer"]["name"]
    target = ids["rep3"]["customer"]["id"]
    order = _quotation(rep1, ids["rep1"]["customer"]["id"], product)
    for values in ({"partner_invoice_id": target}, {"partner_shipping_id": target}, {"partner_id": target}):
        result, error = rep1.call("sale.order", "write", [order], values)
        assert result is None and access_error(error), values
        assert secret not in error["data"]["message"]
    own_customer = ids["rep1"]["customer"]["id"]
    for values in ({"ad_group_parent_id": target}, {"ad_brand_ids": [(4, target)]}, {"ad_main_contact_id": target}):
        result, error = rep1.call("res.partner", "write", [own_customer], values)
        assert result is None and access_error(error), values
        assert secret not in error["data"]["message"]
    result, error = rep1.call("crm.lead", "create", {"name": "Probe", "partner_id": target})
    assert result is None and access_error(error) and secret not in error["data"]["message"]
    # activities cannot be moved onto his customer
    activity_type = rep1.call("mail.activity.type", "search", [], limit=1)[0][0]
    model_id = admin.call("ir.model", "search", [("model", "=", "res.partner")])[0][0]
    activity, error = rep1.call(
        "mail.activity",
        "create",
        {"res_model_id": model_id, "res_id": own_customer, "activity_type_id": activity_type, "user_id": rep1.uid},
    )
    assert error is None, error
    result, error = rep1.call("mail.activity", "write", [activity], {"res_id": target})
    assert result is None and access_error(error)
    # controls: his own contact as invoice address; the activity onto his own order
    if ids["rep1"]["contact"]:
        _result, error = rep1.call("sale.order", "write", [order], {"partner_invoice_id": ids["rep1"]["contact"]})
        assert error is None, error
    model_id = admin.call("ir.model", "search", [("model", "=", "sale.order")])[0][0]
    _result, error = rep1.call("mail.activity", "write", [activity], {"res_model_id": model_id, "res_id": order})
    assert error is None, error


def test_odoo_records_naming_another_reps_customer(session_as, world):
    admin, ids, _product = world
    rep1 = session_as("rep1")
    target = ids["rep3"]["customer"]["id"]
    others_orders = admin.call("sale.order", "search", [("partner_id", "child_of", target)])[0]
    assert others_orders, "rep3's demo customer has orders"
    followers, error = rep1.call(
        "mail.followers",
        "search_read",
        [("res_model", "=", "sale.order"), ("res_id", "in", others_orders)],
        ["partner_id"],
    )
    assert error is None and followers == []
    followers, error = rep1.call("mail.followers", "search_read", [("partner_id", "=", target)], ["res_id"])
    assert error is None and followers == []
    any_followers, _error = admin.call(
        "mail.followers", "search", [("res_model", "=", "sale.order"), ("res_id", "in", others_orders)]
    )
    result, error = rep1.call("mail.followers", "read", any_followers[:1], ["partner_id", "res_id"])
    assert result is None and access_error(error)
    bank, error = admin.call(
        "res.partner.bank", "create", {"acc_number": f"6222{uuid.uuid4().int % 10**12}", "partner_id": target}
    )
    assert error is None, error
    assert rep1.call("res.partner.bank", "search", [("id", "=", bank)])[0] == []
    result, error = rep1.call("res.partner.bank", "read", [bank], ["acc_number"])
    assert result is None and access_error(error)
    meeting, error = admin.call(
        "calendar.event",
        "create",
        {"name": "Confidential pitch", "start": "2031-03-03 02:00:00", "stop": "2031-03-03 03:00:00",
         "user_id": ids["rep3"]["uid"], "partner_ids": [(6, 0, [target])]},
    )  # fmt: skip
    assert error is None, error
    assert rep1.call("calendar.event", "search", [("id", "=", meeting)])[0] == []
    assert rep1.call("calendar.attendee", "search", [("partner_id", "=", target)])[0] == []
    result, error = rep1.call("calendar.event", "read", [meeting], ["name"])
    assert result is None and access_error(error)
    # controls: the same on rep1's own customer
    own = ids["rep1"]["customer"]["id"]
    own_bank, error = admin.call(
        "res.partner.bank", "create", {"acc_number": f"6228{uuid.uuid4().int % 10**12}", "partner_id": own}
    )
    assert error is None
    assert rep1.call("res.partner.bank", "search", [("id", "=", own_bank)])[0] == [own_bank]
    own_meeting, error = rep1.call(
        "calendar.event", "create",
        {"name": "Own pitch", "start": "2031-03-04 02:00:00", "stop": "2031-03-04 03:00:00",
         "partner_ids": [(6, 0, [own])]},
    )  # fmt: skip
    assert error is None, error
    assert rep1.call("calendar.event", "search", [("id", "=", own_meeting)])[0] == [own_meeting]
    own_orders = rep1.call("sale.order", "search", [("partner_id", "child_of", own)])[0]
    own_followers, error = rep1.call(
        "mail.followers",
        "search_read",
        [("res_model", "=", "sale.order"), ("res_id", "in", own_orders)],
        ["partner_id"],
    )
    assert error is None and own_followers, "followers of his own orders stay readable"


def test_ownership_paths(session_as, world):
    admin, ids, _product = world
    rep1 = session_as("rep1")
    name = f"Harbour Logistics {uuid.uuid4().hex[:6]}"
    free_company, error = admin.call("res.partner", "create", {"name": name, "is_company": True})
    assert error is None and not admin.call("res.partner", "read", [free_company], ["ad_managed"])[0][0]["ad_managed"]
    result, error = rep1.call(
        "res.partner", "write", [free_company], {"parent_id": ids["rep1"]["customer"]["id"], "is_company": False}
    )
    assert result is None and access_error(error)
    if ids["rep1"]["contact"]:
        result, error = rep1.call(
            "res.partner", "write", [ids["rep1"]["contact"]], {"parent_id": ids["rep3"]["customer"]["id"]}
        )
        assert result is None and access_error(error)
    # partner creation tricks give no unmanaged copy
    for values in ({"ad_managed": False}, {"ad_managed": False, "user_ids": [(6, 0, [])]}):
        new_id, error = rep1.call(
            "res.partner", "create", dict(values, name=f"Fresh {uuid.uuid4().hex[:6]}", is_company=True)
        )
        assert error is None, error
        row = rep1.call("res.partner", "read", [new_id], ["ad_managed", "ad_owner_id"])[0][0]
        assert row["ad_managed"] and row["ad_owner_id"][0] == rep1.uid
    result, error = rep1.call(
        "res.partner", "create", {"name": ids["rep3"]["customer"]["name"], "is_company": True, "user_ids": [(6, 0, [])]}
    )
    assert result is None, "a copy of another rep's customer is refused as a duplicate"
    # control: a rep's own contact moves between his own customers
    assert rep1.call("res.partner", "write", [free_company], {"phone": "021 1234 5678"})[1] is None


def test_plain_sales_user_sees_own_customers_only(session_as, world):
    admin, ids, _product = world
    groups = [admin.call("ir.model.data", "check_object_reference", module, name)[0][1]
              for module, name in (("base", "group_user"), ("sales_team", "group_sale_manager"))]  # fmt: skip
    login = f"plain_sales_{uuid.uuid4().hex[:6]}"
    _uid, error = admin.call("res.users", "create", {"name": "Plain Sales Manager", "login": login, "password": login,
                                                     "groups_id": [(6, 0, groups)]})  # fmt: skip
    assert error is None, error
    plain = session_as(login, login)
    seen, error = plain.call("res.partner", "search", [("ad_is_customer", "=", True)])
    assert error is None and seen == [], "Odoo's Sales roles alone see no managed customer"
    result, error = plain.call("res.partner", "read", [ids["rep3"]["customer"]["id"]], ["name"])
    assert result is None and access_error(error)
    # control: he works in Odoo's standard screens: his own new customer and its quotation
    customer, error = plain.call("res.partner", "create", {"name": f"Plain Customer {login}", "is_company": True})
    assert error is None, error
    order, error = plain.call("sale.order", "create", {"partner_id": customer})
    assert error is None, error
    assert plain.call("sale.order", "search", [("id", "=", order)])[0] == [order]


def test_second_order_oracles(session_as, world):
    """Context defaults, onchanges, debug-mode errors and message recipients name nothing."""
    _admin, ids, product = world
    rep1 = session_as("rep1")
    secret = ids["rep3"]["customer"]["name"]
    target = ids["rep3"]["customer"]["id"]
    own = ids["rep1"]["customer"]["id"]
    payload = rep1._call(
        "/web/dataset/call_kw?debug=1",
        {"model": "res.partner", "method": "read", "args": [[target], ["name"]], "kwargs": {}},
    )
    assert "error" in payload and secret not in str(payload["error"])
    result, error = rep1.call("sale.order", "create", {"partner_id": own}, context={"default_state": "sale"})
    assert result is None and access_error(error)
    result, error = rep1.call(
        "sale.order", "create", {"partner_id": own}, context={"default_partner_invoice_id": target}
    )
    assert result is None and access_error(error) and secret not in error["data"]["message"]
    result, error = rep1.call("crm.lead", "onchange", [], {"partner_id": target}, ["partner_id"], {"partner_name": {}})
    assert result is None and access_error(error) and secret not in str(error)
    order = _quotation(rep1, own, product)
    result, error = rep1.call("sale.order", "message_post", [order], body="hello", partner_ids=[target])
    assert result is None and access_error(error)
    # controls
    lead, error = rep1.call("crm.lead", "onchange", [], {"partner_id": own}, ["partner_id"], {"partner_name": {}})
    assert error is None and lead["value"]
    _result, error = rep1.call("sale.order", "message_post", [order], body="hello", partner_ids=[own])
    assert error is None, error
