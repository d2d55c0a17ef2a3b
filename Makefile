# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench install lint clean system-deps

run: $(STAMP)
	$(BIN)/kg build seeds -o exports/policy-kg.ttl

# Tests run on every core (pytest-xdist); servers and browsers they start bind to
# free loopback ports, so parallel workers never collide.
test: $(STAMP) lint system-deps
	$(BIN)/python -m pytest -n auto

# Programs from the system's package manager that tests talk to (raptor, servers,
# a browser): one script each in scripts/system-deps/, each a no-op when present.
system-deps:
	@for script in scripts/system-deps/*.sh; do "$$script" || exit 1; done

# Throughput, scaling, memory, export and query figures, each beside a baseline
# measured in the same run (see benchmarks/README.md).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check kg tests scripts benchmarks
	$(BIN)/ruff format --check kg tests scripts benchmarks
	$(BIN)/mypy kg

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
