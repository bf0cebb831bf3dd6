"""The cluster's generated HAProxy configuration (run for real in
``tests/integration/test_balancer.py``)."""

from __future__ import annotations

import argparse
import json
import re
import shlex
from pathlib import Path

import pytest

from bot.cluster import ClusterPlan, haproxy_config
from bot.settings import Settings
from bot.stack import PROJECT_ROOT


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


def _rasa_commands(tmp_path: Path) -> list[str]:
    plan = ClusterPlan(Settings(data_dir=tmp_path), 1, tmp_path, "/usr/sbin/haproxy")
    [cluster] = [spec.command for spec in plan.processes() if spec.name == "rasa-1"]
    procfile = (PROJECT_ROOT / "Procfile").read_text(encoding="utf-8")
    [single] = [line.split(":", 1)[1] for line in procfile.splitlines() if line.startswith("rasa:")]
    dockerfile = (PROJECT_ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    [image] = [
        json.loads(line.removeprefix("CMD "))[2]
        for line in dockerfile.splitlines()
        if line.startswith("CMD ") and "rasa run" in line
    ]
    return [cluster, single, image]


def test_a_rasa_token_starting_with_a_dash_is_not_taken_for_an_option(tmp_path: Path) -> None:
    """Rasa reads ``--auth-token VALUE`` with argparse, which refuses a VALUE starting
    with ``-`` (one random URL-safe token in 64 does): every command passes it as
    ``--auth-token=VALUE``."""
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("-t", "--auth-token")
    for command in _rasa_commands(tmp_path):
        expanded = command.replace("$ASSISTANT_RASA_API_TOKEN", "-Xy_token")
        args, _ = parser.parse_known_args(shlex.split(expanded))
        assert args.auth_token == "-Xy_token", command
