# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# Each creates .venv if missing and installs what it needs into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps record that an extra set is installed for the current pyproject.toml.
$(VENV)/.stamp-demo: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e ".[llamacpp,models,report]"
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e ".[llamacpp,models,tiny,dev]"
	touch $@

# Runs examples/quickstart.ipynb (a copy) on the local model and writes its report to
# build/demo/; `spark-nb demo --engine` is the engine smoke demo.
demo: $(VENV)/.stamp-demo
	$(BIN)/spark-nb demo

test: $(VENV)/.stamp-test
	node --test js/test/
	cd js/labextension && npm test
	$(BIN)/python -m pytest

bench: $(VENV)/.stamp-test
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) build dist *.egg-info
