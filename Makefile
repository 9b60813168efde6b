# The README's commands. `make run` serves the portal with the seed dispatches on SQLite;
# `make test` runs the test suite (on PostgreSQL when DATABASE_URL is set).
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# One process with threads: the default local-memory page cache is then shared by every request,
# so a publish invalidates it everywhere. Several processes need REDIS_URL (see README).
WORKERS ?= 1
THREADS ?= 4

# A Python >= 3.12: plain python3.x on PATH first, then pyenv's installs.
PYTHON ?= $(shell for c in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	  && { command -v $$c; break; }; done)

.PHONY: help install install-dev run worker test lint format messages messages-check clean

help:
	@echo "make run    serve the portal with the seed dispatches at http://$(HOST):$(PORT)"
	@echo "            (gunicorn and the background task worker; Ctrl-C stops both)"
	@echo "make worker run only the background task worker (manage.py db_worker)"
	@echo "make test   run the tests (SQLite; PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make install-dev  install the test and lint tools (requirements-dev.txt) too"
	@echo "make messages  gather new strings into locale/en (then translate them) and compile"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python >= 3.12 found: install python3.12 or newer."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Runtime packages (make run); the test and lint tools on top (make test, make lint).
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# A local .env with a random SECRET_KEY; never committed, never overwritten.
.env:
	@printf 'SECRET_KEY=%s\nALLOWED_HOSTS=127.0.0.1,localhost\n' \
	  "$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" > $@
	@echo "wrote .env with a new random SECRET_KEY"

install: $(VENV)/.installed .env

install-dev: install $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	exec bin/serve $(HOST):$(PORT) $(WORKERS) $(THREADS)

# The background task worker alone (mail notices); `make run` already starts one.
worker: install
	$(BIN)/python manage.py db_worker --no-reload

test: install-dev
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The English catalogue (gettext tools needed: apt install gettext). The compiled .mo is
# committed, so serving and testing need no gettext.
MAKEMESSAGES = $(BIN)/python manage.py makemessages -l en --no-location --no-obsolete \
	--ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=corpus
CATALOGUE = locale/en/LC_MESSAGES/django.po

messages: install
	$(MAKEMESSAGES)
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

# CI: no string of the templates or the code is missing from the catalogue or untranslated.
messages-check: install
	$(MAKEMESSAGES) --verbosity 0
	@git diff --quiet -I '^"POT-Creation-Date' -- $(CATALOGUE) || { git diff -- $(CATALOGUE); \
	  echo "$(CATALOGUE) is out of date: run make messages and translate the new strings"; exit 1; }
	@stats="$$(msgfmt --check --statistics -o /dev/null $(CATALOGUE) 2>&1)"; echo "$$stats"; \
	  case "$$stats" in *untranslated*|*fuzzy*|*error*) \
	    echo "$(CATALOGUE) has untranslated or fuzzy strings"; exit 1;; esac

clean:
	rm -rf $(VENV) var db.sqlite3 db.sqlite3-wal db.sqlite3-shm
