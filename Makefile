# After-sales assistant: `make run` starts everything, `make test` checks everything.
# Both create what is missing first: two virtual environments (the Rasa server's and the
# application's), the trained model (retrained only when its inputs change).

SHELL := /bin/bash
.DEFAULT_GOAL := help

APP_VENV  := .venv
RASA_VENV := .venv-rasa
APP_PY    := $(APP_VENV)/bin/python
RASA      := $(RASA_VENV)/bin/rasa
MODEL     := models/assistant.tar.gz

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

TRAINING_INPUTS := config.yml domain.yml requirements/rasa.lock \
	$(shell find nlu_data -type f -name '*.yml' 2>/dev/null | sort)

.PHONY: help run run-cluster reliability speed test lint typecheck validate pytest quality seeds benchmark setup model browser haproxy axe clean

help:
	@echo "make run      start the assistant (Rasa server, action server, gateway)"
	@echo "make run-cluster  start INSTANCES (2) of each process behind HAProxy, on PostgreSQL"
	@echo "make test     lint, type-check, validate training data, run all tests"
	@echo "make quality  evaluate NLU and knowledge answers; write docs/QUALITY.md"
	@echo "make seeds    train with three seeds (the shipped one, 1, 2) and show the spread"
	@echo "make benchmark  measure retrieval latency; write docs/PERFORMANCE.md"
	@echo "make reliability  load, flood, faults, fuzz and erase on a cluster; write docs/RELIABILITY.md"
	@echo "make speed    latency and throughput under load, footprint; write docs/SPEED.md"

setup: $(APP_VENV)/.installed $(RASA_VENV)/.installed

# Virtual environments --------------------------------------------------------------
$(APP_VENV)/.installed: requirements/app.lock scripts/find-python310
	@PY=$$(scripts/find-python310) || exit 1; \
	echo "==> Application environment ($(APP_VENV)) with $$PY"; \
	[ -x $(APP_PY) ] || $$PY -m venv $(APP_VENV); \
	$(APP_PY) -m pip install --disable-pip-version-check --progress-bar off -q pip==24.3.1 && \
	$(APP_PY) -m pip install --disable-pip-version-check --progress-bar off -r requirements/app.lock \
		| grep -E '^(Collecting|Successfully)' | sed 's/^/    /'; \
	test $${PIPESTATUS[0]} -eq 0 && touch $@

$(RASA_VENV)/.installed: requirements/rasa.lock scripts/find-python310
	@PY=$$(scripts/find-python310) || exit 1; \
	echo "==> Rasa server environment ($(RASA_VENV)) with $$PY: a few minutes on first run"; \
	[ -x $(RASA_VENV)/bin/python ] || $$PY -m venv $(RASA_VENV); \
	$(RASA_VENV)/bin/python -m pip install --disable-pip-version-check --progress-bar off -q pip==24.3.1 && \
	$(RASA_VENV)/bin/python -m pip install --disable-pip-version-check --progress-bar off -r requirements/rasa.lock \
		| grep -E '^(Collecting|Successfully)' | sed 's/^/    /'; \
	test $${PIPESTATUS[0]} -eq 0 && touch $@

# Chromium from the distribution's packages, for the console's browser test (once).
browser: $(APP_VENV)/.browser

$(APP_VENV)/.browser: scripts/install-browser scripts/install-packages
	@scripts/install-browser && if [ -x /usr/bin/chromium ]; then touch $@; fi

# HAProxy from the distribution's packages, in front of each kind of process in a cluster.
haproxy: $(APP_VENV)/.haproxy

$(APP_VENV)/.haproxy: scripts/install-haproxy scripts/install-packages
	@scripts/install-haproxy && if [ -x /usr/sbin/haproxy ]; then touch $@; fi

# axe-core for the browser tests' accessibility scan, exactly as package-lock.json pins it
# (once; again when the lock changes). Nothing is built: the widget is plain JavaScript.
axe: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@echo "==> axe-core for the accessibility scan (npm ci)"
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install npm" >&2; exit 1; }
	@npm ci --no-audit --no-fund --loglevel=error && touch $@

# Model: make skips it when no input changed; Rasa's fingerprint skips retraining when
# only a timestamp did.
model: $(MODEL)

$(MODEL): $(RASA_VENV)/.installed $(TRAINING_INPUTS)
	@echo "==> Training the assistant's model (only when training data or config changed)"
	$(RASA) train --data nlu_data --config config.yml --domain domain.yml \
		--out models --fixed-model-name assistant
	@touch $@

# Run ---------------------------------------------------------------------------------
run: setup $(MODEL)
	$(APP_PY) -m bot registry import demo/registry.csv || true
	$(APP_PY) -m bot network import demo/service_network.yml
	$(APP_PY) -m bot run

# A cluster on this host: the local PostgreSQL unless ASSISTANT_DATABASE_URL names another.
INSTANCES ?= 2
CLUSTER_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/assistant

run-cluster: setup haproxy $(MODEL)
	@export ASSISTANT_DATABASE_URL="$${ASSISTANT_DATABASE_URL:-$(CLUSTER_DATABASE_URL)}"; \
	$(APP_PY) -m bot db init && \
	{ $(APP_PY) -m bot registry import demo/registry.csv || true; } && \
	$(APP_PY) -m bot network import demo/service_network.yml && \
	exec $(APP_PY) -m bot cluster --instances $(INSTANCES)

# Checks ------------------------------------------------------------------------------
test: setup browser haproxy axe $(MODEL) lint typecheck validate pytest

lint: $(APP_VENV)/.installed
	@echo "==> ruff"
	$(APP_VENV)/bin/ruff check .
	$(APP_VENV)/bin/ruff format --check .

typecheck: $(APP_VENV)/.installed
	@echo "==> mypy (strict)"
	$(APP_VENV)/bin/mypy

validate: $(RASA_VENV)/.installed
	@echo "==> rasa data validate"
	$(RASA) data validate --data nlu_data --domain domain.yml --config config.yml \
		--fail-on-warnings

pytest: setup $(MODEL)
	@echo "==> pytest (unit, integration, end-to-end against the running stack)"
	$(APP_PY) -m pytest

quality: setup $(MODEL)
	mkdir -p var/kb_results
	KB_RESULTS_DIR=$(CURDIR)/var/kb_results $(APP_PY) -m pytest -q tests/e2e/test_knowledge.py \
		-k "situations or titles" || true
	$(APP_PY) -m bot quality --output docs/QUALITY.md --knowledge-results var/kb_results

seeds: setup
	scripts/seed-spread tests/data/kb_situations/fresh-6.yml 42 1 2

# A cluster on a fresh PostgreSQL database (TEST_POSTGRES_URL, the local server by
# default) with Redis on loopback: about a quarter of an hour on two cores.
reliability: setup haproxy $(MODEL)
	$(APP_PY) -m bot.benchmarks.reliability --output docs/RELIABILITY.md

# Latency and throughput end to end (open and closed loop, through the gateways and on
# Rasa alone) and each process's footprint, on a cluster: about a quarter of an hour.
speed: setup haproxy $(MODEL)
	$(APP_PY) -m bot.benchmarks.speed --output docs/SPEED.md

benchmark: $(APP_VENV)/.installed
	$(APP_PY) -m bot.benchmarks.retrieval --output docs/PERFORMANCE.md

clean:
	rm -rf $(APP_VENV) $(RASA_VENV) models .rasa var node_modules .mypy_cache .ruff_cache .pytest_cache
