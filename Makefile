# Dân Vận Số: the two commands a new machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Everything is installed from constraints.txt, so a new release of a data package (holidays,
# vietnam-provinces) cannot change results unnoticed. `make lock` refreshes it on purpose.
PIP_INSTALL := $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: demo test install install-dev browser pdf-tools lint lock worker messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP_INSTALL) -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Links in the demo's messages lead to the port it serves on (unless DANVAN_PUBLIC_URL is set).
demo: export DANVAN_PUBLIC_URL ?= http://$(HOST):$(PORT)
demo: install
	$(BIN)/danvan migrate --noinput
	$(BIN)/danvan load_demo
	@echo
	@echo "Dân Vận Số chạy tại / is running at http://$(HOST):$(PORT)/ (Ctrl+C để dừng / to stop)"
	@# The background worker sends e-mail and SMS (printed to the console in the demo); the daily
	@# reminders (`danvan send_reminders`) run now and then every 24 hours, beside it.
	@mkdir -p var; $(BIN)/danvan db_worker >var/worker.log 2>&1 & worker=$$!; \
		( trap 'kill $$nap 2>/dev/null; exit 0' TERM; \
		  while :; do $(BIN)/danvan send_reminders; sleep 86400 & nap=$$!; wait $$nap; done \
		) >var/reminders.log 2>&1 & reminders=$$!; \
		trap 'kill $$worker $$reminders 2>/dev/null' EXIT INT TERM; \
		$(BIN)/danvan runserver $(HOST):$(PORT)

# Browser tests run in Debian's Chromium. Root installs it when missing; anyone else sees the
# browser tests skipped with a notice (CI never skips them: CI=true makes a missing browser fail).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# PDF copies of the documents are made by LibreOffice headless; Times New Roman is replaced by
# the metric-compatible Liberation Serif (fontconfig alias), DejaVu as the fallback. Root installs
# what is missing; anyone else sees the PDF tests skipped with a notice (CI=true makes it fail).
PDF_PACKAGES := libreoffice-writer-nogui fonts-liberation2 fonts-dejavu-core
pdf-tools:
	@missing=""; for pkg in $(PDF_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing LibreOffice and fonts for the PDF copies:$$missing..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $$missing >/dev/null; \
	fi

# The whole suite on SQLite and, at the same time, on PostgreSQL when DATABASE_URL points at one.
test: install-dev browser pdf-tools
	bash .ci/test-passes

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy danvan
	$(BIN)/lint-imports

# Regenerate the message catalogues from the code and compile them; translate what is new.
messages: install
	bash .ci/messages

worker: install
	$(BIN)/danvan db_worker

lock: $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -e '.[dev]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^danvan' > constraints.txt

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
