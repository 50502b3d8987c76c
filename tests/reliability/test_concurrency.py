"""One loaded template, many threads and processes: byte-identical output.  并发一致性。"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import pytest

from doctemplates.fieldnames import with_chinese_names
from doctemplates.kinds import get_kind
from doctemplates.render import Template
from tests.reliability.strategies import sample_data

VARIANTS = 24


def _variant(index: int) -> dict[str, Any]:
    """samples/notice.yaml with a different title, body and 发文字号 per index."""
    data = sample_data("document")
    data["title"] = f"关于第{index}批 & <专项> 工作的通知" + "𠀀" * (index % 4)
    data["doc_number"] = f"示科发〔2026〕{index + 1}号"
    data["body"] = [
        {"heading": f"第{i}部分", "paragraphs": [f"段落{index}-{i}。" * (index + 1)]}
        for i in range(1 + index % 5)
    ] + data["body"][: index % 3]
    return data


def _render_variant(index: int) -> bytes:
    """Process-pool worker: validate and render one variant (template loaded per process)."""
    return get_kind("document").render(_variant(index))


@pytest.fixture(scope="module")
def shipped() -> tuple[Template, list[dict[str, Any]]]:
    kind = get_kind("document")
    template = Template.load(kind.default_template)
    # the shipped template reads the Chinese names too, as kind.render adds them
    contexts = [
        with_chinese_names(kind.context(_variant(i)), kind.context_type) for i in range(VARIANTS)
    ]
    return template, contexts


@pytest.fixture(scope="module")
def sequential(shipped: tuple[Template, list[dict[str, Any]]]) -> list[bytes]:
    template, contexts = shipped
    return [template.render(c) for c in contexts]


def test_variants_differ(sequential: list[bytes]) -> None:
    assert len(set(sequential)) == VARIANTS


def test_same_input_same_bytes(
    shipped: tuple[Template, list[dict[str, Any]]], sequential: list[bytes]
) -> None:
    template, contexts = shipped
    assert [template.render(c) for c in contexts] == sequential


def test_eight_threads_one_template(
    shipped: tuple[Template, list[dict[str, Any]]], sequential: list[bytes]
) -> None:
    template, contexts = shipped
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):  # several rounds: interleavings differ
            assert list(pool.map(template.render, contexts * 2)) == sequential * 2


def test_process_pool_matches_sequential(sequential: list[bytes]) -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(_render_variant, range(VARIANTS))) == sequential


def test_threads_through_the_kind(sequential: list[bytes]) -> None:
    """``kind.render`` (validation + cached template) from 8 threads."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(_render_variant, range(VARIANTS))) == sequential
