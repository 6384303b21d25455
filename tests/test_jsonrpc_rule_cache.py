"""Attacks over JSON-RPC on the compiled-rules cache (ir.rule._ad_apply_rules): the plain part
of a user's record rules is compiled to SQL once per distinct domain and shared by every user
and request. A demo rep (rep1) tries to get more than Odoo's own rules give him: the cache
warmed by other users or under other contexts, stale after a handover, a demotion, a team or
rule change, odd company ids in the context, many2many group-bys and reads (which apply
res.partner's rules on a separate query), concurrent requests. Each attack has a control on
rep1's own customer showing the same call works there."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from jsonrpc_common import access_error, user_id

# context keys that change how Odoo compiles some leaves (not the plain ones) or the ORM's paths
CONTEXTS = (
    {},
    {"active_test": False},
    {"lang": "zh_CN", "tz": "Asia/Shanghai"},
    {"allowed_company_ids": [1]},
    {"ad_natural_order": True, "bin_size": True},
    {"default_ad_owner_id": None, "default_user_id": None, "search_default_ad_owner_id": None},
)
DOCUMENTS = ("sale.order", "crm.lead", "account.move")


def _customer(admin, uid):
    """A customer owned by ``uid`` (state "owned") with orders: {"id", "name"}."""
    domain = [("ad_owner_id", "=", uid), ("ad_is_customer", "=", True), ("ad_ownership_state", "=", "owned"),
              ("sale_order_ids", "!=", False)]  # fmt: skip
    customers = admin.call("res.partner", "search_read", domain, ["name"], limit=1, order="id")[0]
    assert customers, f"the demo has a customer of user {uid} with orders"
    return customers[0]


def _clear_caches(admin):
    """Empty the registry's caches (writing a record rule does), so that the next search compiles."""
    rule = admin.call("ir.model.data", "check_object_reference", "ad_media_crm", "res_partner_rule_ad_owner")[0][1]
    _result, error = admin.call("ir.rule", "write", [rule], {"active": True})
    assert error is None, error


def _allocate(admin, customer, uid, reason):
    wizard, error = admin.call(
        "ad.customer.allocate", "create", {"partner_ids": [(6, 0, [customer])], "user_id": uid, "reason": reason}
    )
    assert error is None, error
    _result, error = admin.call("ad.customer.allocate", "action_allocate", [wizard])
    assert error is None, error


def _visible(session, customer_id, context=None):
    """Whether ``session`` finds ``customer_id`` and its orders by search (the cached path)."""
    kwargs = {"context": context} if context else {}
    partners, error = session.call("res.partner", "search", [("id", "=", customer_id)], **kwargs)
    assert error is None, error
    orders, error = session.call("sale.order", "search_count", [("partner_id", "child_of", customer_id)], **kwargs)
    assert error is None, error
    return bool(partners), orders


@pytest.fixture
def world(session_as):
    admin = session_as("admin", "admin")
    ids = {login: {"uid": user_id(admin, login)} for login in ("rep1", "rep3", "manager1", "manager2", "office")}
    for login in ("rep1", "rep3"):
        ids[login]["customer"] = _customer(admin, ids[login]["uid"])
    return admin, ids


