"""Targets, assessment and lost-order analysis over JSON-RPC: a demo rep (rep1) and a manager
(manager1, who leads rep1 and rep2) reach for rep3's targets, figures and lost business. Each
attack has a control showing the same call works on what is theirs."""

import pytest
from jsonrpc_common import access_error, customer_of, user_id


@pytest.fixture
def world(session_as):
    """A target in a far month for rep1 and rep3, the assessment refreshed, and a lost
    opportunity on a customer of each."""
    admin = session_as("admin", "admin")
    ids = {}
    for login in ("rep1", "rep3"):
        uid = user_id(admin, login)
        customer = customer_of(admin, uid)
        target, error = admin.call(
            "ad.target",
            "create",
            {"user_id": uid, "period_type": "month", "date_from": "2031-01-01", "amount": 123456},
        )
        assert error is None, error
        lead, error = admin.call(
            "crm.lead",
            "create",
            {
                "name": f"{login} secret campaign",
                "type": "opportunity",
                "partner_id": customer["id"],
                "user_id": uid,
                "expected_revenue": 88000,
            },
        )
        assert error is None, error
        _result, error = admin.call("crm.lead", "action_set_lost", [lead])
        assert error is None, error
        ids[login] = {"uid": uid, "customer": customer, "target": target, "lead": lead}
    gm = session_as("gm")
    _result, error = gm.call("ad.assessment.report", "action_refresh")
    assert error is None, error
    yield admin, ids
    for login in ("rep1", "rep3"):
        admin.call("ad.target", "unlink", [ids[login]["target"]])
        admin.call("crm.lead", "unlink", [ids[login]["lead"]])


def test_targets_of_another_rep(session_as, world):
    _admin, ids = world
    rep1 = session_as("rep1")
    theirs, own = ids["rep3"], ids["rep1"]
    assert rep1.call("ad.target", "search_read", [("user_id", "=", theirs["uid"])], ["amount"])[0] == []
    assert rep1.call("ad.target", "search", [("id", "=", theirs["target"])])[0] == []
    result, error = rep1.call("ad.target", "read", [theirs["target"]], ["amount"])
    assert result is None and access_error(error)
    result, error = rep1.call("ad.target", "export_data", [theirs["target"]], ["amount"])
    assert result is None and error is not None  # reps export nothing at all
    result, error = rep1.call("ad.target", "action_copy_next_period", [theirs["target"]])
    assert result is None and access_error(error)
    groups = rep1.call("ad.target", "read_group", [], ["amount:sum"], ["user_id"])[0]
    assert theirs["uid"] not in [group["user_id"][0] for group in groups if group["user_id"]]
    # a rep reads his targets but sets none, not even his own
    for method, args in (
        ("write", ([own["target"]], {"amount": 1})),
        ("create", ({"user_id": own["uid"], "period_type": "month", "date_from": "2031-02-01", "amount": 1},)),
        ("unlink", ([own["target"]],)),
    ):
        result, error = rep1.call("ad.target", method, *args)
        assert result is None and access_error(error), method
    # control: his own target
    rows = rep1.call("ad.target", "read", [own["target"]], ["amount"])[0]
    assert rows[0]["amount"] == 123456


def test_manager_sets_only_his_teams_targets(session_as, world):
    _admin, ids = world
    manager1 = session_as("manager1")
    theirs, own = ids["rep3"], ids["rep1"]
    assert manager1.call("ad.target", "search", [("id", "=", theirs["target"])])[0] == []
    result, error = manager1.call("ad.target", "write", [theirs["target"]], {"amount": 1})
    assert result is None and access_error(error)
    result, error = manager1.call(
        "ad.target",
        "create",
        {"user_id": theirs["uid"], "period_type": "month", "date_from": "2031-03-01", "amount": 1},
    )
    assert result is None and error is not None
    # control: his team's rep
    result, error = manager1.call("ad.target", "write", [own["target"]], {"amount": 234567})
    assert error is None and result is True
    assert manager1.call("ad.target", "read", [own["target"]], ["amount"])[0][0]["amount"] == 234567


def test_assessment_of_another_rep(session_as, world):
    _admin, ids = world
    rep1 = session_as("rep1")
    theirs, own = ids["rep3"], ids["rep1"]
    Report = "ad.assessment.report"
    assert rep1.call(Report, "search", [("user_id", "=", theirs["uid"])])[0] == []
    groups = rep1.call(Report, "read_group", [], ["achieved:sum"], ["user_id"])[0]
    assert {group["user_id"][0] for group in groups if group["user_id"]} <= {own["uid"]}
    result, error = rep1.call(Report, "action_refresh")
    assert result is None and access_error(error)
    # the manager sees his team (rep1, rep2), not rep3
    manager1 = session_as("manager1")
    assert manager1.call(Report, "search", [("user_id", "=", theirs["uid"])])[0] == []
    assert manager1.call(Report, "search_count", [("user_id", "=", own["uid"])])[0] > 0
    # control: rep3 sees his own figures, rep1 his
    assert session_as("rep3").call(Report, "search_count", [("user_id", "=", theirs["uid"])])[0] > 0
    assert rep1.call(Report, "search_count", [("user_id", "=", own["uid"])])[0] > 0


def test_lost_analysis_of_another_rep(session_as, world):
    _admin, ids = world
    rep1 = session_as("rep1")
    theirs, own = ids["rep3"], ids["rep1"]
    Report = "ad.lost.report"
    assert rep1.call(Report, "search", [("lead_id", "=", theirs["lead"])])[0] == []
    assert rep1.call(Report, "search", [("name", "ilike", "rep3 secret")])[0] == []
    groups = rep1.call(Report, "read_group", [], ["amount:sum"], ["partner_id"])[0]
    assert theirs["customer"]["id"] not in [group["partner_id"][0] for group in groups if group["partner_id"]]
    row = session_as("admin", "admin").call(Report, "search", [("lead_id", "=", theirs["lead"])])[0]
    result, error = rep1.call(Report, "read", row, ["name"])
    assert result is None and access_error(error)
    # control: his own lost opportunity
    assert len(rep1.call(Report, "search", [("lead_id", "=", own["lead"])])[0]) == 1
