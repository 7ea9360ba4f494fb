# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# Each creates .venv if missing and installs what it needs into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench clean

# llama.cpp compiles for this CPU. On CPUs with Intel AMX its AMX kernels crashed the
# process at the first prompt (llama-cpp-python 0.3.36, Sapphire Rapids): build without
# them there. GCC lets -mno-* win over -march=native whatever their order.
# pip's wheel cache does not key on CMAKE_ARGS, so a wheel built with AMX earlier would be
# taken again: build it afresh there.
PIP_FLAGS :=
ifneq ($(shell grep -m1 -ow amx_tile /proc/cpuinfo 2>/dev/null),)
export CMAKE_ARGS ?= -DCMAKE_C_FLAGS='-mno-amx-tile -mno-amx-int8 -mno-amx-bf16' -DCMAKE_CXX_FLAGS='-mno-amx-tile -mno-amx-int8 -mno-amx-bf16'
PIP_FLAGS := --no-cache-dir
endif

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamps record that an extra set is installed for the current pyproject.toml.
$(VENV)/.stamp-demo: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[llamacpp,models,report]"
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) -e ".[llamacpp,models,tiny,dev]"
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