def test_cache_warmed_by_other_users_and_contexts(session_as, world):
    """The office (sees all), rep3's manager and rep3 compile their rules first, under every
    context; rep1 then searches rep3's customer and documents through every read path."""
    admin, ids = world
    _clear_caches(admin)
    others = [session_as(login) for login in ("office", "manager2", "rep3")]
    target, target_name = ids["rep3"]["customer"]["id"], ids["rep3"]["customer"]["name"]
    for context in CONTEXTS:
        for other in others:
            for model in ("res.partner", *DOCUMENTS):
                _result, error = other.call(model, "search_count", [], context=context)
                assert error is None, error
    rep1 = session_as("rep1")
    own, own_name = ids["rep1"]["customer"]["id"], ids["rep1"]["customer"]["name"]
    for context in CONTEXTS:
        for customer, name, seen in ((target, target_name, False), (own, own_name, True)):  # attack, control
            partners, error = rep1.call("res.partner", "search", [("id", "=", customer)], context=context)
            assert error is None and bool(partners) is seen, (context, customer)
            owner = ids["rep3" if customer == target else "rep1"]["uid"]
            count, error = rep1.call("res.partner", "search_count", [("ad_owner_id", "=", owner)], context=context)
            assert error is None and bool(count) is seen, (context, customer)
            found, error = rep1.call("res.partner", "name_search", name, [], "=", context=context)
            assert error is None and (customer in [row[0] for row in found]) is seen, (context, customer)
            groups, error = rep1.call(
                "res.partner", "read_group", [("ad_owner_id", "=", owner)], ["ad_owner_id"], ["ad_owner_id"],
                context=context,
            )  # fmt: skip
            assert error is None and bool(groups) is seen, (context, customer)
            web, error = rep1.call(
                "res.partner", "web_read_group", [("id", "=", customer)], ["id:count"], ["ad_owner_id"],
                context=context,
            )  # fmt: skip
            assert error is None and bool(web["groups"]) is seen, (context, customer)
            for model in DOCUMENTS:
                docs, error = rep1.call(model, "search", [("partner_id", "child_of", customer)], context=context)
                assert error is None, error
                if not seen:
                    assert docs == [], (context, model)
            orders, error = rep1.call(
                "sale.order", "web_search_read", [("partner_id", "child_of", customer)], {"partner_id": {}},
                context=context,
            )  # fmt: skip
            assert error is None and bool(orders["length"]) is seen, (context, customer)
    # a read by id is the access check, not the cache (reps cannot export at all)
    result, error = rep1.call("res.partner", "read", [target], ["name"])
    assert result is None and access_error(error) and target_name not in error["data"]["message"]
    result, error = rep1.call("res.partner", "export_data", [target], ["name"])
    assert result is None and error is not None and target_name not in error["data"]["message"]
    result, error = rep1.call("res.partner", "read", [own], ["name"])
    assert error is None and result[0]["name"] == own_name


def test_stale_rules_after_a_handover(session_as, world):
    """The cache holds SQL, not rows: once the office gives rep1's customer to rep3, rep1's
    searches (compiled before the transfer) no longer find it or its orders, rep3's do."""
    admin, ids = world
    rep1, rep3 = session_as("rep1"), session_as("rep3")
    customer = ids["rep1"]["customer"]["id"]
    seen, orders = _visible(rep1, customer)
    assert seen and orders, "control: rep1 finds his customer and its orders"
    assert _visible(rep3, customer) == (False, 0)
    _allocate(admin, customer, ids["rep3"]["uid"], "rule cache: handover")
    try:
        for context in CONTEXTS:
            assert _visible(rep1, customer, context) == (False, 0), context
            assert _visible(rep3, customer, context) == (True, orders), context
    finally:
        _allocate(admin, customer, ids["rep1"]["uid"], "rule cache: back to rep1")
    assert _visible(rep1, customer) == (True, orders)
    assert _visible(rep3, customer) == (False, 0)


def test_stale_rules_after_a_manager_is_demoted(session_as, world):
    """manager1 sees rep1's customer (his team's); demoted to rep he no longer does, though his
    team branch was compiled and cached just before."""
    admin, ids = world
    manager1 = session_as("manager1")
    customer = ids["rep1"]["customer"]["id"]
    manager_group = admin.call("ir.model.data", "check_object_reference", "ad_media_crm", "group_ad_manager")[0][1]
    rep_group = admin.call("ir.model.data", "check_object_reference", "ad_media_crm", "group_ad_rep")[0][1]
    groups = admin.call("res.users", "read", [ids["manager1"]["uid"]], ["groups_id"])[0][0]["groups_id"]
    assert _visible(manager1, customer)[0], "control: a manager sees his team's customer"
    _result, error = admin.call(
        "res.users", "write", [ids["manager1"]["uid"]], {"groups_id": [(3, manager_group), (4, rep_group)]}
    )
    assert error is None, error
    try:
        for context in CONTEXTS:
            assert _visible(manager1, customer, context) == (False, 0), context
    finally:
        admin.call("res.users", "write", [ids["manager1"]["uid"]], {"groups_id": [(6, 0, groups)]})
    assert _visible(manager1, customer)[0]


def test_stale_rules_after_a_team_changes_its_leader(session_as, world):
    """manager1 takes over rep3's team: he sees rep3's customer; given back, he no longer does."""
    admin, ids = world
    manager1 = session_as("manager1")
    customer = ids["rep3"]["customer"]["id"]
    team = admin.call("res.partner", "read", [customer], ["ad_team_id"])[0][0]["ad_team_id"][0]
    leader = admin.call("crm.team", "read", [team], ["user_id"])[0][0]["user_id"][0]
    assert leader == ids["manager2"]["uid"]
    assert _visible(manager1, customer) == (False, 0)
    _result, error = admin.call("crm.team", "write", [team], {"user_id": ids["manager1"]["uid"]})
    assert error is None, error
    try:
        seen, orders = _visible(manager1, customer)
        assert seen and orders, "control: the new leader sees the team's customer"
    finally:
        admin.call("crm.team", "write", [team], {"user_id": leader})
    assert _visible(manager1, customer) == (False, 0)


