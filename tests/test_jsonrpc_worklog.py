"""Work log, customer reminders and work summary over JSON-RPC: a demo rep (rep1) reaches for
rep3's log, reminders and figures. Each attack has a control on rep1's own customer."""

import pytest
from jsonrpc_common import access_error, customer_of, user_id


@pytest.fixture
def world(session_as):
    admin = session_as("admin", "admin")
    ids = {}
    for login in ("rep1", "rep3"):
        uid = user_id(admin, login)
        customer = customer_of(admin, uid)
        log, error = admin.call(
            "ad.work.log", "create", {"partner_id": customer["id"], "user_id": uid, "summary": f"{login} secret visit"}
        )
        assert error is None, error
        reminder, error = admin.call(
            "ad.customer.reminder",
            "create",
            {"partner_id": customer["id"], "user_id": uid, "note": f"{login} secret reminder", "recurrence": "yearly"},
        )
        assert error is None, error
        ids[login] = {"uid": uid, "customer": customer, "log": log, "reminder": reminder}
    return admin, ids


def test_work_log_of_another_rep(session_as, world):
    _admin, ids = world
    rep1 = session_as("rep1")
    theirs, secret = ids["rep3"], ids["rep3"]["customer"]["name"]
    on_theirs = [("partner_id", "=", theirs["customer"]["id"])]
    assert rep1.call("ad.work.log", "search_read", on_theirs, ["summary"])[0] == []
    assert rep1.call("ad.work.log", "search", [("summary", "ilike", "rep3 secret")])[0] == []
    groups = rep1.call("ad.work.log", "read_group", [], ["partner_id"], ["partner_id"])[0]
    assert theirs["customer"]["id"] not in [group["partner_id"][0] for group in groups]
    result, error = rep1.call("ad.work.log", "read", [theirs["log"]], ["summary"])
    assert result is None and access_error(error)
    result, error = rep1.call("ad.work.log", "write", [theirs["log"]], {"summary": "overwritten"})
    assert result is None and access_error(error)
    result, error = rep1.call("ad.work.log", "create", {"partner_id": theirs["customer"]["id"], "summary": "Probe"})
    assert result is None and access_error(error) and secret not in error["data"]["message"]
    own = ids["rep1"]
    attempts = ({"user_id": theirs["uid"]}, {"ad_owner_id": theirs["uid"]}, {"partner_id": theirs["customer"]["id"]})
    for values in attempts:
        result, error = rep1.call("ad.work.log", "write", [own["log"]], values)
        assert result is None and access_error(error), values
    # control: his own log and customer
    assert rep1.call("ad.work.log", "read", [own["log"]], ["summary"])[0][0]["summary"] == "rep1 secret visit"
    log, error = rep1.call("ad.work.log", "create", {"partner_id": own["customer"]["id"], "summary": "Called"})
    assert error is None and log


def test_reminders_of_another_rep(session_as, world):
    _admin, ids = world
    rep1 = session_as("rep1")
    theirs = ids["rep3"]
    assert rep1.call("ad.customer.reminder", "search", [("note", "ilike", "rep3 secret")])[0] == []
    result, error = rep1.call("ad.customer.reminder", "read", [theirs["reminder"]], ["note"])
    assert result is None and access_error(error)
    result, error = rep1.call("ad.customer.reminder", "create", {"partner_id": theirs["customer"]["id"], "note": "x"})
    assert result is None and access_error(error)
    # control
    assert ids["rep1"]["reminder"] in rep1.call("ad.customer.reminder", "search", [("note", "ilike", "rep1 secret")])[0]


def test_work_summary_of_another_rep(session_as, world):
    _admin, ids = world
    rep1 = session_as("rep1")
    theirs = ids["rep3"]
    Report = "ad.work.summary.report"
    assert rep1.call(Report, "search", [("user_id", "=", theirs["uid"])])[0] == []
    assert rep1.call(Report, "search", [("partner_id", "=", theirs["customer"]["id"])])[0] == []
    groups = rep1.call(Report, "read_group", [], ["log_count:sum"], ["user_id"])[0]
    assert [group["user_id"][0] for group in groups] == [ids["rep1"]["uid"]]
    # control: rep3 sees his own row
    rep3 = session_as("rep3")
    assert rep3.call(Report, "search_count", [("user_id", "=", theirs["uid"])])[0] > 0
