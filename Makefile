# Ustaz: `make run` and `make test` are all a newcomer needs (Python 3.11+).
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
export FLASK_APP := run.py

.PHONY: install run test test-services worker lint i18n bench bench-national clean

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed
	$(PY) translations/catalog.py compile

run: install
	$(FLASK) db upgrade
	$(FLASK) ustaz init
	$(FLASK) ustaz seed-demo --if-empty
	@$(FLASK) ustaz demo-logins
	@echo "Ustaz: http://127.0.0.1:5000/"
	$(FLASK) run --host 127.0.0.1 --port 5000

# both cores; the browser journeys run in .ci/run (with PostgreSQL and Redis): `make test` takes ~5 minutes
test: install
	$(PY) -m pytest -n 2 -m "not browser"

worker: install
	$(PY) -m app.worker

lint: install
	$(VENV)/bin/ruff check .

i18n: install
	$(PY) translations/catalog.py extract update compile

bench: install
	$(PY) bench/scope_bench.py
	$(PY) bench/scoring_bench.py

# the national dataset (DOMAIN §1) in its own PostgreSQL database (created if missing, generated unless its
# row counts already match), then the app under gunicorn measured against every goal of issue 13: docs/performance.md
NATIONAL_DATABASE_URL ?= postgresql://127.0.0.1:5432/national
bench-national: install
	DATABASE_URL=$(NATIONAL_DATABASE_URL) $(PY) bench/national.py all --reuse

clean:
	rm -rf $(VENV) instance .pytest_cache