def test_stale_rules_after_a_rule_edit(session_as, world):
    """A global rule added after rep1's rules were compiled applies at once, and stops applying
    once deleted (the cache is keyed by the rules' domain, not by the user)."""
    admin, ids = world
    rep1 = session_as("rep1")
    own = ids["rep1"]["customer"]["id"]
    assert _visible(rep1, own)[0], "control: rep1 finds his customer"
    model = admin.call("ir.model", "search", [("model", "=", "res.partner")])[0][0]
    rule, error = admin.call(
        "ir.rule", "create", {"name": "rule cache: hide one customer", "model_id": model,
                              "domain_force": f"[('id', '!=', {own})]"},
    )  # fmt: skip
    assert error is None, error
    try:
        assert rep1.call("res.partner", "search", [("id", "=", own)])[0] == []
        assert rep1.call("res.partner", "search", [("id", "=", own)], context={"active_test": False})[0] == []
    finally:
        admin.call("ir.rule", "unlink", [rule])
    assert rep1.call("res.partner", "search", [("id", "=", own)])[0] == [own]


def test_odd_company_ids_in_the_context(session_as, world):
    """allowed_company_ids is the one rule value a user chooses. A boolean or float equals an
    id for Python (True == 1), so the cache key of ``company_id in [True]`` equals that of
    ``[1]``: rep1's odd values must neither widen his view nor break other users' searches."""
    admin, ids = world
    rep1 = session_as("rep1")
    others = {login: session_as(login) for login in ("rep3", "office", "manager1")}
    own, target = ids["rep1"]["customer"]["id"], ids["rep3"]["customer"]["id"]
    baseline = {login: _counts(other) for login, other in others.items()}
    for odd in ([True], [1, True], [1.0], [1, 1.0], [1, 1], ["1"], [0], [False], [None]):
        _clear_caches(admin)
        for customer in (target, own):
            for model in ("res.partner", "sale.order"):
                field = "id" if model == "res.partner" else "partner_id"
                context = {"allowed_company_ids": odd}
                found, error = rep1.call(model, "search", [(field, "=", customer)], context=context)
                assert error is not None or customer == own or found == [], (odd, model)
        for login, other in others.items():
            assert _counts(other) == baseline[login], (odd, login)
    # control: rep1's own customer with his company
    assert _visible(rep1, own, {"allowed_company_ids": [1]})[0]


def _counts(session):
    counts = []
    for model in ("res.partner", *DOCUMENTS):
        count, error = session.call(model, "search_count", [], context={"allowed_company_ids": [1]})
        assert error is None, error
        counts.append(count)
    return counts


BRANCH = "规则缓存测试分公司"


@pytest.fixture
def two_companies(session_as):
    """A second company, allowed to the office and the director (gm) for the test only."""
    admin = session_as("admin", "admin")
    company = admin.call("res.company", "search", [("name", "=", BRANCH)])[0]
    company = company[0] if company else admin.call("res.company", "create", {"name": BRANCH})[0]
    users = [user_id(admin, login) for login in ("office", "gm")]
    _result, error = admin.call("res.users", "write", users, {"company_ids": [(4, company)]})
    assert error is None, error
    try:
        yield admin, company
    finally:
        admin.call("res.users", "write", users, {"company_ids": [(3, company)]})
        _clear_caches(admin)


def test_a_boolean_company_id_cannot_poison_another_users_rules(session_as, two_companies):
    """Found by this attack on a first version of the cache, keyed on the rule domain alone:
    a boolean company id (True == 1) let the office's failing SQL ``company_id IN (2, true)``
    serve the director's equal-looking rules (2, 1), and every search of his on orders failed
    until the caches were cleared. The compiled rules are now cached per user, as Odoo caches
    the rule domain itself: one user's context cannot reach another's searches."""
    admin, company = two_companies
    office, director = session_as("office"), session_as("gm")
    companies = {"allowed_company_ids": [company, 1]}
    baseline, error = director.call("sale.order", "search_count", [], context=companies)
    assert error is None and baseline, "control: the director counts the orders of his companies"
    _clear_caches(admin)
    office.call("sale.order", "search_count", [], context={"allowed_company_ids": [company, True]})  # fails
    count, error = director.call("sale.order", "search_count", [], context=companies)
    assert error is None and count == baseline, error and error["data"]["message"]
    # control: the office's own searches in the same companies (in the other order: Odoo's own
    # per-user cache of rule domains confuses his (2, true) with his (2, 1), in Odoo too)
    count, error = office.call("sale.order", "search_count", [], context={"allowed_company_ids": [1, company]})
    assert error is None and count == baseline


