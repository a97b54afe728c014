"""What every response carries for the browser's protection, the Host check, and API docs that work offline."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse

from caseqa.config import Settings
from caseqa.errors import ConfigError
from caseqa.service.api import create_app
from caseqa.service.api.security import AllowedHostsMiddleware
from tests.service.api.conftest import TOKEN, assert_error


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/", 200), ("GET", "/health", 200), ("GET", "/documents/nope", 404), ("POST", "/ask", 422), ("HEAD", "/health", 200)],
)
def test_every_response_carries_the_security_headers(client, method, path, status):
    response = client.request(method, path, json={} if method == "POST" else None)
    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


def test_the_api_docs_load_their_scripts_from_the_server_itself(client):
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        assert page.status_code == 200 and "script-src 'self' 'unsafe-inline'" in page.headers["content-security-policy"]
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert assets and all(asset.startswith("/") for asset in assets), assets  # nothing from a CDN
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
    assert client.get("/openapi.json").json()["paths"]["/ask"]


@pytest.fixture
def host_checked(real_index) -> TestClient:
    corpus, index = real_index
    settings = Settings(corpus_dir=corpus, index_dir=index, admin_token=TOKEN, allowed_hosts=("caseqa.example.org", "*.campus.edu"))
    with TestClient(create_app(settings), base_url="http://caseqa.example.org") as test_client:
        yield test_client


@pytest.mark.parametrize("host", ["caseqa.example.org", "caseqa.example.org:8443", "lib.campus.edu", "CASEQA.example.org"])
def test_the_allowed_hosts_are_served(host_checked, host):
    assert host_checked.get("/health", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example.com", "campus.edu", "caseqa.example.org.evil.com", "[::1]:8000", ""])
def test_another_host_is_refused_in_the_error_shape_before_any_work(host_checked, host):
    response = host_checked.post("/ask", json={"question": "Why did Alibaba go abroad?"}, headers={"host": host})
    assert_error(response, 400, "bad_host")
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("host", "status"), [("[::1]:8000", 200), ("[::1]", 200), ("a.EXAMPLE.org:80", 200), ("example.org", 400), ("[::2]:8000", 400)])
def test_host_names_are_compared_without_their_port_or_case(host, status):
    async def ok(scope, receive, send):
        await PlainTextResponse("ok")(scope, receive, send)

    checked = TestClient(AllowedHostsMiddleware(ok, hosts=["[::1]", "*.Example.org"]))
    assert checked.get("/", headers={"host": host}).status_code == status


def test_allowed_hosts_are_read_from_a_comma_separated_variable(monkeypatch):
    monkeypatch.setenv("CASEQA_ALLOWED_HOSTS", "caseqa.example.org, *.campus.edu")
    assert Settings.from_env().allowed_hosts == ("caseqa.example.org", "*.campus.edu")
    monkeypatch.delenv("CASEQA_ALLOWED_HOSTS")
    assert Settings.from_env().allowed_hosts == ("*",)
    monkeypatch.setenv("CASEQA_ALLOWED_HOSTS", " , ")
    with pytest.raises(ConfigError, match="CASEQA_ALLOWED_HOSTS"):
        Settings.from_env()  # an empty list would refuse every request
