"""The widget's script and style as the gateway serves them."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from bot.texts import concern
from bot.widget.routes import STATIC_DIR, TEXTS_MARKER

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _labels(script: str) -> dict[str, dict[str, str]]:
    found = re.search(r"var TEXTS = (\{.*?\});\n", script)
    assert found is not None, "the served script has no labels"
    labels: dict[str, dict[str, str]] = json.loads(found.group(1))
    return labels


def test_the_script_is_served_with_its_labels_from_the_catalogue(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert TEXTS_MARKER not in response.text
    labels = _labels(response.text)
    entries = concern("widget")
    assert labels["zh"]["title"] == entries["widget_title"].zh
    assert labels["en"]["send"] == entries["widget_send"].en
    assert set(labels["zh"]) == set(labels["en"]) == {k.removeprefix("widget_") for k in entries}


def test_the_script_file_holds_no_customer_sentence_and_never_writes_html() -> None:
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    assert source.count(TEXTS_MARKER) == 1
    assert not _HAN.search(source)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, sink


def test_every_label_the_script_asks_for_is_in_the_catalogue() -> None:
    source = (STATIC_DIR / "widget.js").read_text(encoding="utf-8")
    asked = set(re.findall(r'\bt\("([a-z_]+[a-z])"', source))
    asked |= {f"state_{state}" for state in ("bot", "waiting", "agent", "closed")}
    asked |= set(re.findall(r'\blabel\(.*, (?:null|"[a-z-]+"), "([a-z_]+)"\)', source))
    asked |= set(re.findall(r'showError\("([a-z_]+)"\)', source))
    assert {"send", "welcome", "error_too_large", "error_not_photo"} <= asked
    known = {key.removeprefix("widget_") for key in concern("widget")}
    assert asked - known == set()


def test_the_style_is_served(client: TestClient) -> None:
    response = client.get("/widget.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "@media (max-width: 480px)" in response.text
    assert client.get("/demo.css").status_code == 200


def test_the_widget_files_are_not_in_the_api_description(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not {"/", "/widget.js", "/widget.css", "/demo.css"} & set(paths)