def test_many2many_group_by_applies_the_partners_rules(session_as, world):
    """A meeting of rep1's (visible to him) with his customer and rep3's as attendees: the
    many2many group-by (res.partner's rules on a separate query, compiled first for the office)
    shows his customer's group, never rep3's."""
    admin, ids = world
    rep1 = session_as("rep1")
    own, target = ids["rep1"]["customer"], ids["rep3"]["customer"]
    event, error = admin.call(
        "calendar.event", "create",
        {"name": "rule cache: meeting", "user_id": ids["rep1"]["uid"],
         "partner_ids": [(6, 0, [own["id"], target["id"]])],
         "start": "2026-12-01 09:00:00", "stop": "2026-12-01 10:00:00"},
    )  # fmt: skip
    assert error is None, error
    try:
        _clear_caches(admin)
        for context in CONTEXTS:
            for session in (session_as("office"), rep1):  # warmed by the office first, then rep1
                groups, error = session.call(
                    "calendar.event", "read_group", [("id", "=", event)], ["partner_ids"], ["partner_ids"],
                    context=context,
                )  # fmt: skip
                assert error is None, error
                partners = {group["partner_ids"][0] for group in groups if group["partner_ids"]}
                assert own["id"] in partners, "control: his customer's group"
                assert (target["id"] in partners) is (session is not rep1), context
                if session is rep1:
                    assert target["name"] not in str(groups)
            # (reading the meeting's partner_ids lists every attendee: calendar reads them as superuser)
            names, error = rep1.call("res.partner", "search_read", [("id", "in", [own["id"], target["id"]])], ["name"],
                                     context=context)  # fmt: skip
            assert error is None and [row["id"] for row in names] == [own["id"]], context
    finally:
        admin.call("calendar.event", "unlink", [event])


def test_concurrent_first_compilations(session_as, world):
    """Right after the caches are emptied, users compile their rules at the same time (threads of
    one server): each gets exactly what he gets alone."""
    admin, ids = world
    logins = ("rep1", "rep3", "manager1", "manager2", "office")
    sessions = {login: session_as(login) for login in logins}
    probe = (ids["rep1"]["customer"]["id"], ids["rep3"]["customer"]["id"])

    def seen(login):
        found = []
        for model in ("res.partner", "sale.order"):
            field = "id" if model == "res.partner" else "partner_id"
            result, error = sessions[login].call(model, "search", [(field, "in", list(probe))], order="id")
            assert error is None, error
            found.append(sorted(result))
        return found

    alone = {login: seen(login) for login in logins}
    assert alone["rep1"][0] == [probe[0]] and alone["rep3"][0] == [probe[1]], "control: each rep his customer"
    for _round in range(3):
        _clear_caches(admin)
        with ThreadPoolExecutor(max_workers=len(logins)) as pool:
            together = list(pool.map(seen, logins * 2))
        assert together == [alone[login] for login in logins * 2]


def test_sales_team_figures_use_the_readers_rules(session_as, world):
    """The sales teams' dashboard figures are raw SQL on sale.order with the reader's rules
    (sale's crm.team applies sale.order's _apply_ir_rules, then cr.execute): rep1 reading rep3's
    team counts only the quotations he can search, after the office compiled its rules."""
    admin, ids = world
    rep1, office = session_as("rep1"), session_as("office")
    own_team = admin.call("res.partner", "read", [ids["rep1"]["customer"]["id"]], ["ad_team_id"])[0][0]["ad_team_id"][0]
    other_team = admin.call("res.partner", "read", [ids["rep3"]["customer"]["id"]], ["ad_team_id"])[0][0]
    other_team = other_team["ad_team_id"][0]
    _clear_caches(admin)
    figures = {}
    for who, session in (("office", office), ("rep1", rep1)):
        for team in (other_team, own_team):
            read, error = session.call("crm.team", "read", [team], ["quotations_count", "quotations_amount"])
            assert error is None, error
            domain = [("team_id", "=", team), ("state", "in", ["draft", "sent"])]
            searched, error = session.call("sale.order", "search_read", domain, ["amount_total"])
            assert error is None, error
            assert read[0]["quotations_count"] == len(searched), (who, team)
            figures[who, team] = read[0]["quotations_count"]
    assert figures["rep1", own_team] > 0, "control: rep1 counts his team's quotations of his customers"
    assert figures["rep1", other_team] <= figures["office", other_team]
