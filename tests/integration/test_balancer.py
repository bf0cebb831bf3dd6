"""The cluster's HAProxy configuration, run for real in front of a stand-in gateway.

The stand-in answers every request with 200 and the ``X-Forwarded-For`` it was given, so
the balancer's own work is what is checked: the configuration is valid, a flooding
address is held, then refused with the gateways' error shape, while another address is
served, and the gateways learn each client's address.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from bot.cluster import HAPROXY_CANDIDATES, TARPIT_SECONDS, ClusterPlan, haproxy_config
from bot.settings import Settings

LIMIT = 5


def _haproxy() -> str:
    found = next((path for path in HAPROXY_CANDIDATES if Path(path).is_file()), None)
    if found is None:
        reason = "HAProxy is not installed ('make test' installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required in CI)")
        pytest.skip(reason)
    return found


def _free_block(size: int) -> int:
    """A port whose ``size`` successors are free too."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = int(probe.getsockname()[1])
        if base + size < 65535 and all(_free(base + i) for i in range(size + 1)):
            return base
    raise RuntimeError("no free block of ports")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class _Gateway(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"forwarded_for": self.headers.get("X-Forwarded-For")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def balancer(tmp_path: Path) -> Iterator[str]:
    haproxy = _haproxy()
    ports = [_free_block(2) for _ in range(3)]
    settings = Settings(
        data_dir=tmp_path,
        gateway_port=ports[0],
        rasa_port=ports[1],
        actions_port=ports[2],
        balancer_rate_limit=LIMIT,
    )
    plan = ClusterPlan(settings, 1, tmp_path, haproxy)
    plan.haproxy_cfg.write_text(haproxy_config(plan), encoding="utf-8")
    checked = subprocess.run(
        [haproxy, "-c", "-f", str(plan.haproxy_cfg)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    gateway = ThreadingHTTPServer(("127.0.0.1", plan.ports(ports[0])[0]), _Gateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    process = subprocess.Popen(
        [haproxy, "-db", "-f", str(plan.haproxy_cfg)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{ports[0]}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _answers(url):
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        gateway.shutdown()
        gateway.server_close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health/live", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _client(url: str, address: str) -> httpx.Client:
    return httpx.Client(
        base_url=url, timeout=5, transport=httpx.HTTPTransport(local_address=address)
    )


def test_a_flooding_address_is_held_then_refused_while_another_is_served(
    balancer: str,
) -> None:
    with _client(balancer, "127.0.3.1") as flooder, _client(balancer, "127.0.3.2") as other:
        answers = [flooder.get("/api/v1/anything") for _ in range(LIMIT)]
        began = time.monotonic()
        with ThreadPoolExecutor(max_workers=5) as pool:
            held = [pool.submit(flooder.get, "/api/v1/anything") for _ in range(5)]
            time.sleep(0.5)
            served = other.get("/api/v1/anything")
            served_after = time.monotonic() - began
            refused = [each.result() for each in held]
        refused_after = time.monotonic() - began

    assert [a.status_code for a in answers] == [200] * LIMIT
    assert [a.json()["forwarded_for"] for a in answers] == ["127.0.3.1"] * LIMIT
    assert [r.status_code for r in refused] == [429] * 5
    assert refused_after >= TARPIT_SECONDS - 0.1
    assert refused[0].headers["Retry-After"] == "10"
    assert refused[0].headers["Content-Type"] == "application/json"
    assert refused[0].json()["error"]["code"] == "too_many_requests"
    assert served.status_code == 200
    assert served.json()["forwarded_for"] == "127.0.3.2"
    assert served_after < TARPIT_SECONDS


def test_an_address_that_keeps_sending_stays_refused(balancer: str) -> None:
    """Refused requests count too: once the burst is out of the 10 s window, one
    request a second still keeps the address over the limit."""
    with _client(balancer, "127.0.3.3") as flooder:
        burst = [flooder.get("/").status_code for _ in range(LIMIT)]
        with ThreadPoolExecutor(max_workers=12) as pool:
            later = []
            for _ in range(12):
                time.sleep(1)
                later.append(pool.submit(flooder.get, "/"))
            codes = [each.result().status_code for each in later]
    assert burst == [200] * LIMIT
    assert codes == [429] * 12
