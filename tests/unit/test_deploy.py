"""The deployment files agree with each other and with the settings the code reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import Settings
from bot.stack import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
MANIFESTS = DEPLOY / "kubernetes"


def _documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def _applied() -> list[dict[str, Any]]:
    kustomization = _documents(MANIFESTS / "kustomization.yaml")[0]
    return [doc for name in kustomization["resources"] for doc in _documents(MANIFESTS / name)]


def _of(kind: str) -> list[dict[str, Any]]:
    return [doc for doc in _applied() if doc["kind"] == kind]


def _pod_spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = doc["spec"]["template"]["spec"]
    return spec


def test_every_listed_manifest_exists_and_parses() -> None:
    kinds = {doc["kind"] for doc in _applied()}
    assert {"Deployment", "Service", "ConfigMap", "Job", "Ingress"} <= kinds


@pytest.mark.parametrize("name", ["gateway", "rasa", "actions"])
def test_each_process_is_probed_bounded_and_configured(name: str) -> None:
    [deployment] = [d for d in _of("Deployment") if d["metadata"]["name"] == name]
    assert deployment["spec"]["replicas"] >= 2
    [container] = _pod_spec(deployment)["containers"]
    assert {"readinessProbe", "livenessProbe"} <= container.keys()
    assert container["resources"]["requests"]["memory"]
    assert container["resources"]["limits"]["memory"]
    sources = {next(iter(s.values()))["name"] for s in container["envFrom"]}
    assert sources == {"assistant-config", "assistant-secrets"}


def test_services_reach_a_named_port_of_their_pods() -> None:
    deployments = {d["spec"]["selector"]["matchLabels"]["app"]: d for d in _of("Deployment")}
    for service in _of("Service"):
        pods = deployments[service["spec"]["selector"]["app"]]
        names = {p["name"] for c in _pod_spec(pods)["containers"] for p in c["ports"]}
        assert {p["targetPort"] for p in service["spec"]["ports"]} <= names


def test_every_image_is_a_target_of_the_dockerfile() -> None:
    targets = set(re.findall(r"^FROM \S+ AS (\S+)$", (DEPLOY / "Dockerfile").read_text(), re.M))
    images = {
        c["image"].split("/")[-1]
        for doc in _of("Deployment") + _of("Job")
        for c in _pod_spec(doc)["containers"]
    }
    assert images <= targets
    assert {"gateway", "actions", "rasa", "telegram"} <= targets


def test_every_setting_named_is_one_the_code_reads() -> None:
    read = {f"ASSISTANT_{name.upper()}" for name in Settings.model_fields}
    config = _of("ConfigMap")[0]["data"]
    secret = _documents(MANIFESTS / "secret.example.yaml")[0]["stringData"]
    named = {k for k in {**config, **secret} if k.startswith("ASSISTANT_")}
    assert named <= read, named - read
    # What Rasa reads from the environment, through endpoints.yml.
    endpoints = (PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8").splitlines()
    values = "\n".join(line for line in endpoints if not line.lstrip().startswith("#"))
    for variable in re.findall(r"\$\{(\w+)\}", values):
        assert variable in config or variable in secret
