# The book's vocabulary. `make help` lists the targets; README.md says how to use them.

SOURCE   := docs
BUILD    := _build
VENV     := .venv
PYTHON   := $(VENV)/bin/python
# Every warning is an error, broken references included; --keep-going reports them all at once.
SPHINXOPTS ?= -W --keep-going -n -q
# The editions are built by booktools.make: one build at a time, judged by content, and always
# equal to a clean build (its docstring says how); with nothing changed it returns at once.
# BASEURL: the site's published address, where there is one (the Pages workflow gives it): the
# canonical link, og:url and citation_pdf_url of every page are then absolute.
BASEURL ?=
build = $(PYTHON) -m booktools.make $(1) --source $(SOURCE) --build $(BUILD) -- $(SPHINXOPTS) \
	$(if $(BASEURL),-D html_baseurl=$(BASEURL))

# The date printed in the book is the last commit's (outside git, the newest source file's),
# never the clock's: rebuilding an old commit gives the same book, byte for byte (Sphinx and
# the TeX tools read SOURCE_DATE_EPOCH).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || \
	find $(SOURCE) conf.py $(wildcard *.bib *.cff) -type f -printf '%T@\n' | sort -n | tail -1 | cut -d. -f1)
export SOURCE_DATE_EPOCH

.DEFAULT_GOAL := help
# What codespell reads (names that are right are in codespell-words.txt).
SPELLCHECKED := docs README.md CONTRIBUTING.md CHANGELOG.md booktools tests references.bib conf.py CITATION.cff

.PHONY: help html pdf epub tei check linkcheck screenshots live lock bench test test-quick test-newest stress clean tex test-packages venv

help:  ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

html: venv tex  ## Build the book: the HTML site in _build/html, with the PDF, the EPUB and the TEI inside it.
	@$(call build,html)
	@echo "HTML book: $(BUILD)/html/index.html"

pdf: venv tex  ## Build the PDF edition in _build/latex (LaTeX reruns only as often as it must).
	@$(call build,pdf)
	@echo "PDF edition: $$(ls $(BUILD)/latex/*.pdf)"

epub: venv  ## Build the EPUB edition in _build/epub.
	@$(call build,epub)
	@echo "EPUB edition: $$(ls $(BUILD)/epub/*.epub)"

tei: venv  ## Build the TEI P5 edition (one XML document) alone, in _build/tei.
	@$(call build,tei)
	@echo "TEI edition: $$(ls $(BUILD)/tei/*.xml)"

# The checks' tools from npm, at the versions package-lock.json pins; their own browser
# downloads are skipped: they run Debian's Chromium.
NODE_TOOLS := node_modules/.installed
$(NODE_TOOLS): package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

