# One-command set-up and runs for the monorepo. Everything installs into .venv.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(wildcard plugins/*))
STAMP := $(VENV)/.installed

.PHONY: install test demo bench typecheck clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements-dev.txt $(wildcard plugins/*/pyproject.toml) tests/e2e/prism/package-lock.json Makefile
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt -e '.[flask,django,starlette]' $(foreach p,$(PLUGINS),-e '$(p)')
	@# Prism (Node) serves Twilio's OpenAPI specs for the end-to-end contract tests.
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/e2e/prism --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the Prism end-to-end tests will be skipped"; fi
	touch $(STAMP)

test: install
	$(BIN)/python -m pytest -q

demo: install
	$(BIN)/python demo/run.py

bench: install
	$(BIN)/python -m pytest benchmarks --benchmark-only --benchmark-columns=min,median,mean,ops -q

typecheck: install
	$(BIN)/python -m mypy twilio_core tools/twiliogen demo $(foreach p,$(PLUGINS),$(p)/$(subst -,_,$(notdir $(p))))

clean:
	rm -rf $(VENV) build dist .pytest_cache .benchmarks
