# Common Ground — the everyday commands. `make run` and `make test` are the two that matter.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
PY := .venv/bin/python
UV := python3 -m uv
PORT ?= 8000

.PHONY: system-packages run test test-fast bench lint format install assets migrate clean-db help cluster cluster-stop loadtest faults

help:
	@echo "make run    install, migrate, seed the demo and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   the whole suite (browser journeys run when Chromium is found)"
	@echo "make bench  the benchmarks"
	@echo "make lint   ruff, import-linter (the layers) and mypy"
	@echo "make cluster       the production shape on this machine: PostgreSQL, 3 app servers, nginx on https://127.0.0.1:8443, 2 workers"
	@echo "make cluster-stop  stop exactly the processes make cluster started"
	@echo "make loadtest      the cluster under 200 simulated people, at 400 then 20,000 participants (minutes)"
	@echo "make faults        the cluster under load and faults (workers, app servers, PostgreSQL killed; restore)"

.venv/.installed: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

commonground/static/vendor/nhsuk/VERSION: node_modules/.installed scripts/build_static.py package-lock.json
	$(PY) scripts/build_static.py

# The Numba kernels are compiled into their on-disk cache at install, and again whenever a kernel
# source changes, so no first run compiles inside its time limit. Python's bytecode is written
# beside the installed packages and our sources too (even where PYTHONDONTWRITEBYTECODE is set):
# compiling Numba's own modules at each start would cost a command about a second.
KERNEL_SOURCES := $(wildcard commonground/grouping/engine/*.py commonground/network/analysis/*.py)

.venv/.kernels: .venv/.installed $(KERNEL_SOURCES) scripts/compile_kernels.py
	$(PY) -m compileall -q -j 0 .venv/lib commonground >/dev/null
	$(PY) scripts/compile_kernels.py
	@touch $@

install: system-packages .venv/.installed assets .venv/.kernels

# PDFs (reports, certificates) are drawn by WeasyPrint, which needs a few Debian libraries.
system-packages:
	@bash scripts/system_packages.sh

assets: .venv/.installed commonground/static/vendor/nhsuk/VERSION

# The laptop demo runs with DEMO_MODE on and DEBUG off: pages as in production (a styled 404),
# a development key, static files from the source folders, one console line per mail and the
# outbox page. See docs/operations.md.
migrate: install
	@mkdir -p var/staticfiles
	DEMO_MODE=true $(PY) manage.py migrate --no-input -v0
	DEMO_MODE=true $(PY) manage.py createcachetable

run: migrate
	DEMO_MODE=true $(PY) manage.py seed_demo --if-empty
	@DEMO_MODE=true PORT=$(PORT) bash scripts/serve.sh

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(PY) -m ruff check .
	.venv/bin/lint-imports
	COMMONGROUND_TESTING=true $(PY) -m mypy commonground

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The production shape on one machine (docs/operations.md). CLUSTER_SEED=0 leaves the database empty.
CLUSTER_SEED ?= 100

cluster: install
	$(PY) scripts/cluster.py start --seed $(CLUSTER_SEED)

cluster-stop:
	@$(PY) scripts/cluster.py stop

clean-db:
	rm -f var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm

# Load, measured on the cluster (docs/operations.md): LOADTEST_ARGS="--people 2000 --seconds 60" for a quick run.
LOADTEST_ARGS ?=

loadtest: install
	$(PY) scripts/loadtest.py $(LOADTEST_ARGS)

# Faults survived, nothing lost (docs/operations.md): starts its own cluster and stops it after.
FAULTS_ARGS ?=

faults: install
	$(PY) scripts/faults.py $(FAULTS_ARGS)