check: html test-packages $(NODE_TOOLS)  ## Lint the bibliography; check links, spelling, validity (HTML, EPUB, TEI), page weight, accessibility (axe, pa11y, Ace), Lighthouse.
	$(PYTHON) -m booktools.checks bib conf.py
	$(PYTHON) -m booktools.checks links $(BUILD)/html
	$(VENV)/bin/codespell $(SPELLCHECKED)
	@echo "spelling: no problems"
	$(PYTHON) -m booktools.checks valid $(BUILD)/html $(BUILD)/epub/*.epub --conf conf.py
	$(PYTHON) -m booktools.checks tei $(BUILD)/tei/*.xml
	$(PYTHON) -m booktools.checks pages $(BUILD)/html --conf conf.py
	$(PYTHON) -m booktools.checks pa11y $(BUILD)/html
	$(PYTHON) -m booktools.checks ace $(BUILD)/epub/*.epub
	$(PYTHON) -m booktools.checks lighthouse $(BUILD)/html --conf conf.py

linkcheck: venv  ## Check external links (each re-checked weekly); says plainly when it could not.
	$(PYTHON) -m booktools.checks linkcheck $(SOURCE) $(BUILD)/linkcheck --conf .

PORT ?= 8000

# sphinx-autobuild, watching everything the build reads (not only docs/). Each save is a clean
# build (its output and environment removed first): a second or so, and never a stale page, a
# warning lost, or a link left dead by a label renamed elsewhere. The preview links to no PDF.
# It keeps to its own folder, which it holds locked while it runs: make html never touches it,
# and make clean leaves it to the running preview.
WATCHED = conf.py booktools $(wildcard *.bib *.cff)
LIVE := $(BUILD)/live
live: venv  ## Serve the book on http://127.0.0.1:8000, rebuilt and reloaded on every save.
	@mkdir -p $(LIVE) && { [ ! -L $(LIVE)/.lock ] || rm $(LIVE)/.lock; }
	flock --nonblock --conflict-exit-code 1 $(LIVE)/.lock \
		$(PYTHON) -m sphinx_autobuild --host 127.0.0.1 --port $(PORT) $(WATCHED:%=--watch %) \
		--pre-build "rm -rf $(LIVE)/site $(LIVE)/doctrees" \
		-c . -d $(LIVE)/doctrees $(SOURCE) $(LIVE)/site $(SPHINXOPTS)

screenshots: html test-packages  ## Take PNG pictures: pages (desktop, phone), the timeline on a phone, search results, the EPUB at night, the PDF.
	$(PYTHON) -m booktools.checks screenshots $(BUILD)/html $(BUILD)/latex/*.pdf $(BUILD)/screenshots \
		--epub $(BUILD)/epub/*.epub --conf conf.py

bench: venv tex test-packages  ## Time the builds against bare Sphinx and Jupyter Book 1, at 10, 100 and 400 chapters.
	test -x $(BUILD)/bench/jb1/bin/jupyter-book || \
		(python3 -m venv $(BUILD)/bench/jb1 && $(BUILD)/bench/jb1/bin/pip install -q "jupyter-book<2")
	$(PYTHON) scripts/bench.py $(BENCHOPTS)

# Tests run on every core (pytest-xdist): most of their time is builds of the book, one process each.
test: test-packages html check  ## Build every edition, run every check, then every test on what was built.
	$(PYTHON) -m pytest -n auto --dist worksteal

# The newest Python here, and the newest release of every dependency that requirements.in names
# (its names, not its versions): what the next upgrade will bring. See README.md for what its
# failure means.
NEWEST_PYTHON ?= $(lastword $(sort $(wildcard $(HOME)/.pyenv/versions/3.1[3-9]*/bin/python3.1[3-9]) \
	$(shell command -v python3.13 python3.14 2>/dev/null)))
NEWEST := $(BUILD)/newest
test-newest:  ## Build and test the book with the newest Python here and the newest release of every dependency.
	@test -n "$(NEWEST_PYTHON)" || { echo "test-newest: no Python 3.13 or newer found (set NEWEST_PYTHON)"; exit 1; }
	rm -rf $(NEWEST) && $(NEWEST_PYTHON) -m venv $(NEWEST)/venv
	$(NEWEST)/venv/bin/pip install -q --disable-pip-version-check \
		$$(sed -e 's/#.*//' -e 's/[=<>~!].*//' requirements.in)
	touch $(NEWEST)/venv/.installed
	$(NEWEST)/venv/bin/pip list --format=freeze | grep -i -E '^(sphinx|docutils|myst-parser|sphinxcontrib-bibtex|sphinx-book-theme|pydata-sphinx-theme|pybtex)=='
	BOOK_STACK=newest $(MAKE) test VENV=$(NEWEST)/venv

test-quick: html  ## The tests that read the built book and the bad-input projects (seconds; make test runs all).
	$(PYTHON) -m pytest -m "not slow" -q -n auto --dist worksteal

STEPS ?= 300
SEED ?= 1924
# The differential test at length: STEPS random editor actions, each followed by make html and
# compared with a clean build of the same files (make test runs a few).
stress: venv tex test-packages  ## Edit, kill and rebuild at random STEPS times, comparing each build with a clean one.
	BOOK_STRESS_STEPS=$(STEPS) BOOK_STRESS_SEED=$(SEED) $(PYTHON) -m pytest -s -p no:cacheprovider \
		tests/test_editor_loop.py -k random_editing

clean:  ## Remove everything built, once no build is running (the Python environment stays).
	@python3 -m booktools.make clean --build $(BUILD)

tex:  ## Install the TeX tool chain if it is missing (as root), or say how to.
	@bash scripts/install-packages.sh tex

test-packages:
	@bash scripts/install-packages.sh tex test

venv: $(VENV)/.installed  ## Create or refresh .venv from requirements.txt.

$(VENV)/.installed: requirements.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

lock: venv  ## Pin every Python dependency of requirements.in, with hashes, in requirements.txt.
	$(VENV)/bin/uv pip compile requirements.in --generate-hashes --python-version 3.11 --quiet \
		--custom-compile-command "make lock" -o requirements.txt
	$(MAKE) venv
