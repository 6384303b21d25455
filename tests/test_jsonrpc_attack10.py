"""Attacks over JSON-RPC and HTTP on the receivables, statements, reports, targets and
assessment: a demo rep (rep1) reaches for rep3's customer. Each attack has a control on rep1's
own customer showing the same call works. Tests marked FOUND failed when the review wrote
them (the leak it found) and pass since the fix named there."""

import pytest
from jsonrpc_common import access_error, customer_of, user_id

STATEMENT = "ad_media_crm.report_ad_customer_statement"
CARD = "ad_media_crm.report_ad_customer_card"
ASSESSMENT = "ad_media_crm.report_ad_assessment"


def _paid_invoice(admin, customer, amount):
    """An invoice for ``customer``, posted and half paid by the admin: one partial reconciliation."""
    invoice, error = admin.call(
        "account.move",
        "create",
        {"move_type": "out_invoice", "partner_id": customer,
         "invoice_line_ids": [(0, 0, {"name": "Back page", "price_unit": amount, "tax_ids": [(6, 0, [])]})]},
    )  # fmt: skip
    assert error is None, error
    _result, error = admin.call("account.move", "action_post", [invoice])
    assert error is None, error
    context = {"active_model": "account.move", "active_ids": [invoice]}
    wizard, error = admin.call(
        "account.payment.register",
        "create",
        {"amount": amount / 2, "payment_difference_handling": "open"},
        context=context,
    )
    assert error is None, error
    _result, error = admin.call("account.payment.register", "action_create_payments", [wizard], context=context)
    assert error is None, error
    name = admin.call("account.move", "read", [invoice], ["name"])[0][0]["name"]
    line = admin.call(
        "account.move.line", "search", [("move_id", "=", invoice), ("account_type", "=", "asset_receivable")]
    )[0]
    partial = admin.call("account.partial.reconcile", "search", [("debit_move_id", "in", line)])[0]
    assert len(partial) == 1
    return {"invoice": invoice, "name": name, "partial": partial[0]}


@pytest.fixture
def world(session_as):
    admin = session_as("admin", "admin")
    ids = {}
    for login, amount in (("rep1", 4242.0), ("rep3", 8686.0)):
        uid = user_id(admin, login)
        customer = customer_of(admin, uid)
        ids[login] = {
            "uid": uid,
            "customer": customer,
            "amount": amount,
            **_paid_invoice(admin, customer["id"], amount),
        }
    return admin, ids


def test_partial_reconciliations_of_another_reps_customer(session_as, world):
    # FOUND: account.partial.reconcile was readable by every salesperson (sale's ACL, no rule):
    # rep1 read the amounts, dates and invoice numbers of every customer's payments. Fixed by
    # account_partial_reconcile_rule_ad_owner (both matched items must be visible).
    _admin, ids = world
    rep1 = session_as("rep1")
    theirs, own = ids["rep3"], ids["rep1"]
    fields = ["debit_move_id", "credit_move_id", "amount", "max_date"]
    rows, error = rep1.call("account.partial.reconcile", "search_read", [], fields)
    assert error is None, error
    assert theirs["partial"] not in [row["id"] for row in rows]
    assert not [row for row in rows if theirs["name"] in (row["debit_move_id"] or [0, ""])[1]]
    groups = rep1.call("account.partial.reconcile", "read_group", [], ["amount:sum"], ["debit_move_id"])[0]
    assert not [group for group in groups if theirs["name"] in group["debit_move_id"][1]]
    result, error = rep1.call("account.partial.reconcile", "read", [theirs["partial"]], fields)
    assert result is None and access_error(error)
    # control: the partial reconciliation of his own customer's invoice (the statement reads it)
    row = rep1.call("account.partial.reconcile", "read", [own["partial"]], fields)[0][0]
    assert row["amount"] == own["amount"] / 2 and own["name"] in row["debit_move_id"][1]


def test_receivables_through_relations(session_as, world):
    _admin, ids = world
    rep1 = session_as("rep1")
    theirs, own = ids["rep3"], ids["rep1"]
    Report = "ad.receivable.report"
    for path, value in (("move_id.partner_id.name", theirs["customer"]["name"]), ("move_id.name", theirs["name"])):
        assert rep1.call(Report, "search_count", [(path, "=", value)])[0] == 0, path
    assert theirs["name"] not in [name for _id, name in rep1.call(Report, "name_search", theirs["name"])[0]]
    assert rep1.call(Report, "search_count", [("amount_residual", "=", theirs["amount"] / 2)])[0] == 0
    managed = [("ad_managed", "=", True)]  # the non-managed rows: see the two findings below
    groups = rep1.call(Report, "read_group", managed, ["amount_residual:sum"], ["ad_owner_id"])[0]
    owners = [group["ad_owner_id"] and group["ad_owner_id"][0] for group in groups]
    assert theirs["uid"] not in owners and own["uid"] in owners
    result, error = rep1.call(
        "account.move.line", "search_read", [("move_id", "=", theirs["invoice"])], ["amount_residual"]
    )
    assert error is None and result == []
    # control: his own open item through the same paths
    assert rep1.call(Report, "search_count", [("move_id.name", "=", own["name"])])[0] == 1
    assert own["name"] in [name for _id, name in rep1.call(Report, "name_search", own["name"])[0]]
    lines = rep1.call("account.move.line", "search", [("move_id", "=", own["invoice"])])[0]
    assert lines


