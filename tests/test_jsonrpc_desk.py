"""The desk over JSON-RPC: a demo rep (rep1) asks for other people's desks and for figures
outside his rules; each attack has a control showing the legitimate call works."""

import pytest
from jsonrpc_common import access_error


def _figures(data, path=""):
    if isinstance(data, dict):
        if "action" in data and "count" in data:
            yield path, data
        for key, value in data.items():
            if key != "action":
                yield from _figures(value, f"{path}/{key}")


@pytest.fixture
def uids(session_as):
    admin = session_as("admin", "admin")
    logins = ("rep1", "rep2", "rep3", "manager1", "manager2")
    users = admin.call("res.users", "search_read", [("login", "in", logins)], ["login"])[0]
    return {user["login"]: user["id"] for user in users}


def test_rep_cannot_open_another_desk(session_as, uids):
    rep1 = session_as("rep1")
    for login in ("rep2", "rep3", "manager1"):
        result, error = rep1.call("res.users", "ad_my_desk_data", user_id=uids[login])
        assert result is None and access_error(error), login
    # control: his own desk, by default and by id
    for kwargs in ({}, {"user_id": uids["rep1"]}):
        data, error = rep1.call("res.users", "ad_my_desk_data", **kwargs)
        assert error is None, error
        assert (data["scope"], data["user_id"], data["reps"]) == ("own", uids["rep1"], [])


def test_desk_figures_are_the_reps_lists(session_as, uids):
    rep1 = session_as("rep1")
    data, error = rep1.call("res.users", "ad_my_desk_data")
    assert error is None, error
    for path, figure in _figures(data):
        action = figure["action"]
        count, error = rep1.call(action["res_model"], "search_count", action["domain"])
        assert error is None and count == figure["count"], path
        if action["res_model"] in ("sale.order", "account.move", "ad.contract", "ad.receivable.report"):
            owners, error = rep1.call(action["res_model"], "read_group", action["domain"], [], ["ad_owner_id"])
            assert error is None, error
            assert {group["ad_owner_id"][0] for group in owners if group["ad_owner_id"]} <= {uids["rep1"]}, path
    # the desk's helpers are private: no figure over a domain of the caller's choosing
    result, error = rep1.call("res.users", "_ad_desk_figure", "x", "sale.order", [])
    assert result is None and error is not None


def test_manager_opens_his_reps_desks_only(session_as, uids):
    manager1 = session_as("manager1")
    for login in ("rep3", "manager2"):
        result, error = manager1.call("res.users", "ad_my_desk_data", user_id=uids[login])
        assert result is None and access_error(error), login
    data, error = manager1.call("res.users", "ad_my_desk_data", user_id=uids["rep2"])
    assert error is None, error
    assert (data["scope"], data["user_id"]) == ("own", uids["rep2"])
    team, error = manager1.call("res.users", "ad_my_desk_data")
    assert error is None and team["scope"] == "team"
    assert {rep["id"] for rep in team["reps"]} == {uids["rep1"], uids["rep2"]}
