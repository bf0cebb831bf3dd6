"""Several instances of each process on one host, behind HAProxy, sharing PostgreSQL.

``python -m bot cluster`` (``make run-cluster``) starts ``instances`` gateways, Rasa
servers and action servers, and one HAProxy in front of each kind, all under the
supervisor (:mod:`bot.supervisor`), so a process that dies is restarted while its
siblings serve. The settings' ports become HAProxy's:

* customers and agents reach the gateways at ``gateway_port``;
* the gateways reach the Rasa servers at ``rasa_port``, and the Rasa servers reach the
  action servers at ``actions_port``, each through HAProxy, which takes an instance
  that fails its health check out of rotation and sends a request whose connection
  failed to another instance.

Instance *i* (from 1) listens on the port after HAProxy's plus *i*. Everything is
shared through PostgreSQL: our data, Rasa's tracker store, the per-conversation turn
locks (:class:`~bot.conversations.DatabaseLocks`) and the wake-ups of live streams
(:class:`~bot.live.PostgresBroadcast`). With ``ASSISTANT_REDIS_URL`` set, the Rasa
servers also share a Redis lock store.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

import yaml
from sqlalchemy.engine import make_url

from bot.settings import Settings
from bot.stack import PROJECT_ROOT, StackError, prepare, stack_environment
from bot.supervisor import ProcessSpec, supervise

__all__ = [
    "ClusterPlan",
    "haproxy_config",
    "plan_cluster",
    "start_cluster",
]

HAPROXY_CANDIDATES: Final = ("/usr/sbin/haproxy", "/usr/bin/haproxy")
#: Requests a Rasa server is given at once; more wait in HAProxy's queue. Rasa answers on
#: one event loop, so a deep queue there would also delay its health checks.
RASA_MAXCONN: Final = 8
#: How long the balancer holds a request it refuses for flooding before answering 429.
TARPIT_SECONDS: Final = 3

_RASA = (
    '"$RASA_BIN" run --model "$ASSISTANT_MODEL_PATH" --interface 127.0.0.1 --port {port} '
    '--credentials credentials.yml --endpoints "{endpoints}" --enable-api '
    '--auth-token="$ASSISTANT_RASA_API_TOKEN"'
)


class ClusterPlan:
    """Ports and processes of a cluster.

    Args:
        settings: Validated settings (their ports are HAProxy's).
        instances: How many of each process.
        data_dir: Where the generated HAProxy and Rasa configurations go.
        haproxy: The HAProxy binary.
    """

    def __init__(self, settings: Settings, instances: int, data_dir: Path, haproxy: str) -> None:
        if not 1 <= instances <= 8:
            raise StackError("a cluster has 1 to 8 instances of each process")
        self.settings = settings
        self.instances = instances
        self.haproxy_cfg = data_dir / "haproxy.cfg"
        self.endpoints = data_dir / "endpoints-cluster.yml"
        self.haproxy = haproxy

    def ports(self, base: int) -> list[int]:
        """The instances' ports behind HAProxy's port ``base``."""
        return [base + i for i in range(1, self.instances + 1)]

    def processes(self) -> list[ProcessSpec]:
        """HAProxy, then the gateways, the Rasa servers and the action servers."""
        s = self.settings
        specs = [ProcessSpec("haproxy", f'"{self.haproxy}" -W -db -f "{self.haproxy_cfg}"')]
        for i, port in enumerate(self.ports(s.rasa_port), start=1):
            specs.append(
                ProcessSpec(f"rasa-{i}", _RASA.format(port=port, endpoints=self.endpoints))
            )
        for i, port in enumerate(self.ports(s.actions_port), start=1):
            specs.append(
                ProcessSpec(
                    f"actions-{i}",
                    f"ASSISTANT_ACTIONS_HOST=127.0.0.1 ASSISTANT_ACTIONS_PORT={port} "
                    '"$APP_PYTHON" -m bot actions',
                )
            )
        for i, port in enumerate(self.ports(s.gateway_port), start=1):
            specs.append(
                ProcessSpec(
                    f"gateway-{i}",
                    f"ASSISTANT_GATEWAY_HOST=127.0.0.1 ASSISTANT_GATEWAY_PORT={port} "
                    '"$APP_PYTHON" -m bot serve',
                )
            )
        return specs


def haproxy_config(plan: ClusterPlan) -> str:
    """HAProxy's configuration: one front per kind of process, health-checked backends.

    A gateway is checked at ``/health/live`` (it and its database), not ``/health``: a
    gateway whose Rasa is down still stores messages and says "try again" itself. Each
    Rasa server takes :data:`RASA_MAXCONN` requests at once; the rest queue in HAProxy.
    """
    s = plan.settings

    def backend(name: str, check: str, base: int, maxconn: int) -> str:
        servers = "\n".join(
            f"    server {name}-{i} 127.0.0.1:{port} check inter 1s fall 3 rise 2 maxconn {maxconn}"
            for i, port in enumerate(plan.ports(base), start=1)
        )
        return (
            f"backend {name}\n    balance leastconn\n    option httpchk GET {check}\n"
            f"    http-check expect status 200\n{servers}\n"
        )

    return (
        "# Written by python -m bot cluster; changes are overwritten at each start.\n"
        "global\n    maxconn 4096\n\n"
        "defaults\n    mode http\n    option redispatch\n    retries 3\n"
        "    retry-on conn-failure empty-response\n"
        "    timeout connect 2s\n    timeout client 120s\n    timeout server 120s\n"
        "    timeout tunnel 1h\n    timeout http-request 10s\n"
        "    timeout queue 60s\n    timeout check 5s\n\n"
        f"frontend gateway\n    bind {s.gateway_host}:{s.gateway_port}\n"
        "    option forwardfor\n"
        + _edge_limit(s.balancer_rate_limit)
        + "    default_backend gateways\n\n"
        f"frontend rasa\n    bind 127.0.0.1:{s.rasa_port}\n    default_backend rasa\n\n"
        f"frontend actions\n    bind 127.0.0.1:{s.actions_port}\n    default_backend actions\n\n"
        + backend("gateways", "/health/live", s.gateway_port, 200)
        + "\n"
        + backend("rasa", "/", s.rasa_port, RASA_MAXCONN)
        + "\n"
        + backend("actions", "/health", s.actions_port, 16)
    )


def _edge_limit(limit: int) -> str:
    """Rules that answer a flooding address at the balancer, before any gateway works.

    Every request from a source address counts over a sliding 10 s, the refused ones
    too, so an address that keeps flooding stays refused; a person never comes near
    the limit. A refused request is held for :data:`TARPIT_SECONDS` before its answer
    (HAProxy's tarpit: a timer, no work), which slows a flooding client to a few
    requests a second per connection. The refusal has the gateways' own shape and
    ``Retry-After``.
    """
    if not limit:
        return ""
    body = json.dumps(
        {
            "error": {
                "code": "too_many_requests",
                "message": "too many requests from your address; please wait 10 s and send again",
            }
        }
    )
    return (
        "    stick-table type ipv6 size 1m expire 60s store http_req_rate(10s)\n"
        f"    timeout tarpit {TARPIT_SECONDS}s\n"
        "    http-request track-sc0 src\n"
        "    http-request tarpit deny_status 429 content-type application/json "
        f'hdr Retry-After 10 string "{_haproxy_quoted(body)}" '
        f"if {{ sc_http_req_rate(0) gt {limit} }}\n"
    )


def _haproxy_quoted(text: str) -> str:
    """``text`` inside HAProxy's double quotes (backslash, quote and dollar escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")


def rasa_endpoints(redis_url: str) -> str:
    """The Rasa servers' endpoints: ours, plus a Redis lock store when Redis is given."""
    endpoints = (PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8")
    if not redis_url:
        return endpoints
    parsed = urlsplit(redis_url)
    lock_store = {
        "lock_store": {
            "type": "redis",
            "url": parsed.hostname or "127.0.0.1",
            "port": parsed.port or 6379,
            "db": int(parsed.path.strip("/") or 0),
            "key_prefix": "assistant",
        }
    }
    if parsed.password:
        lock_store["lock_store"]["password"] = parsed.password
    return endpoints.rstrip("\n") + "\n\n" + yaml.safe_dump(lock_store, sort_keys=False)


def plan_cluster(settings: Settings, instances: int) -> ClusterPlan:
    """Checks what a cluster needs and writes its HAProxy and Rasa configurations.

    Raises:
        StackError: No PostgreSQL URL or no HAProxy.
    """
    url = settings.effective_database_url
    if make_url(url).get_backend_name() != "postgresql":
        raise StackError(
            "a cluster shares one PostgreSQL database: set ASSISTANT_DATABASE_URL="
            "postgresql+psycopg://user@host/db ('make run-cluster' uses the local server)"
        )
    haproxy = next((path for path in HAPROXY_CANDIDATES if Path(path).is_file()), None)
    haproxy = haproxy or shutil.which("haproxy")
    if haproxy is None:
        raise StackError("HAProxy is not installed: 'make run-cluster' installs it")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    plan = ClusterPlan(settings, instances, settings.data_dir.resolve(), haproxy)
    plan.haproxy_cfg.write_text(haproxy_config(plan), encoding="utf-8")
    plan.endpoints.write_text(rasa_endpoints(settings.redis_url), encoding="utf-8")
    return plan


def start_cluster(settings: Settings, instances: int) -> None:
    """Prepares the cluster, then runs it until SIGINT or SIGTERM.

    The tracker store defaults to the same PostgreSQL database as our data.

    Raises:
        StackError: The cluster cannot start.
    """
    if not settings.tracker_store_url:
        settings = settings.model_copy(update={"tracker_store_url": settings.database_url})
    plan = plan_cluster(settings, instances)
    prepare(settings)
    env = stack_environment(settings, dict(os.environ))
    if not Path(env["RASA_BIN"]).is_file():
        raise StackError(f"the Rasa server is not installed at {env['RASA_BIN']}: run 'make run'")
    s = settings
    print(
        f"Starting a cluster of {instances} gateways, Rasa servers and action servers "
        f"behind HAProxy.\n"
        f"  Conversation API  http://{s.gateway_host}:{s.gateway_port}/api/v1 "
        f"(gateways on ports {', '.join(map(str, plan.ports(s.gateway_port)))})\n"
        f"  Database          {make_url(s.effective_database_url).render_as_string()}\n"
        f"  Ctrl-C stops everything.",
        flush=True,
    )
    supervise(plan.processes(), env, PROJECT_ROOT)
