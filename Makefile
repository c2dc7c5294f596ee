# e-inclusie – every task of the project. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
TOOLS := var/tools
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
EINCLUSIE := $(VENV)/bin/einclusie
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
TEST_WORKERS ?= 2
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.DEFAULT_GOAL := help
.PHONY: help install pdf-libraries run dev test bench quality messages browser clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==0.13.8

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --extra test --python $(PYTHON)
	touch $@

install: $(VENV)/.installed pdf-libraries ## Install the application and its test tools into .venv (from uv.lock)

pdf-libraries: ## Install Pango and a font for the PDF letters and receipts (WeasyPrint) when missing
	@{ ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 && ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset && fc-list 2>/dev/null | grep -qi dejavu; } || { \
		echo "Installing Pango and the DejaVu fonts for PDF documents"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig >/dev/null; }

var/secret_key:
	mkdir -p var
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	chmod 600 $@

run: install var/secret_key ## Install, migrate, load reference and demo data, serve on http://127.0.0.1:8000
	EINCLUSIE_SECRET_KEY_FILE=var/secret_key $(EINCLUSIE) migrate --no-input
	EINCLUSIE_SECRET_KEY_FILE=var/secret_key $(EINCLUSIE) collectstatic --no-input --verbosity 0
	EINCLUSIE_SECRET_KEY_FILE=var/secret_key $(EINCLUSIE) territory load
	EINCLUSIE_SECRET_KEY_FILE=var/secret_key $(EINCLUSIE) codelists load
	EINCLUSIE_SECRET_KEY_FILE=var/secret_key $(EINCLUSIE) demo
	@echo "e-inclusie runs on http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	EINCLUSIE_SECRET_KEY_FILE=var/secret_key $(VENV)/bin/gunicorn einclusie.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips=127.0.0.1

dev: install ## Like run, with Django's development server and DEBUG on
	$(EINCLUSIE) migrate --no-input
	$(EINCLUSIE) demo
	EINCLUSIE_DEBUG=true $(EINCLUSIE) runserver $(HOST):$(PORT)

browser: ## Install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: install browser ## Install and run the whole test suite, browser tests included
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(EINCLUSIE) makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

bench: install ## Run the benchmarks (prints BENCH lines)
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m benchmarks

quality: install ## Lint, format check, migrations check and the deploy check with production settings
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(EINCLUSIE) makemigrations --check --dry-run
	EINCLUSIE_ENVIRONMENT=production EINCLUSIE_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		EINCLUSIE_ALLOWED_HOSTS=e-inclusie.example.org $(EINCLUSIE) check --deploy --fail-level WARNING

messages: install ## Update the translation files (nl, fr, en) and compile them
	cd einclusie && ../$(EINCLUSIE) makemessages --locale nl --locale fr --locale en --no-obsolete --add-location file
	cd einclusie && ../$(EINCLUSIE) compilemessages

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) $(TOOLS) var/static var/*.sqlite3*
