"""The demo host page: a fictional maker's support page with the widget's one script tag."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

SCRIPT_TAG = '<script src="/widget.js" data-gateway="" data-lang="auto" async></script>'


@pytest.mark.parametrize(
    ("query", "html_lang", "heading"),
    [("", "zh-CN", "服务与支持"), ("?lang=en", "en", "Service &amp; support")],
)
def test_the_page_embeds_the_widget_with_one_script_tag(
    client: TestClient, query: str, html_lang: str, heading: str
) -> None:
    response = client.get(f"/{query}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert f'<html lang="{html_lang}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert re.findall(r"<script\b[^>]*>", page) == [SCRIPT_TAG.removesuffix("</script>")]
    assert SCRIPT_TAG in page


def test_each_language_links_to_the_other(client: TestClient) -> None:
    assert 'href="/?lang=en"' in client.get("/").text
    assert 'href="/" lang="zh-CN"' in client.get("/?lang=en").text


def test_the_page_runs_only_its_own_files(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_an_unknown_language_is_refused(client: TestClient) -> None:
    response = client.get("/?lang=fr")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
