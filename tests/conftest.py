"""Fixtures for tests that drive a running server from outside (bin/test starts it)."""

import os

import pytest
import requests


class JsonRpcSession:
    def __init__(self, url, db):
        self.url, self.db = url, db
        self.http = requests.Session()
        self.uid = None

    def login(self, login, password):
        result = self._call("/web/session/authenticate", {"db": self.db, "login": login, "password": password})
        self.uid = result["result"]["uid"]
        return self

    def _call(self, path, params):
        response = self.http.post(
            f"{self.url}{path}", json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def call(self, model, method, *args, **kwargs):
        """Returns (result, error): the JSON-RPC error, if any, instead of raising."""
        payload = self._call(
            "/web/dataset/call_kw", {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        )
        return payload.get("result"), payload.get("error")


@pytest.fixture(scope="session")
def server():
    url, db = os.environ.get("AD_URL"), os.environ.get("AD_DB")
    if not url or not db:
        pytest.fail("AD_URL and AD_DB must point to a running server with the demo data (bin/test sets them)")
    return url, db


@pytest.fixture
def session_as(server):
    def make(login, password=None):
        return JsonRpcSession(*server).login(login, password or login)

    return make
