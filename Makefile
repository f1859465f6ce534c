# Diplomacy Tracker. `make run` serves the demo; `make test` runs every test.
# Everything installs into .venv from the pinned, hashed lock file requirements/dev.txt.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := DEBUG=1
# make run and make reset-db always use the embedded SQLite database, even in a shell that
# exported DATABASE_URL for PostgreSQL: the demo accounts must never land anywhere else.
LOCAL_DB := DATABASE_URL=sqlite:///$(CURDIR)/var/db.sqlite3

.DEFAULT_GOAL := help
.PHONY: help install run test lint format check messages reset-db lock clean screenshots bench

help:
	@echo "make run        install, migrate, load the demo data and serve http://127.0.0.1:$(PORT)"
	@echo "make test       run the whole test suite (SQLite, or DATABASE_URL if set)"
	@echo "make lint       ruff lint and format check"
	@echo "make format     ruff format and autofix"
	@echo "make check      Django system checks, the deployment checklist, migrations check"
	@echo "make messages   extract and compile translations (needs gettext)"
	@echo "make reset-db   delete the local SQLite database and load the demo again"
	@echo "make lock       re-pin requirements/*.txt from pyproject.toml (needs pip-tools)"
	@echo "make screenshots  photograph the demo into docs/screenshots/ (needs /usr/bin/chromium)"
	@echo "make bench      measure pages and reports on DATABASE_URL (else the local SQLite demo)"

$(PY):
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment. On Debian/Ubuntu: sudo apt-get install python3-venv"; \
	  exit 1; }

$(VENV)/.installed: requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed

var:
	@mkdir -p var

run: install | var
	$(DEV) $(LOCAL_DB) $(PY) manage.py migrate --noinput
	$(DEV) $(LOCAL_DB) $(PY) manage.py load_demo
	@echo ""
	@echo "Diplomacy Tracker: http://127.0.0.1:$(PORT)/  (English: /en/, staff: /admin/)"
	@echo ""
	$(DEV) $(LOCAL_DB) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The deployment check runs with production-like values: DEBUG off, a long random key.
check: install
	$(DEV) $(PY) manage.py check --fail-level WARNING
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=diplomacy.example.gov.vn SITE_URL=https://diplomacy.example.gov.vn \
	  $(PY) manage.py check --deploy --fail-level WARNING

messages: install
	$(DEV) $(PY) manage.py makemessages --locale vi --no-location --no-obsolete --no-wrap \
	  --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	$(DEV) $(PY) manage.py compilemessages --locale vi --ignore '.venv/*'

reset-db: install | var
	rm -f var/db.sqlite3
	$(DEV) $(LOCAL_DB) $(PY) manage.py migrate --noinput
	$(DEV) $(LOCAL_DB) $(PY) manage.py load_demo

# A temporary SQLite database with the demo, served on a free port; var/db.sqlite3 is untouched.
screenshots: install
	$(PY) scripts/screenshots.py $(ARGS)

# The benchmark (docs/performance.md): DATABASE_URL if set, else the local SQLite demo.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--repeat 5 --no-reports".
bench: install | var
	$(DEV) $(PY) manage.py benchmark $(BENCH_ARGS)

lock:
	cd requirements && pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o base.txt ../pyproject.toml
	cd requirements && pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --extra dev -o dev.txt ../pyproject.toml

clean:
	rm -rf $(VENV) var/static
