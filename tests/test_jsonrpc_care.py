"""Customer care over JSON-RPC: the care cron fires a birthday rule for a contact of rep1's and
of rep3's customers; rep1 reaches for rep3's care log, the rules and the segment mailings.
Each attack has a control on rep1's own customer."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from jsonrpc_common import access_error, customer_of, user_id


@pytest.fixture
def world(session_as):
    admin = session_as("admin", "admin")
    # tomorrow in Shanghai: within two days ahead whether the company's day is Shanghai's or UTC's
    birthday = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(days=1)).date().replace(year=1980)
    ids = {}
    for login in ("rep1", "rep3"):
        uid = user_id(admin, login)
        customer = customer_of(admin, uid)
        contact, error = admin.call(
            "res.partner",
            "create",
            {"name": f"{login} secret contact", "parent_id": customer["id"], "ad_birthday": str(birthday)},
        )
        assert error is None, error
        ids[login] = {"uid": uid, "customer": customer, "contact": contact}
    rule, error = admin.call(
        "ad.care.rule",
        "create",
        {
            "name": "JSON-RPC birthday",
            "kind": "contact_birthday",
            "days": 2,
            "action": "activity",
            "segment_domain": repr([("id", "in", [ids[login]["customer"]["id"] for login in ids])]),
        },
    )
    assert error is None, error
    xmlid = [("module", "=", "ad_media_crm"), ("name", "=", "ir_cron_ad_care")]
    cron = admin.call("ir.model.data", "search_read", xmlid, ["res_id"])[0][0]["res_id"]
    _result, error = admin.call("ir.cron", "method_direct_trigger", [cron])
    assert error is None, error
    logs = admin.call("ad.care.log", "search_read", [("rule_id", "=", rule)], ["partner_id", "target_id"])[0]
    for own in ids.values():  # the demo's own birthday (in three days) may fall in the window too
        own["logs"] = [log["id"] for log in logs if log["partner_id"][0] == own["customer"]["id"]]
        own["log"] = next(log["id"] for log in logs if log["target_id"][0] == own["contact"])
    yield admin, ids, rule
    admin.call("ad.care.rule", "unlink", [rule])
    admin.call("res.partner", "unlink", [ids[login]["contact"] for login in ids])


def test_care_log_of_another_rep(session_as, world):
    _admin, ids, rule = world
    rep1 = session_as("rep1")
    theirs, own = ids["rep3"], ids["rep1"]
    Log = "ad.care.log"
    assert rep1.call(Log, "search_read", [("partner_id", "=", theirs["customer"]["id"])], ["occurrence"])[0] == []
    assert rep1.call(Log, "search", [("target_id.name", "ilike", "rep3 secret")])[0] == []
    assert rep1.call(Log, "search_count", [("rule_id", "=", rule)])[0] == len(own["logs"])
    groups = rep1.call(Log, "read_group", [("rule_id", "=", rule)], ["partner_id"], ["partner_id"])[0]
    assert [group["partner_id"][0] for group in groups] == [own["customer"]["id"]]
    groups = rep1.call(Log, "read_group", [], ["ad_owner_id"], ["ad_owner_id"])[0]
    assert theirs["uid"] not in [group["ad_owner_id"][0] for group in groups if group["ad_owner_id"]]
    result, error = rep1.call(Log, "read", [theirs["log"]], ["target_id", "occurrence"])
    assert result is None and access_error(error)
    result, error = rep1.call(Log, "unlink", [theirs["log"]])
    assert result is None and access_error(error)
    for values in ({"occurrence": "1999"}, {"partner_id": theirs["customer"]["id"]}):
        result, error = rep1.call(Log, "write", [own["log"]], values)
        assert result is None and access_error(error), values
    result, error = rep1.call(
        Log,
        "create",
        {"rule_id": rule, "partner_id": theirs["customer"]["id"], "target_id": theirs["contact"],
         "occurrence": "x", "date": "2030-01-01", "channel": "activity"},
    )  # fmt: skip
    assert result is None and access_error(error)
    # the rule's count of logs is what he sees
    assert rep1.call("ad.care.rule", "read", [rule], ["log_count"])[0][0]["log_count"] == len(own["logs"])
    # control: his own log
    log = rep1.call(Log, "read", [own["log"]], ["target_id", "occurrence"])[0][0]
    assert log["target_id"][0] == own["contact"]


def test_rules_and_mailings_are_not_a_rep_s(session_as, world):
    _admin, ids, rule = world
    rep1 = session_as("rep1")
    result, error = rep1.call("ad.care.rule", "write", [rule], {"segment_domain": "[]"})
    assert result is None and access_error(error)
    result, error = rep1.call("ad.care.rule", "create", {"name": "Mine", "kind": "lapsed", "days": 5})
    assert result is None and access_error(error)
    result, error = rep1.call("ir.cron", "method_direct_trigger", [1])
    assert result is None and access_error(error)
    for model in ("mailing.trace", "mailing.mailing"):
        result, error = rep1.call(model, "search_read", [], ["id"])
        assert result is None and access_error(error), model
    # control: he reads the rule itself
    assert rep1.call("ad.care.rule", "read", [rule], ["name"])[0][0]["name"] == "JSON-RPC birthday"
    assert ids["rep1"]["log"]
