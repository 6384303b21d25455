"""Helpers shared by the top-level JSON-RPC tests."""


def access_error(error):
    """True when a JSON-RPC ``error`` (as returned by the ``session_as`` client) is an AccessError."""
    return error is not None and "AccessError" in error["data"]["name"]
