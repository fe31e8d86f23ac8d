# Rådhus: `make run` serves the demo site, `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
RUN_SETTINGS := DJANGO_SETTINGS_MODULE=cms.settings.base WAGTAILADMIN_BASE_URL=http://127.0.0.1:$(PORT)

.PHONY: run dev test lint format demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt && touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt && touch $(VENV)/.installed $@

run: $(VENV)/.installed  ## install, migrate, load the demo once, serve on 127.0.0.1:$(PORT) with gunicorn
	$(RUN_SETTINGS) $(BIN)/python manage.py migrate --noinput -v 0
	$(RUN_SETTINGS) $(BIN)/python manage.py load_demo --if-empty
	$(RUN_SETTINGS) $(BIN)/python manage.py ensure_editor
	$(RUN_SETTINGS) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(RUN_SETTINGS) $(BIN)/gunicorn cms.wsgi:application --config gunicorn.conf.py --bind 127.0.0.1:$(PORT)

dev: $(VENV)/.installed-dev  ## Django's runserver with DEBUG on
	$(BIN)/python manage.py migrate --noinput && $(BIN)/python manage.py load_demo --if-empty && $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev  ## the whole suite (PostgreSQL when DATABASE_URL points there)
	$(BIN)/pytest

lint: $(VENV)/.installed-dev  ## ruff and djhtml, as CI would
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/djhtml --check templates

format: $(VENV)/.installed-dev  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix . && $(BIN)/ruff format . && $(BIN)/djhtml templates

demo: $(VENV)/.installed  ## load the demo content (again: it changes nothing the second time)
	$(BIN)/python manage.py migrate --noinput && $(BIN)/python manage.py load_demo

clean:  ## remove the virtual environment, database, media and collected static files
	rm -rf $(VENV) db.sqlite3 media staticfiles .editor-password
