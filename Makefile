# Two commands do everything on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Every process of `make run` builds the links in emails from SITE_URL. honcho hands each process its own
# PORT (web $(PORT), worker +100, beat +200), so the address is fixed here, once, from the web server's port.
SITE_URL ?= http://127.0.0.1:$(PORT)
PROCFILE ?= Procfile.dev
export PATH := $(CURDIR)/$(BIN):$(PATH)

run serve: export SITE_URL := $(SITE_URL)

.PHONY: run serve test test-smoke lint format messages messages-compiled bench bench-http bench-seed

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps make a second run skip the install unless a requirements file changed.
$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

# pybabel compiles the .po files without GNU gettext, so a machine with only Python can do it.
messages-compiled: $(VENV)/.run-installed
	$(BIN)/pybabel compile --domain "django djangojs" --directory locale --statistics

run: $(VENV)/.run-installed messages-compiled
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  MiGlobe Pool runs at http://127.0.0.1:$(PORT)/   (staff: http://127.0.0.1:$(PORT)/admin/)"
	@echo "  Demo logins (password miglobe-demo): team = Programmteam, gremium = Auswahlgremium, beraterin = Berater*in"
	@echo "  Emails, the applicant's private links included, are printed by the worker below (lines 'worker.1 |');"
	@echo "  their links point at $(SITE_URL). Ctrl-C stops web, worker and beat."
	@echo ""
	@$(MAKE) --no-print-directory serve

# Only the processes (web, worker, beat), without migrating or loading the demo data.
serve:
	PORT=$(PORT) $(BIN)/honcho -f $(PROCFILE) start

test: $(VENV)/.dev-installed messages-compiled
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The quick-start path (SQLite, file-system broker): a smoke subset, run by CI without any service URL.
test-smoke: $(VENV)/.dev-installed messages-compiled
	env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL $(BIN)/python -m pytest -m smoke $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-extract the translatable strings (needs GNU gettext's xgettext).
messages: $(VENV)/.dev-installed
	$(BIN)/python manage.py makemessages --locale de --locale en --no-obsolete --ignore '.venv/*' --ignore 'var/*'

bench: $(VENV)/.dev-installed messages-compiled
	$(BIN)/python -m pytest benchmarks -p no:cacheprovider -o python_files='bench_*.py' -o python_functions='bench_*' -s $(PYTEST_ARGS)


# Every page under gunicorn (production settings, 2 sync workers) against a bare-Django floor, alternately,
# on DATABASE_URL (PostgreSQL) and REDIS_URL; see docs/benchmarks.md. BENCH_SCALE=0 skips reloading the data.
BENCH_SCALE ?= 1
BENCH_ARGS ?=
bench-seed: $(VENV)/.dev-installed messages-compiled
	@test -n "$(DATABASE_URL)" -a -n "$(REDIS_URL)" || { echo "bench-http needs DATABASE_URL (PostgreSQL) and REDIS_URL"; exit 2; }
	DJANGO_SETTINGS_MODULE=miglobe.settings.bench $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=miglobe.settings.bench $(BIN)/python manage.py seed_bench --scale $(BENCH_SCALE)

bench-http: $(VENV)/.dev-installed messages-compiled $(if $(filter 0,$(BENCH_SCALE)),,bench-seed)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && S= || S=sudo; $$S apt-get install -y -qq wrk >/dev/null || { $$S apt-get update -qq && $$S apt-get install -y -qq wrk >/dev/null; }; }
	DJANGO_SETTINGS_MODULE=miglobe.settings.bench $(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python benchmarks/http/run.py $(BENCH_ARGS)
