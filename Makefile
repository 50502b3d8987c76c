# 两条命令 / the two commands:  make demo   make test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# ofd.js (npm, Apache-2.0): the independent OFD renderer of tests/ofd
OFDJS := $(VENV)/ofdjs/ofd.umd.js

.PHONY: demo test fuzz lint fmt bench system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[pdf,server,dask,dev]'
	touch $(STAMP)

system-deps:
	@bash .ci/system-deps.sh

$(OFDJS): $(STAMP)
	@$(PY) -c "from tests.ofd.harness import ofdjs; print('ofd.js:', ofdjs() or 'npm 不可用，OFD 渲染测试将跳过 (npm missing: OFD rendering tests skip)')"

## 渲染 samples/*.yaml 到 samples/out/（.docx，装有 LibreOffice 时还有 .pdf）
demo: $(STAMP) system-deps
	$(PY) -m doctemplates.demo samples samples/out

## 运行全部测试
test: $(STAMP) system-deps $(OFDJS)
	$(PY) -m ruff check doctemplates pingyi_docs tests benchmarks
	$(PY) -m mypy
	$(PY) -m pytest -q

## 长时间模糊测试：共 10,000 个样例，强杀批量 2,000 条，生成文档语料全部 220 份 / long fuzzing
fuzz: $(STAMP) system-deps
	FUZZ_EXAMPLES=10000 FUZZ_BATCH_RECORDS=2000 CORPUS_DOCUMENTS=all $(PY) -m pytest -q tests/reliability tests/bad_inputs tests/adversarial tests/corpus tests/ofd/test_hostile.py

## ruff and mypy --strict (doctemplates, pingyi_docs: [tool.mypy] in pyproject.toml)
lint: $(STAMP)
	$(PY) -m ruff check doctemplates pingyi_docs tests benchmarks
	$(PY) -m ruff format --check doctemplates pingyi_docs tests benchmarks
	$(PY) -m mypy

fmt: $(STAMP)
	$(PY) -m ruff format doctemplates pingyi_docs tests benchmarks
	$(PY) -m ruff check --fix doctemplates pingyi_docs tests benchmarks

bench: $(STAMP) system-deps
	$(PY) benchmarks/render_bench.py
	$(PY) benchmarks/batch_bench.py
	$(PY) benchmarks/pdf_bench.py
	$(PY) benchmarks/title_bench.py
	$(PY) benchmarks/ofd_bench.py

clean:
	rm -rf $(VENV) samples/out .pytest_cache .ruff_cache .mypy_cache
