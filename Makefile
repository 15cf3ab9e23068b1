# One entry point for building and testing the book. Everything runs in ./.venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8000

.PHONY: book test unit serve lab measure clean

## book: set up the environment and build the site into _build/html (warnings are errors)
book: $(VENV)/.book-installed
	$(BIN)/jupyter-book build . -W -n --keep-going

## test: set up the test environment, build the site, and run every test
test: $(VENV)/.test-installed
	bash scripts/ensure_chromium.sh $(CHROMIUM)
	$(MAKE) book
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -ra

## unit: only the fast unit tests of the package
unit: $(VENV)/.test-installed
	$(BIN)/python -m pytest -ra -m "not browser and not binder and not site"

## serve: serve the built site on http://localhost:$(PORT)
serve:
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

## lab: open the chapters in JupyterLab as notebooks (live widgets)
lab: $(VENV)/.book-installed
	JUPYTER_CONFIG_DIR=$(VENV)/jupyter-config $(BIN)/jupytext-config set-default-viewer markdown myst
	JUPYTER_CONFIG_DIR=$(VENV)/jupyter-config $(BIN)/jupyter lab chapters

## measure: cold build, no-change rebuild, page weights and widget payloads -> measurements/
measure: $(VENV)/.test-installed
	$(BIN)/python scripts/measure_build.py
	$(BIN)/python scripts/measure_pages.py

clean:
	rm -rf _build

$(VENV)/.book-installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.book-installed
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@
