"""The cluster's generated HAProxy configuration (run for real in
``tests/integration/test_balancer.py``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cluster import ClusterPlan, haproxy_config
from bot.settings import Settings


def _config(tmp_path: Path, **settings: object) -> str:
    plan = ClusterPlan(Settings(data_dir=tmp_path, **settings), 2, tmp_path, "/usr/sbin/haproxy")  # type: ignore[arg-type]
    return haproxy_config(plan)


def test_each_instance_is_a_health_checked_server(tmp_path: Path) -> None:
    config = _config(tmp_path, gateway_port=9000, rasa_port=9100, actions_port=9200)
    assert "server gateways-2 127.0.0.1:9002 check" in config
    assert "server rasa-1 127.0.0.1:9101 check" in config
    assert "server actions-2 127.0.0.1:9202 check" in config
    assert "option httpchk GET /health/live" in config


def test_the_gateways_front_refuses_an_address_beyond_the_limit(tmp_path: Path) -> None:
    config = _config(tmp_path, balancer_rate_limit=40)
    front = config.split("frontend gateway", 1)[1].split("\n\n", 1)[0]
    assert "http-request track-sc0 src" in front
    assert "if { sc_http_req_rate(0) gt 40 }" in front
    quoted = re.search(r'string "((?:[^"\\]|\\.)*)"', front)
    assert quoted is not None
    body = json.loads(re.sub(r"\\(.)", r"\1", quoted.group(1)))
    assert body["error"]["code"] == "too_many_requests"


def test_no_limit_at_the_balancer_when_it_is_zero(tmp_path: Path) -> None:
    assert "stick-table" not in _config(tmp_path, balancer_rate_limit=0)


def test_a_negative_limit_is_refused_at_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="balancer_rate_limit"):
        Settings(data_dir=tmp_path, balancer_rate_limit=-1)
