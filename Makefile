PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 90

LOCK := requirements.lock
LOCKVENV := .venv-lock
PIP_TOOLS := pip-tools==7.7.0

.PHONY: install run test lint bench lock clean

# Installs exactly the versions (and file hashes) of requirements.lock, then pressroom itself
# without dependencies: the same environment on every machine (Linux x86_64, CPython 3.11).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK) > $(VENV)/install.log 2>&1 \
		|| (tail -50 $(VENV)/install.log; exit 1)
	$(PY) -m pip install --quiet --no-deps -e . >> $(VENV)/install.log 2>&1 || (tail -50 $(VENV)/install.log; exit 1)
	$(PY) -m pip check >> $(VENV)/install.log 2>&1 || (tail -20 $(VENV)/install.log; exit 1)
	@echo "installed pressroom from $(LOCK) into $(VENV) (log: $(VENV)/install.log)"
	touch $(STAMP)

# Refresh the lock: the newest versions pyproject.toml allows, every file's sha256 (needs the index).
lock:
	test -x $(LOCKVENV)/bin/pip-compile || ( ($(PYTHON) -m venv $(LOCKVENV) || python3 -m venv $(LOCKVENV)) \
		&& $(LOCKVENV)/bin/pip install --quiet '$(PIP_TOOLS)')
	$(LOCKVENV)/bin/pip-compile --quiet --upgrade --extra dev --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml requirements-lock.in
	@echo "wrote $(LOCK); run 'make test' (it reinstalls from the new lock) before committing it"

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/pressroom run --db warehouse.duckdb

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) $(LOCKVENV) warehouse.duckdb report .pytest_cache
