"""Helpers shared by the top-level JSON-RPC tests."""


def access_error(error):
    """True when a JSON-RPC ``error`` (as returned by the ``session_as`` client) is an AccessError."""
    return error is not None and "AccessError" in error["data"]["name"]


def user_id(admin, login):
    """The id of the user ``login``, read by ``admin``."""
    return admin.call("res.users", "search", [("login", "=", login)])[0][0]


def customer_of(admin, uid):
    """The oldest customer owned by the user ``uid`` (a demo one, not one a test made):
    {"id", "name"}, read by ``admin``."""
    domain = [("ad_owner_id", "=", uid), ("ad_is_customer", "=", True)]
    return admin.call("res.partner", "search_read", domain, ["name"], limit=1, order="id")[0][0]
