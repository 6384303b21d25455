"""Receivables over JSON-RPC and HTTP: a demo rep (rep1) reaches for rep3's customer's open
items, statement and card; each attack has a control on rep1's own customer."""

import json

import pytest
from jsonrpc_common import access_error, customer_of, user_id

STATEMENT = "ad_media_crm.report_ad_customer_statement"
CARD = "ad_media_crm.report_ad_customer_card"


@pytest.fixture
def receivables(session_as):
    """An invoice posted by the admin for a customer of rep1 and one of rep3, with its row."""
    admin = session_as("admin", "admin")
    ids = {}
    for login in ("rep1", "rep3"):
        uid = user_id(admin, login)
        customer = customer_of(admin, uid)["id"]
        invoice, error = admin.call(
            "account.move",
            "create",
            {"move_type": "out_invoice", "partner_id": customer,
             "invoice_line_ids": [(0, 0, {"name": "Front page", "price_unit": 123.0, "tax_ids": [(6, 0, [])]})]},
        )  # fmt: skip
        assert error is None, error
        _result, error = admin.call("account.move", "action_post", [invoice])
        assert error is None, error
        name = admin.call("account.move", "read", [invoice], ["name"])[0][0]["name"]
        row = admin.call("ad.receivable.report", "search", [("move_id", "=", invoice)])[0]
        assert len(row) == 1
        ids[login] = {"customer": customer, "invoice": invoice, "name": name, "row": row[0]}
    return ids


def test_receivables_of_another_reps_customer(session_as, receivables):
    rep1 = session_as("rep1")
    other, own = receivables["rep3"], receivables["rep1"]
    domain = [("partner_id", "=", other["customer"])]
    assert rep1.call("ad.receivable.report", "search_read", domain, ["amount_residual"])[0] == []
    assert rep1.call("ad.receivable.report", "search", [("id", "=", other["row"])])[0] == []
    groups = rep1.call("ad.receivable.report", "read_group", domain, ["amount_residual:sum"], [])[0]
    assert groups[0]["__count"] == 0
    result, error = rep1.call("ad.receivable.report", "read", [other["row"]], ["amount_residual", "partner_id"])
    assert result is None and access_error(error)
    result, error = rep1.call("res.partner", "read", [other["customer"]], ["ad_receivable_amount"])
    assert result is None and access_error(error)
    # control: his own customer's open item
    rows = rep1.call("ad.receivable.report", "read", [own["row"]], ["amount_residual", "partner_id"])[0]
    assert rows[0]["amount_residual"] == 123.0 and rows[0]["partner_id"][0] == own["customer"]
    domain = [("partner_id", "=", own["customer"])]
    assert own["row"] in rep1.call("ad.receivable.report", "search", domain)[0]


def test_statement_and_card_of_another_reps_customer(session_as, receivables):
    rep1 = session_as("rep1")
    other, own = receivables["rep3"], receivables["rep1"]
    result, error = rep1.call("ad.customer.statement", "create", {"partner_id": other["customer"]})
    assert result is None and access_error(error)
    for report in (STATEMENT, CARD):
        response = rep1.http.get(f"{rep1.url}/report/html/{report}/{other['customer']}", timeout=60)
        assert response.status_code != 200, report
        assert other["name"] not in response.text
    # control: the wizard and both reports for his own customer
    wizard, error = rep1.call("ad.customer.statement", "create", {"partner_id": own["customer"]})
    assert error is None, error
    action, error = rep1.call("ad.customer.statement", "action_print", [wizard])
    assert error is None and action["report_name"] == STATEMENT
    options = json.dumps(action["data"])
    response = rep1.http.get(
        f"{rep1.url}/report/html/{STATEMENT}/{own['customer']}", params={"options": options}, timeout=60
    )
    assert response.status_code == 200 and own["name"] in response.text
    response = rep1.http.get(f"{rep1.url}/report/html/{CARD}/{own['customer']}", timeout=60)
    assert response.status_code == 200
