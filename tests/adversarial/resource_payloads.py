"""Resource payloads × constructs (issue 13 §3).  资源耗尽载荷。

Each payload tries to exhaust one resource — memory through a value built in
one step (format widths given as arguments, ``+`` doubling, ``join`` of a
repeated list, ``replace('', …)``, ``indent``, ``expandtabs``, ``batch`` with
fill, ``lipsum``…), output size, loop iterations of every kind, recursion
(macros, ``loop(…)``, blocks), or the parser and compiler (nesting).  Each is
placed in every construct: a body paragraph, a header, a macro, a ``set``
block, a ``filter`` block and the document properties.  The child process
(:mod:`._template_child`) renders and lints each under a 1.5 GiB address-space
limit; every one must end in a located Chinese error, quickly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

BIG = "{% set big = 'x' * 999999 %}"

PAYLOADS: dict[str, str] = {
    # memory: one value built in one step
    "format-width-arg": "{{ '{:{}}'.format('x', '1500000000') }}",
    "format-width-kwarg": "{{ '{:>{w}}'.format('x', w=1500000000) }}",
    "format-map-width": "{{ '{a:{w}}'.format_map({'a': 'x', 'w': '1500000000'}) }}",
    "format-precision": "{{ '{:.{}f}'.format(1.0, 1500000000) }}",
    "format-repeat-field": BIG + "{{ ('{0}' * 3000).format(big) }}",
    "markup-format-width": "{{ ('{:{}}'|safe).format('x', 1500000000) }}",
    "percent-star-width": "{{ '%*s' % (1500000000, 'x') }}",
    "percent-star-precision": "{{ '%.*f' % (1500000000, 1.0) }}",
    "percent-width": "{{ '%01500000000d' % 1 }}",
    "format-filter-star": "{{ '%*s'|format(1500000000, 'x') }}",
    "format-filter-many": BIG + "{{ ('%s' * 3000)|format(*([big] * 3000)) }}",
    "plus-doubling": BIG + "{% set a = big + big %}{% set a = a + a %}{{ a|length }}",
    "tilde-doubling": BIG + "{% set a = big ~ big %}{% set a = a ~ a %}{{ a|length }}",
    "tilde-chain": BIG + "{{ (big ~ big ~ big ~ big ~ big ~ big)|length }}",
    "list-plus-doubling": "{% set l = [1] * 500000 %}{% set l = l + l %}{% set l = l + l %}{{ l|length }}",
    "list-repeat-big": BIG + "{{ ([big] * 5000)|length }}",
    "join-repeated-list": BIG + "{{ [big, big, big, big, big]|join|length }}",
    "join-huge-separator": "{{ (['a'] * 3000)|join('x' * 999999) }}",
    "join-generator": BIG + "{{ range(3000)|map('string')|map('replace', '0', big)|join|length }}",
    "str-join-generator": BIG + "{{ ''.join(range(3000)|map('string')|map('replace', '', big)) }}",
    "replace-empty-method": "{{ ('x' * 999999).replace('', 'yy')|length }}",
    "replace-empty-filter": "{{ 'xyz'|replace('', 'y' * 999999)|length }}",
    "replace-growth": BIG + "{{ big|replace('x', 'xx')|length }}",
    "indent-width": "{{ ('x\\n' * 500000)|indent(1000)|length }}",
    "indent-string": "{{ ('x\\n' * 500000)|indent('y' * 1000)|length }}",
    "expandtabs": "{{ ('\\t' * 999999).expandtabs(1000)|length }}",
    "center-filter": "{{ 'x'|center(1500000000) }}",
    "ljust-method": "{{ 'x'.ljust(1500000000) }}",
    "zfill-method": "{{ '1'.zfill(1500000000) }}",
    "to-bytes": "{{ (1).to_bytes(1500000000, 'big')|length }}",
    "batch-fill": BIG + "{{ range(10)|batch(999999, big)|list|length }}",
    "slice-fill": BIG + "{{ range(10)|slice(999999, big)|list|length }}",
    "wordwrap-wrapstring": BIG + "{{ big|wordwrap(1, wrapstring=big)|length }}",
    "translate-table": BIG + "{{ big.translate({120: big})|length }}",
    "fromkeys": BIG + "{{ {}.fromkeys(range(100000), big)|length }}",
    "lipsum-paragraphs": "{{ lipsum(999999)|length }}",
    "lipsum-words": "{{ lipsum(10, max=999999)|length }}",
    "power": "{{ 9 ** 99999999 }}",
    "int-squaring": "{% set x = 10 ** 4000 %}" + "{% set x = x * x %}" * 18 + "{{ x > 1 }}",
    "range-list": "{{ range(100000000)|list|length }}",
    "nested-list-repeat": "{{ ([[1] * 999] * 999)|length }}",
    "tojson-indent": "{{ ([1] * 1000)|tojson(indent=999999)|length }}",
    "escape-growth": "{% set a = '<' * 999999 %}{{ (a|e ~ a|e)|length }}",
    # output size
    "output-1mb-3000": BIG + "{% for i in range(3000) %}{{ big }}{% endfor %}",
    "output-macro-buffer": BIG
    + "{% macro m() %}{% for i in range(3000) %}{{ big }}{% endfor %}{% endmacro %}{{ m()|length }}",
    "output-data-3000": "{% for i in range(3000) %}{{ big_data }}{% endfor %}",
    # iterations of every kind
    "nested-range": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "range-list-reloop": "{% set r = range(100000)|list %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}",
    "loop-built-string": BIG + "{% for c in big %}{% for d in big %}{% endfor %}{% endfor %}",
    "loop-data-list": "{% for a in items %}{% for b in items %}{% for c in items %}{% endfor %}{% endfor %}{% endfor %}",
    "filter-work": "{% for i in range(100000) %}{% set l = range(100000)|list %}{% endfor %}",
    "sort-work": "{% for i in range(100000) %}{{ items|sort|length }}{% endfor %}",
    # recursion
    "macro-exponential": "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(60) }}",
    "macro-infinite": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "macro-mutual": "{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}",
    "caller-recursion": "{% macro m() %}{{ caller() }}{% endmacro %}{% macro r() %}{% call m() %}{{ r() }}{% endcall %}{% endmacro %}{{ r() }}",
    "loop-recursion": "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "loop-recursion-wide": "{% for x in [1, 2] recursive %}{{ loop([1, 2]) }}{% endfor %}",
    "block-recursion": "{% block b %}{{ self.b() }}{% endblock %}",
    # parser and compiler
    "nested-for-25": "{% for a in [1] %}" * 25 + "x" + "{% endfor %}" * 25,
    "nested-if-500": "{% if 1 %}" * 500 + "x" + "{% endif %}" * 500,
    "nested-with-200": "{% with %}" * 200 + "x" + "{% endwith %}" * 200,
    "nested-macro-120": "{% macro m() %}" * 120 + "x" + "{% endmacro %}" * 120,
    "parentheses-3000": "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "brackets-3000": "{{ " + "[" * 3000 + "]" * 3000 + " }}",
    "dict-nesting-500": "{{ " + "{'a': " * 500 + "1" + "}" * 500 + " }}",
    "not-chain-3000": "{{ " + "not " * 3000 + "x }}",
    "minus-chain-3000": "{{ " + "- " * 3000 + "1 }}",
    "plus-chain-5000": "{{ " + " + ".join(["1"] * 5000) + " }}",
    "filter-chain-3000": "{{ x" + "|e" * 3000 + " }}",
    "ternary-chain-2000": "{{ " + "1 if x else " * 2000 + "2 }}",
    "getattr-chain-5000": "{{ x" + ".a" * 5000 + " }}",
    "call-chain-3000": "{{ x" + "()" * 3000 + " }}",
}
#: Payloads that only stop at the time limit with the defaults; run with max_seconds=2.
TIMED = frozenset()

CONSTRUCTS: dict[str, str] = {
    "body": "PAYLOAD",
    "header": "PAYLOAD",
    "macro": "{% macro z() %}PAYLOAD{% endmacro %}{{ z() }}",
    "set-block": "{% set z %}PAYLOAD{% endset %}{{ z }}",
    "filter-block": "{% filter upper %}PAYLOAD{% endfilter %}",
    "properties": "PAYLOAD",
}


@dataclass(frozen=True)
class ResourceCase:
    ident: str
    construct: str
    text: str
    context: dict[str, Any]

    @property
    def id(self) -> str:
        return f"resource-{self.ident}-{self.construct}"


def context() -> dict[str, Any]:
    return {"x": "示例", "items": [str(i) for i in range(1000)], "big_data": "字" * 999_999}


def resource_cases() -> list[ResourceCase]:
    return [
        ResourceCase(name, construct, wrapper.replace("PAYLOAD", payload), context())
        for (name, payload), (construct, wrapper) in itertools.product(
            PAYLOADS.items(), CONSTRUCTS.items()
        )
    ]