def test_reports_by_url_with_another_customer_among_the_ids(session_as, world):
    admin, ids = world
    rep1 = session_as("rep1")
    theirs, own = ids["rep3"]["customer"], ids["rep1"]["customer"]
    for report in (STATEMENT, CARD):
        for fmt in ("html", "pdf"):
            response = rep1.http.get(f"{rep1.url}/report/{fmt}/{report}/{own['id']},{theirs['id']}", timeout=120)
            assert response.status_code != 200, (report, fmt)
            assert theirs["name"] not in response.text
    rows = admin.call("ad.assessment.report", "search", [("user_id", "=", ids["rep3"]["uid"])], limit=3)[0]
    if rows:
        response = rep1.http.get(f"{rep1.url}/report/html/{ASSESSMENT}/{','.join(map(str, rows))}", timeout=120)
        assert response.status_code != 200
    # control: both customer reports and his own assessment rows
    for report in (STATEMENT, CARD):
        response = rep1.http.get(f"{rep1.url}/report/html/{report}/{own['id']}", timeout=120)
        assert response.status_code == 200 and own["name"] in response.text, report
    own_rows = rep1.call("ad.assessment.report", "search", [("user_id", "=", ids["rep1"]["uid"])], limit=3)[0]
    if own_rows:
        response = rep1.http.get(f"{rep1.url}/report/html/{ASSESSMENT}/{','.join(map(str, own_rows))}", timeout=120)
        assert response.status_code == 200


def test_targets_and_assessment_of_another_rep(session_as, world):
    admin, ids = world
    rep1 = session_as("rep1")
    other_uid, own_uid = ids["rep3"]["uid"], ids["rep1"]["uid"]
    theirs = admin.call("ad.target", "search", [("user_id", "=", other_uid)], limit=1)[0]
    assert rep1.call("ad.target", "search", [("user_id", "!=", own_uid)])[0] == []
    if theirs:
        result, error = rep1.call("ad.target", "read", theirs, ["amount"])
        assert result is None and access_error(error)
    result, error = rep1.call("ad.target", "create", {"user_id": own_uid, "amount": 1})
    assert result is None and error is not None
    groups = rep1.call("ad.assessment.report", "read_group", [], [], ["user_id"])[0]
    assert {group["user_id"][0] for group in groups} <= {own_uid}
    groups = rep1.call("ad.work.summary.report", "read_group", [], [], ["user_id"])[0]
    assert {group["user_id"][0] for group in groups} <= {own_uid}
    result, error = rep1.call("ad.assessment.report", "action_refresh")
    assert result is None and access_error(error)
    # control: his own targets
    own = admin.call("ad.target", "search", [("user_id", "=", own_uid)])[0]
    assert set(rep1.call("ad.target", "search", [])[0]) == set(own)


def test_receivables_of_a_partner_outside_the_addon(session_as, world):
    # FOUND (fixed: the report's rule has no non-managed branch): the rule kept the non-managed
    # branch of the global pattern but
    # not the reps' group rule of the journal items (ad_managed = True): every rep reads the
    # open invoices (number, amount, partner) of any partner the addon does not manage, whose
    # invoices and journal items he cannot read.
    admin, ids = world
    rep1 = session_as("rep1")
    outsider, error = admin.call("res.partner", "create", {"name": "Outside Sponsor Ltd", "is_company": True})
    assert error is None, error
    assert admin.call("res.partner", "read", [outsider], ["ad_managed"])[0][0]["ad_managed"] is False
    invoice, error = admin.call(
        "account.move",
        "create",
        {"move_type": "out_invoice", "partner_id": outsider,
         "invoice_line_ids": [(0, 0, {"name": "Sponsorship", "price_unit": 777.0, "tax_ids": [(6, 0, [])]})]},
    )  # fmt: skip
    assert error is None, error
    _result, error = admin.call("account.move", "action_post", [invoice])
    assert error is None, error
    # rep1 cannot read the invoice nor its journal items ...
    assert rep1.call("account.move", "search", [("id", "=", invoice)])[0] == []
    assert rep1.call("account.move.line", "search", [("move_id", "=", invoice)])[0] == []
    # ... so its open amount is not his to read either
    domain = [("partner_id", "=", outsider)]
    rows, error = rep1.call("ad.receivable.report", "search_read", domain, ["amount_residual", "move_id"])
    assert error is None and rows == []
    amount = rep1.call("res.partner", "read", [outsider], ["ad_receivable_amount"])[0][0]["ad_receivable_amount"]
    assert amount == 0
    # control: the same calls on his own customer's invoice
    own = ids["rep1"]
    assert rep1.call("account.move", "search", [("id", "=", own["invoice"])])[0] == [own["invoice"]]
    domain = [("move_id", "=", own["invoice"])]
    rows = rep1.call("ad.receivable.report", "search_read", domain, ["amount_residual"])[0]
    assert [row["amount_residual"] for row in rows] == [own["amount"] / 2]
    amount = rep1.call("res.partner", "read", [own["customer"]["id"]], ["ad_receivable_amount"])[0][0]
    assert amount["ad_receivable_amount"] >= own["amount"] / 2


