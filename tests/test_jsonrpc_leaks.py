"""A demo rep attacks another rep's customer through the external API of a running server."""

import pytest
from jsonrpc_common import user_id


@pytest.fixture
def target(session_as):
    """A customer of rep3 (the other team), seen by the administrator."""
    admin = session_as("admin", "admin")
    rep3_id = user_id(admin, "rep3")
    ids, _error = admin.call(
        "res.partner", "search", [("ad_owner_id", "=", rep3_id), ("ad_is_customer", "=", True)], limit=1
    )
    assert ids, "the demo data gives rep3 customers"
    record = admin.call("res.partner", "read", ids, ["name", "ad_customer_code", "phone"])[0][0]
    orders, _error = admin.call("sale.order", "search", [("partner_id", "=", ids[0])])
    return record, orders


def test_rep_sees_own_customers_only(session_as):
    rep1 = session_as("rep1")
    rows, error = rep1.call("res.partner", "search_read", [("ad_is_customer", "=", True)], ["ad_owner_id"])
    assert error is None
    assert rows, "rep1 owns demo customers"
    assert {row["ad_owner_id"][0] for row in rows} == {rep1.uid}


def test_search_name_search_and_read_fail(session_as, target):
    customer, _orders = target
    rep1 = session_as("rep1")
    assert rep1.call("res.partner", "search", [("id", "=", customer["id"])])[0] == []
    assert rep1.call("res.partner", "search_count", [("name", "=", customer["name"])])[0] == 0
    assert rep1.call("res.partner", "name_search", customer["name"])[0] == []
    assert rep1.call("res.partner", "name_search", customer["ad_customer_code"])[0] == []
    result, error = rep1.call("res.partner", "read", [customer["id"]], ["name", "phone"])
    assert result is None and "AccessError" in error["data"]["name"]
    result, error = rep1.call("res.partner", "web_read", [customer["id"]], specification={"name": {}})
    assert result is None and "AccessError" in error["data"]["name"]


def test_grouping_and_export_fail(session_as, target):
    customer, _orders = target
    rep1 = session_as("rep1")
    groups, error = rep1.call("res.partner", "read_group", [("ad_is_customer", "=", True)], ["name"], ["name"])
    assert error is None
    assert customer["name"] not in [g["name"] for g in groups]
    result, error = rep1.call("res.partner", "export_data", [customer["id"]], ["name", "phone"])
    assert result is None and "UserError" in error["data"]["name"], "reps may not export at all"
    manager1 = session_as("manager1")
    result, error = manager1.call("res.partner", "export_data", [customer["id"]], ["name", "phone"])
    assert result is None and "AccessError" in error["data"]["name"], "a manager exports only his teams' customers"


def test_orders_chatter_and_writes_fail(session_as, target):
    customer, orders = target
    rep1 = session_as("rep1")
    if orders:
        result, error = rep1.call("sale.order", "read", orders[:1], ["partner_id"])
        assert result is None and "AccessError" in error["data"]["name"]
    result, error = rep1.call("res.partner", "message_post", [customer["id"]], body="hello")
    assert result is None and "AccessError" in error["data"]["name"]
    result, error = rep1.call("sale.order", "create", {"partner_id": customer["id"]})
    assert result is None and "AccessError" in error["data"]["name"]
    own, _error = rep1.call("res.partner", "search", [("ad_owner_id", "=", rep1.uid)], limit=1)
    result, error = rep1.call("res.partner", "write", own, {"ad_owner_id": rep1.uid + 1})
    assert result is None and "AccessError" in error["data"]["name"]
    attachments, error = rep1.call(
        "ir.attachment", "search", [("res_model", "=", "res.partner"), ("res_id", "=", customer["id"])]
    )
    assert attachments == []


def test_contracts_bookings_and_make_goods_of_others_fail(session_as):
    admin = session_as("admin", "admin")
    rep1_id = user_id(admin, "rep1")
    contracts, _error = admin.call("ad.contract", "search_read", [("ad_owner_id", "=", rep1_id)], ["name"])
    make_goods, _error = admin.call("ad.make.good", "search", [("ad_owner_id", "=", rep1_id)])
    assert contracts and make_goods, "the demo data gives rep1 a running contract with a make-good"
    rep3 = session_as("rep3")
    own, error = rep3.call("ad.contract", "search_read", [], ["ad_owner_id"])
    assert error is None and own, "rep3 has a demo contract"
    assert {row["ad_owner_id"][0] for row in own} == {rep3.uid}
    for contract in contracts:
        assert rep3.call("ad.contract", "name_search", contract["name"])[0] == []
        result, error = rep3.call("ad.contract", "read", [contract["id"]], ["amount_committed", "partner_id"])
        assert result is None and "AccessError" in error["data"]["name"]
        response = rep3.http.get(f"{rep3.url}/report/pdf/ad_media_crm.report_ad_contract/{contract['id']}", timeout=60)
        assert contract["name"] not in response.text and response.headers.get("Content-Type") != "application/pdf"
    groups, error = rep3.call("ad.contract", "read_group", [], ["amount_committed:sum"], ["ad_owner_id"])
    assert error is None and [g["ad_owner_id"][0] for g in groups] == [rep3.uid]
    bookings, error = rep3.call("ad.booking", "search_read", [("contract_line_id", "!=", False)], ["ad_owner_id"])
    assert error is None and all(row["ad_owner_id"][0] == rep3.uid for row in bookings)
    assert rep3.call("ad.make.good", "search", [])[0] == []
    result, error = rep3.call("ad.make.good", "read", make_goods, ["reason"])
    assert result is None and "AccessError" in error["data"]["name"]
