"""Template injection: sandbox-escape payloads are refused and nothing runs.  模板注入。

Each payload is placed in a template built in code.  ``security`` payloads must
raise ``TemplateSecurityError``; ``refused`` ones any Chinese ``DocTemplatesError``;
``harmless`` ones may render but must not leak the secret.  Canaries prove nothing
executed: payloads that would create a file, a secret in the environment, a
context list/dict that a mutation would change, and the environment's globals.
Output-size (DoS) payloads run in a child process under memory and time limits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from doctemplates.errors import DocTemplatesError, TemplateSecurityError, TemplateValueError
from doctemplates.kinds import get_kind
from doctemplates.render import Template
from doctemplates.render.environment import environment_for
from tests.docxbuild import body_text, make_template
from tests.reliability.checks import assert_chinese_error, document_text, squash
from tests.reliability.strategies import sample_data

ROOT = Path(__file__).resolve().parents[2]
SECRET = "S3CRET-CANARY-7f1c"
E = "\\x5f\\x5f"  # "__" written with escapes, as attackers do to dodge filters

SECURITY: dict[str, str] = {
    "str-class": "{{ ''.__class__ }}",
    "mro-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "list-base-subclasses": "{{ [].__class__.__base__.__subclasses__() }}",
    "tuple-bases": "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "dict-class": "{{ {}.__class__ }}",
    "dict-type-class": "{{ dict.__class__ }}",
    "self-globals": "{{ self.__init__.__globals__ }}",
    "self-context": "{{ self._TemplateReference__context }}",
    "self-dict": "{{ self.__dict__ }}",
    "cycler-os-popen": "{{ cycler.__init__.__globals__.os.popen('touch {canary}').read() }}",
    "cycler-builtins-open": "{{ cycler.__init__.__globals__['__builtins__']['open']('/etc/passwd').read() }}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "namespace-globals": "{{ namespace.__init__.__globals__ }}",
    "lipsum-os-system": "{{ lipsum.__globals__['os'].system('touch {canary}') }}",
    "lipsum-builtins": "{{ lipsum.__globals__.__builtins__.__import__('os').system('touch {canary}') }}",
    "attr-escaped": "{{ ''|attr('" + E + "class" + E + "') }}",
    "attr-chain": "{{ ()|attr('"
    + E
    + "class"
    + E
    + "')|attr('"
    + E
    + "base"
    + E
    + "')|attr('"
    + E
    + "subclasses"
    + E
    + "')() }}",
    "attr-plain": "{{ ''|attr('__class__')|attr('__mro__') }}",
    "format-filter": "{{ '%s'|format(''.__class__) }}",
    "str-format": "{{ '{0.__class__}'.format('') }}",
    "str-format-deep": "{{ '{0.__class__.__mro__[1]}'.format(title) }}",
    "str-format-map": "{{ '{a.__class__}'.format_map({'a': ''}) }}",
    "percent-format": "{{ '%s' % ''.__class__.__mro__ }}",
    "selectattr": "{{ [1]|selectattr('__class__')|list }}",
    "sum-attribute": "{{ [1]|sum(attribute='__class__') }}",
    "unique-attribute": "{{ [1]|unique(attribute='__class__')|list }}",
    "loop-class": "{% for x in [1] %}{{ loop.__class__ }}{% endfor %}",
    "set-class": "{% set x = ''.__class__ %}{{ x }}",
    "int-mro": "{{ 1 .__class__.mro() }}",
    "reduce": "{{ ''.__reduce__ }}",
    "reduce-ex": "{{ ''.__reduce_ex__(2) }}",
    "init-globals": "{{ ''.__class__.__init__.__globals__ }}",
    "dunder-method": "{{ title.__len__() }}",
    "macro-environment": "{% macro m() %}x{% endmacro %}{{ m._environment }}",
    "setitem": "{{ canary.__setitem__(0, 'x') }}",
    "markup-class": "{{ ('<b>'|safe).__class__.__mro__ }}",
    "repeat-str-huge": "{{ 'a' * 10**9 }}",
    "repeat-list-huge": "{{ [1] * 10**9 }}",
    "power-huge": "{{ 2 ** 100000 }}",
}
REFUSED: dict[str, str] = {
    "range-huge": "{{ range(10**8)|list|length }}",
    "config-global": "{{ config.items() }}",
    "request-global": "{{ request.application.__globals__ }}",
    "builtins-name": "{{ __builtins__ }}",
    "getattr-name": "{{ getattr('', '__class__') }}",
    "import-os": "{% import 'os' as os %}",
    "include-file": "{% include '/etc/passwd' %}",
    "extends-file": "{% extends '/etc/passwd' %}",
    "namespace-init": "{% set ns = namespace() %}{{ ns.__init__ }}",
    "macro-globals": "{% macro m() %}x{% endmacro %}{{ m.__globals__ }}",
    "range-self": "{{ range.__self__ }}",
    "format-self": "{{ title.format.__self__ }}",
    "int-overflow-str": "{{ (10**4000) * (10**4000) }}",
}
HARMLESS: dict[str, str] = {
    "map-attribute": "{{ [1]|map(attribute='__class__')|list|length }}",
    "sort-attribute": "{{ [1]|sort(attribute='__class__')|length }}",
    "groupby-attribute": "{{ [1]|groupby('__class__')|length }}",
    "namespace-set-class": "{% set ns = namespace() %}{% set ns.__class__ = 1 %}ok",
}
# Printing a value that is not text writes Python's repr into the document (issue 13 §4):
# refused with TemplateValueError, and the message leaks nothing either.
REPR: dict[str, str] = {
    "map-attribute-list": "{{ [1]|map(attribute='__class__')|list }}",
    "sort-attribute-list": "{{ [1]|sort(attribute='__class__') }}",
    "groupby-attribute-list": "{{ [1]|groupby('__class__') }}",
    "lipsum-repr": "{{ lipsum }}",
    "self-repr": "{{ self }}",
    "cycler-repr": "{{ cycler }}",
}
MUTATING: dict[str, str] = {
    "list-append": "{{ canary.append('x') }}",
    "list-insert": "{{ canary.insert(0, 'x') }}",
    "dict-update": "{{ box.update({'k': 'pwned'}) }}",
    "dict-clear": "{{ box.clear() }}",
    "dict-pop": "{{ box.pop('k') }}",
}


def _render(payload: str, tmp_path: Path, context: dict[str, Any] | None = None) -> bytes:
    text = payload.replace("{canary}", str(tmp_path / "CANARY"))
    template = Template.load(make_template(["{{ title }}", text, "结束"]))
    return template.render({"title": "标题", **(context or {})})


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCTEMPLATES_TEST_SECRET", SECRET)


@pytest.fixture(autouse=True)
def _globals_unchanged() -> Any:
    env = environment_for("word")
    before = (dict(env.globals), dict(env.filters), dict(env.tests))
    yield
    assert (dict(env.globals), dict(env.filters), dict(env.tests)) == before


@pytest.mark.parametrize("payload", SECURITY.values(), ids=SECURITY.keys())
def test_escape_is_refused_by_the_sandbox(payload: str, tmp_path: Path) -> None:
    canary: list[str] = []
    with pytest.raises(TemplateSecurityError) as caught:
        _render(payload, tmp_path, {"canary": canary})
    assert_chinese_error(caught.value)
    assert "沙箱" in str(caught.value) and caught.value.tag
    assert not (tmp_path / "CANARY").exists()
    assert canary == []


@pytest.mark.parametrize("payload", REFUSED.values(), ids=REFUSED.keys())
def test_payload_is_refused_in_chinese(payload: str, tmp_path: Path) -> None:
    with pytest.raises(DocTemplatesError) as caught:
        _render(payload, tmp_path)
    assert_chinese_error(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("payload", HARMLESS.values(), ids=HARMLESS.keys())
def test_harmless_payload_leaks_nothing(payload: str, tmp_path: Path) -> None:
    text = "\n".join(body_text(_render(payload, tmp_path)))
    assert SECRET not in text and "/etc/passwd" not in text
    assert "__globals__" not in text and "os.system" not in text


@pytest.mark.parametrize("payload", REPR.values(), ids=REPR.keys())
def test_repr_payload_is_refused(payload: str, tmp_path: Path) -> None:
    with pytest.raises(TemplateValueError) as caught:
        _render(payload, tmp_path)
    assert_chinese_error(caught.value)
    assert SECRET not in str(caught.value) and " at 0x" not in str(caught.value)
    assert caught.value.tag


@pytest.mark.parametrize("payload", MUTATING.values(), ids=MUTATING.keys())
def test_template_cannot_mutate_context(payload: str, tmp_path: Path) -> None:
    canary: list[str] = []
    box = {"k": "v"}
    with pytest.raises(TemplateSecurityError):
        _render(payload, tmp_path, {"canary": canary, "box": box})
    assert canary == [] and box == {"k": "v"}


def test_payload_count() -> None:
    """The catalogue holds at least 30 refused sandbox-escape payloads (issue 9)."""
    assert len(SECURITY) + len(REFUSED) >= 30


# -- data values are text, never template code -----------------------------------------
@pytest.mark.parametrize(
    "value",
    ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "{{ ''.__class__ }}", "{%p if 1 %}"],
)
def test_data_values_are_not_evaluated(value: str) -> None:
    data = {**sample_data("document"), "title": f"关于{value}的通知"}
    data["body"] = [{"paragraphs": [value]}]
    text = document_text(get_kind("document").render(data))
    assert squash(f"关于{value}的通知") in text and squash(value) in text
    assert "49" not in text.replace(squash(value), "") or "49" in squash(value)


# -- output size (denial of service) -----------------------------------------------------
BOUNDED: dict[str, str] = {
    "repeat-str": "{{ 'a' * 10**9 }}",
    "repeat-list": "{{ [1] * 10**9 }}",
    "power": "{{ 9 ** 999999 }}",
    "power-chain": "{{ (9 ** 9999) ** 9999 }}",
    "range": "{{ range(10**8)|list|length }}",
}
# Once unbounded (found by this harness); now refused by doctemplates/render/limits.py.
UNBOUNDED: dict[str, str] = {
    "center-filter": "{{ 'x'|center(10**9) }}",
    "str-ljust": "{{ 'x'.ljust(10**9) }}",
    "format-width": "{{ '%0999999999d'|format(1) }}",
    "str-format-width": "{{ '{:>999999999}'.format(1) }}",
    "concat-doubling": "{% set a = 'a' * 999999 %}" + "{% set a = a ~ a %}" * 12 + "{{ a|length }}",
    "replace-growth": "{{ ('a' * 999999)|replace('a', 'a' * 999999)|length }}",
    "int-squaring": "{% set x = 10 ** 4000 %}" + "{% set x = x * x %}" * 18 + "{{ x > 1 }}",
    "nested-range-loops": "{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% endfor %}{% endfor %}",
    "nested-range-output": "{% for i in range(100000) %}{% for j in range(100000) %}"
    "{{ j }}{% endfor %}{% endfor %}",
}


@pytest.fixture(scope="module")
def dos_outcomes() -> dict[str, dict[str, Any]]:
    """Run every DoS payload once in a child process (1 GiB, 2 s per payload)."""
    cases = [[k, v] for k, v in {**BOUNDED, **UNBOUNDED}.items()]
    proc = subprocess.run(
        [sys.executable, "-m", "tests.reliability._dos_child"],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    results = {}
    for line in proc.stdout.splitlines():
        entry = json.loads(line)
        results[entry["id"]] = entry
    return results


def _assert_refused_quickly(outcome: dict[str, Any] | None) -> None:
    assert outcome is not None, "the child process died (memory or signal)"
    assert outcome["outcome"] in ("TemplateLimitError", "TemplateSecurityError"), outcome
    assert outcome["seconds"] < 1.5, outcome


@pytest.mark.parametrize("case_id", BOUNDED)
def test_bounded_payload_is_refused_quickly(
    case_id: str, dos_outcomes: dict[str, dict[str, Any]]
) -> None:
    _assert_refused_quickly(dos_outcomes.get(case_id))


@pytest.mark.parametrize("case_id", UNBOUNDED)
def test_unbounded_payload_is_refused_quickly(
    case_id: str, dos_outcomes: dict[str, dict[str, Any]]
) -> None:
    _assert_refused_quickly(dos_outcomes.get(case_id))
