# Kora's Makefile. `make help` lists the targets; a fresh Debian 12 machine with Python 3.11 and
# Node 20 needs nothing else: every target installs what it is missing first.
#
#   make run     the whole suite on this machine (local CouchDB-protocol server + three services)
#   make test    every test, against a throwaway CouchDB-protocol server on a free port
#   make lint    ruff over the Python code
#
# Setup is made of stamp files under .venv/ and node_modules/, so a second run on a set-up
# machine does nothing: `make -q setup` answers 0 then.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
COUCH_DIR := deploy/local-couchdb
REVIEW_STATIC := services/review/static
DEBIAN_PACKAGES := $(shell grep -v '^\#' deploy/debian-packages.txt)
APT_STAMP := var/.debian-packages.stamp

export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup run test lint clean bench bench-review openapi fuzz app

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 10

setup: $(APT_STAMP) $(VENV)/.synced $(COUCH_DIR)/node_modules/.installed $(REVIEW_STATIC)/node_modules/.installed  ## install everything that is missing

# Debian packages (deploy/debian-packages.txt: fonts, poppler, Chromium): apt-get when root; when
# not root, the missing ones are named and the rest of the setup goes on.
$(APT_STAMP): deploy/debian-packages.txt
	@mkdir -p var; missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "setup: installing Debian packages: $$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >var/apt.log 2>&1 \
	      || { cat var/apt.log; exit 1; }; \
	  else \
	    echo "setup: not root, so these Debian packages are left for you to install: $$missing"; exit 0; \
	  fi; \
	fi
	@mkdir -p var && touch $@

# The Python environment, exactly as uv.lock pins it.
# Order-only on the Debian packages: python3 -m venv needs python3-venv on a fresh Debian 12.
$(VENV)/.synced: pyproject.toml uv.lock | $(APT_STAMP)
	@test -x $(UV) || { $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "setup: '$(PYTHON) -m venv' failed; install python3-venv (apt-get install python3-venv)"; exit 1; }; \
	  $(VENV)/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION); }
	$(UV) sync --frozen --inexact --quiet
	@touch $@

# The local CouchDB-protocol server, exactly as package-lock.json pins it. --ignore-scripts:
# LevelDB's native module ships prebuilt inside its npm package, so nothing is compiled or fetched.
$(COUCH_DIR)/node_modules/.installed: $(COUCH_DIR)/package.json $(COUCH_DIR)/package-lock.json
	cd $(COUCH_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# The review pages' browser libraries (Chart.js), exactly as their package-lock.json pins them;
# the review service serves them itself (no CDN).
$(REVIEW_STATIC)/node_modules/.installed: $(REVIEW_STATIC)/package.json $(REVIEW_STATIC)/package-lock.json
	cd $(REVIEW_STATIC) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

run: setup  ## start the whole suite; Ctrl-C stops it
	@$(PY) -m deploy.local_suite run

test: setup  ## run every test against a throwaway CouchDB-protocol server
	@$(PY) -m deploy.local_suite test $(PYTEST_ARGS)

fuzz: setup  ## Schemathesis over every operation as each role, deeper than make test (KORA_FUZZ_EXAMPLES, default 100)
	@KORA_FUZZ_EXAMPLES=$${KORA_FUZZ_EXAMPLES:-100} $(PY) -m deploy.local_suite test tests/fuzz $(PYTEST_ARGS)

bench: setup  ## measure sync over simulated GPRS/2G/3G links (BENCH_LINKS, BENCH_SCALE); figures in var/bench/
	@$(PY) -m bench

bench-review: setup  ## time the review queue, statistics and index over BENCH_REVIEW_COUNT (default 200000) inspections; figures in var/bench/review-*.json
	@$(PY) -m bench.review

openapi: setup  ## write each service's OpenAPI JSON (schemas/ bundled as components) to var/openapi/
	@$(PY) -m services.common.openapi export var/openapi

app: setup  ## the inspectors' app in a window against the suite `make run` started, signed in as the demo inspector dawa
	KORA_APP_USER=dawa KORA_APP_PASSWORD=Chengguan-demo-2026 $(VENV)/bin/python -m mobile_app.kora_app.screens.main

lint: setup  ## check the Python code with ruff
	$(VENV)/bin/ruff check .

clean:  ## remove the environments and var/ (all local data)
	rm -rf $(VENV) $(COUCH_DIR)/node_modules $(REVIEW_STATIC)/node_modules var
