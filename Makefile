# Two commands on a fresh clone with only python3 and make (and npm for make test's docs):
#   make demo   create .venv, install, run the main job on the built-in scenario
#   make test   create .venv with the dev extra; ruff, mypy --strict, tests, strict docs build
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
MATHJAX := docs/node_modules/mathjax/es5/tex-chtml.js

.PHONY: demo test lint typecheck pytest docs bench scenario clean validate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps re-install only when the package metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[dev]'
	touch $@ $(VENV)/.installed

# The main job: China-Russia-North Korea over 2018-2025 with what moved it, then the
# evidence behind today's score with the calibrated probability that the three stand on
# one side, and the top triads (dates are explicit, never "today").
demo: $(VENV)/.installed
	$(BIN)/alliance-risk show axis-of-upheaval
	$(BIN)/alliance-risk timeline axis-of-upheaval CHN RUS PRK --from 2018-01-01 --to 2025-12-31 --every quarter
	$(BIN)/alliance-risk triad axis-of-upheaval CHN RUS PRK --as-of 2025-12-31
	$(BIN)/alliance-risk triad axis-of-upheaval CHN RUS PRK --as-of 2025-12-31 --model history --evidence 0
	$(BIN)/alliance-risk top axis-of-upheaval --as-of 2025-12-31 -k 5

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy --strict alliance_risk

# The tests build the site too (tests/test_docs_site.py), so they need MathJax.
pytest: $(VENV)/.installed-dev $(MATHJAX)
	$(BIN)/python -m pytest -q

# MathJax, pinned in docs/package-lock.json, is served by the site itself (offline):
# scripts/mkdocs_hooks.py copies it from docs/node_modules into the site.
$(MATHJAX): docs/package.json docs/package-lock.json
	@command -v npm >/dev/null || { echo "make docs needs npm (Node.js) to install MathJax" >&2; exit 1; }
	cd docs && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

docs: $(VENV)/.installed-dev $(MATHJAX)
	$(BIN)/mkdocs build --strict --site-dir $(VENV)/site

test: lint typecheck pytest docs

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py

# Regenerate docs/scenarios/ from the built-in scenarios' data files.
scenario: $(VENV)/.installed
	$(BIN)/python scripts/scenario_pages.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache .hypothesis docs/node_modules

# Held-out validation of the history model (needs ../shared/data): the table of
# docs/validation.md.
validate: $(VENV)/.installed
	$(BIN)/python benchmarks/validate_history.py