def test_receivable_of_another_reps_customer_on_a_journal_entry(session_as, world):
    # FOUND (fixed: a journal item's mirrors follow the partner it names, _ad_customer_field =
    # "partner_id" in models/account_move_line.py): a journal entry (opening balance, manual
    # adjustment) has no customer on the move,
    # so its items' mirrors say "not managed" whatever partner each receivable item names; the
    # receivable report shows such an item of rep3's customer (name, entry, open amount) to
    # every rep and manager, while the journal item itself stays hidden from them.
    admin, ids = world
    rep1 = session_as("rep1")
    theirs, own = ids["rep3"], ids["rep1"]
    company = admin.call("account.move", "read", [theirs["invoice"]], ["company_id"])[0][0]["company_id"][0]
    account = admin.call(
        "account.account",
        "search",
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", [company]), ("reconcile", "=", True)],
        limit=1,
    )[0][0]
    income = admin.call(
        "account.account", "search", [("account_type", "=", "income"), ("company_ids", "in", [company])], limit=1
    )[0][0]
    journal = admin.call(
        "account.journal", "search", [("type", "=", "general"), ("company_id", "=", company)], limit=1
    )[0][0]

    def entry(customer, amount):
        move, error = admin.call(
            "account.move",
            "create",
            {"move_type": "entry", "journal_id": journal, "ref": "Opening balance", "line_ids": [
                (0, 0, {"account_id": account, "partner_id": customer, "debit": amount, "name": "Opening receivable"}),
                (0, 0, {"account_id": income, "credit": amount, "name": "Opening balance"})]},
        )  # fmt: skip
        assert error is None, error
        _result, error = admin.call("account.move", "action_post", [move])
        assert error is None, error
        return move

    their_entry = entry(theirs["customer"]["id"], 5555.0)
    assert rep1.call("account.move.line", "search", [("move_id", "=", their_entry)])[0] == []
    for login in ("rep1", "manager1"):
        user = session_as(login)
        rows, error = user.call(
            "ad.receivable.report", "search_read", [("move_id", "=", their_entry)], ["partner_id", "amount_residual"]
        )
        assert error is None and rows == [], login
        count = user.call("ad.receivable.report", "search_count", [("partner_id", "=", theirs["customer"]["id"])])[0]
        assert count == 0, login
    # control: rep1 reads the open items of his own customer's invoice
    rows = rep1.call("ad.receivable.report", "search_read", [("move_id", "=", own["invoice"])], ["amount_residual"])[0]
    assert [row["amount_residual"] for row in rows] == [own["amount"] / 2]


def test_receivables_and_work_follow_a_transferred_customer(session_as):
    """After the office moves a customer from rep1 to rep3, rep1 keeps nothing of it."""
    admin = session_as("admin", "admin")
    rep1, rep3 = session_as("rep1"), session_as("rep3")
    customer, error = admin.call(
        "res.partner",
        "create",
        {"name": "Moving Customer Ltd", "is_company": True, "ad_managed": True, "ad_owner_id": rep1.uid},
    )
    assert error is None, error
    invoice, error = admin.call(
        "account.move",
        "create",
        {"move_type": "out_invoice", "partner_id": customer,
         "invoice_line_ids": [(0, 0, {"name": "Banner", "price_unit": 321.0, "tax_ids": [(6, 0, [])]})]},
    )  # fmt: skip
    assert error is None, error
    _result, error = admin.call("account.move", "action_post", [invoice])
    assert error is None, error
    _log, error = admin.call(
        "ad.work.log", "create", {"partner_id": customer, "user_id": rep1.uid, "summary": "Moving visit"}
    )
    assert error is None, error
    on_customer = [("partner_id", "=", customer)]
    # control: while he owns it, rep1 sees its open item, log and work summary
    for model in ("ad.receivable.report", "ad.work.log", "ad.work.summary.report"):
        assert rep1.call(model, "search_count", on_customer)[0] >= 1, model
    _result, error = admin.call("res.partner", "write", [customer], {"ad_owner_id": rep3.uid})
    assert error is None, error
    for model in ("ad.receivable.report", "ad.work.log", "ad.work.summary.report", "account.move.line"):
        assert rep1.call(model, "search_count", on_customer)[0] == 0, model
    response = rep1.http.get(
        f"{rep1.url}/report/html/ad_media_crm.report_ad_customer_statement/{customer}", timeout=120
    )
    assert response.status_code != 200
    for model in ("ad.receivable.report", "ad.work.log"):
        assert rep3.call(model, "search_count", on_customer)[0] >= 1, model
