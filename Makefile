# Convive: `make run` serves the demo portal, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast install migrate demo serve check clean browser-deps system-deps

install: $(VENV)/.installed

# Reinstall whenever the dependency list changes.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

migrate: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo

run: demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest

# While working: no demo-wide sweeps (tests that read load_demo's site) and no browser.
test-fast: install
	$(BIN)/python -m pytest -m "not demo and not browser"

check: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py check
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py makemigrations --check --dry-run

# Debian packages: chromium (browser tests), LibreOffice Writer (DOCX/ODT/DOC layout),
# Tesseract with Spanish data (OCR of scans), poppler-utils (the redaction gate's pdftotext).
# redis-server: the cache fault tests start and stop one of their own; postgresql-client:
# pg_dump and pg_restore for `manage.py backup` and `restore`; gettext: msgfmt, to check
# that the committed Spanish catalogue (locale/) is compiled from its .po; varnish: a real
# caching proxy in front of a real server, for the purge tests (convive.frontend_cache).
SYSTEM_PACKAGES := chromium libreoffice-writer-nogui tesseract-ocr tesseract-ocr-spa poppler-utils redis-server \
	postgresql-client gettext varnish
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "== instalando:$$missing"; \
		$$(command -v sudo || true) apt-get update -qq && \
		$$(command -v sudo || true) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache
