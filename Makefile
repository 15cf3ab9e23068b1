# One entry point for building and testing the book. Everything runs in ./.venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8000
PIP := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off

.PHONY: book student pdf test unit lint format serve lab measure clean

## book: set up the environment and build the site into _build/html (warnings are errors)
book: $(VENV)/.book-installed
	@echo "== Building the site: every page whose code or package changed runs again (see"
	@echo "   _build/html/execution-statistics.html for the times) =="
	$(BIN)/jupyter-book build . -W -n --keep-going

## student: the student edition, every solution left out, into _build/student/_build/html
## (it reuses the pages `make book` ran; run that first, or this runs them)
student: $(VENV)/.book-installed
	DLBOOK_EDITION=student $(BIN)/jupyter-book build . --path-output _build/student -W -n --keep-going

## pdf: build both editions if needed, then print each as one PDF, with Debian's Chromium:
## _build/html/deep-learning-computed.pdf and the student edition's beside its site
pdf: $(VENV)/.pdf-installed
	bash scripts/ensure_debian_tools.sh $(CHROMIUM)
	$(MAKE) book
	$(MAKE) student
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m dlbook_site.book_pdf _build/html
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m dlbook_site.book_pdf _build/student/_build/html

## test: set up the test environment, lint, build the site, and run every test
test: $(VENV)/.test-installed
	bash scripts/ensure_debian_tools.sh $(CHROMIUM) --pdftotext
	$(MAKE) lint
	$(MAKE) pdf
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest -ra

## unit: only the fast unit tests of the package
unit: $(VENV)/.test-installed
	$(BIN)/python -m pytest -ra -m "not browser and not binder and not site"

## lint: ruff (checks and formatting) over the packages, tests, scripts and the chapters' code cells;
## mypy over dlbook_site (the type hints); the lesson check
lint: $(VENV)/.test-installed
	$(BIN)/ruff check dlbook dlbook_site tests scripts
	$(BIN)/ruff format --check dlbook dlbook_site tests scripts
	$(BIN)/mypy
	$(BIN)/python scripts/chapter_code.py check
	$(BIN)/python -m dlbook_site.lessons

## format: ruff's safe fixes and formatting, in the packages, tests, scripts and chapters
format: $(VENV)/.test-installed
	$(BIN)/ruff check --fix dlbook dlbook_site tests scripts
	$(BIN)/ruff format dlbook dlbook_site tests scripts
	$(BIN)/python scripts/chapter_code.py format

## serve: serve the built site on http://localhost:$(PORT)
serve:
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

## lab: open the chapters in JupyterLab as notebooks (live widgets)
lab: $(VENV)/.lab-installed
	JUPYTER_CONFIG_DIR=$(VENV)/jupyter-config $(BIN)/jupytext-config set-default-viewer markdown myst
	JUPYTER_CONFIG_DIR=$(VENV)/jupyter-config $(BIN)/jupyter lab chapters

## measure: cold build, no-change rebuild, page weights, widget payloads, the lesson paths
## on a phone, the answer boxes' script and check time, Lighthouse -> measurements/
measure: $(VENV)/.test-installed
	$(BIN)/python scripts/measure_build.py
	$(BIN)/python scripts/measure_pages.py
	CHROMIUM=$(CHROMIUM) $(BIN)/python scripts/measure_lesson_path.py
	CHROMIUM=$(CHROMIUM) $(BIN)/python scripts/measure_answer_boxes.py
	CHROMIUM=$(CHROMIUM) $(BIN)/python scripts/measure_lighthouse.py

clean:
	rm -rf _build

$(VENV)/.book-installed: requirements.txt pyproject.toml
	@echo "== Setting up $(VENV): the book's pinned environment (about 130 packages; the largest,"
	@echo "   TensorFlow, is a 274 MB download the first time; pip lists each package) =="
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) pip==26.3
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(VENV)/.lab-installed: requirements-lab.txt $(VENV)/.book-installed
	@echo "== Adding JupyterLab to $(VENV) =="
	$(PIP) -r requirements-lab.txt
	touch $@

$(VENV)/.pdf-installed: requirements-pdf.txt $(VENV)/.book-installed
	@echo "== Adding Playwright and pikepdf to $(VENV), for the PDF =="
	$(PIP) -r requirements-pdf.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.lab-installed $(VENV)/.pdf-installed
	@echo "== Adding the test tools to $(VENV) =="
	$(PIP) -r requirements-test.txt
	touch $@
