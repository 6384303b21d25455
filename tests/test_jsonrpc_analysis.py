"""Customer analysis over JSON-RPC: a demo rep (rep1) reaches for the analysis row of rep3's
customer (search, read, grouped reads, export), refreshes the figures and sets an ABC class;
each attack has a control on rep1's own customer."""

import pytest
from jsonrpc_common import access_error, customer_of, user_id

MODEL = "ad.customer.analysis"


@pytest.fixture
def rows(session_as):
    """A customer of rep1 and one of rep3, with their analysis rows (read by the admin)."""
    admin = session_as("admin", "admin")
    ids = {}
    for login in ("rep1", "rep3"):
        uid = user_id(admin, login)
        customer = customer_of(admin, uid)["id"]
        row = admin.call(MODEL, "search", [("partner_id", "=", customer)])[0]
        assert row, f"no analysis row for {login}'s customer"
        ids[login] = {"uid": uid, "customer": customer, "row": row[0]}
    return ids


def test_analysis_of_another_reps_customer(session_as, rows):
    rep1 = session_as("rep1")
    other, own = rows["rep3"], rows["rep1"]
    domain = [("partner_id", "=", other["customer"])]
    assert rep1.call(MODEL, "search_read", domain, ["spend", "receivable_amount"])[0] == []
    assert rep1.call(MODEL, "search", [("id", "=", other["row"])])[0] == []
    assert rep1.call(MODEL, "search_count", [("ad_owner_id", "=", other["uid"])])[0] == 0
    groups = rep1.call(MODEL, "read_group", domain, ["spend:sum", "days_to_pay"], [])[0]
    assert groups[0]["__count"] == 0
    groups = rep1.call(MODEL, "read_group", [], ["spend:sum"], ["ad_owner_id"], lazy=False)[0]
    owners = {group["ad_owner_id"][0] for group in groups if group["ad_owner_id"]}
    assert other["uid"] not in owners and own["uid"] in owners
    groups = rep1.call(MODEL, "web_read_group", domain, ["spend:sum"], ["partner_id"])[0]
    assert groups["length"] == 0
    for method, args in (
        ("read", [[other["row"]], ["spend", "partner_id"]]),
        ("web_read", [[other["row"]], {"spend": {}, "partner_id": {}}]),
    ):
        result, error = rep1.call(MODEL, method, *args)
        assert result is None and access_error(error), method
    # reps do not export at all (no "Export" right)
    result, error = rep1.call(MODEL, "export_data", [other["row"]], ["partner_id", "spend", "receivable_amount"])
    assert result is None and error is not None
    # control: his own customer's row
    result = rep1.call(MODEL, "read", [own["row"]], ["spend", "partner_id"])[0]
    assert result[0]["partner_id"][0] == own["customer"]
    domain = [("partner_id", "=", own["customer"])]
    assert rep1.call(MODEL, "search", domain)[0] == [own["row"]]


def test_export_by_another_teams_manager(session_as, rows):
    """manager1 leads rep1's team, not rep3's: he exports his team's rows only."""
    manager1 = session_as("manager1")
    result, error = manager1.call(MODEL, "export_data", [rows["rep3"]["row"]], ["partner_id", "spend"])
    assert result is None and access_error(error)
    exported = manager1.call(MODEL, "export_data", [rows["rep1"]["row"]], ["partner_id", "spend"])[0]
    assert len(exported["datas"]) == 1


def test_refresh_and_abc_class_are_not_for_reps(session_as, rows):
    rep1 = session_as("rep1")
    result, error = rep1.call(MODEL, "action_refresh")
    assert result is None and access_error(error)
    own = rows["rep1"]["customer"]
    result, error = rep1.call("res.partner", "write", [own], {"ad_abc_class": "a"})
    assert result is None and access_error(error)
    result, error = rep1.call("res.partner", "_ad_refresh_abc_classes")
    assert result is None and error is not None  # a private method is not callable over RPC
    # control: he reads his customer's class, and filters his customers by it
    classes = rep1.call("res.partner", "read", [own], ["ad_abc_class"])[0]
    assert classes[0]["ad_abc_class"] in ("a", "b", "c")
    assert rep1.call("res.partner", "search", [("ad_abc_class", "in", ["a", "b", "c"]), ("id", "=", own)])[0] == [own]


def test_sales_by_medium_of_another_reps_customers(session_as, rows):
    admin = session_as("admin", "admin")
    other, own = rows["rep3"], rows["rep1"]
    cells = {
        login: admin.call("ad.sales.report", "search", [("ad_owner_id", "=", rows[login]["uid"])])[0]
        for login in ("rep1", "rep3")
    }
    assert cells["rep1"] and cells["rep3"], "the demo has confirmed orders of both reps' customers"
    rep1 = session_as("rep1")
    domain = [("ad_owner_id", "=", other["uid"])]
    assert rep1.call("ad.sales.report", "search_read", domain, ["amount"])[0] == []
    groups = rep1.call("ad.sales.report", "read_group", [], ["amount:sum"], ["ad_owner_id"], lazy=False)[0]
    assert other["uid"] not in {group["ad_owner_id"][0] for group in groups if group["ad_owner_id"]}
    result, error = rep1.call("ad.sales.report", "read", cells["rep3"][:1], ["amount", "medium_id"])
    assert result is None and access_error(error)
    result, error = rep1.call("ad.sales.report", "action_refresh")
    assert result is None and access_error(error)
    # control: his own customers' cells
    mine = rep1.call("ad.sales.report", "search", [("ad_owner_id", "=", own["uid"])])[0]
    assert sorted(mine) == sorted(cells["rep1"])
