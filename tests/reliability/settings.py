"""Hypothesis budget shared by the property tests.  模糊测试的样例数。

``FUZZ_EXAMPLES`` is the total number of examples across every property test
(``make fuzz`` sets 10000); the default keeps ``make test`` fast (≥ 200 in all).
``FUZZ_BATCH_RECORDS`` sizes the kill -9 batch (300 by default, 2000 in ``make fuzz``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

DEFAULT_TOTAL = 280
#: Property tests sharing the budget: one per kind (7) plus the text round trip.
PROPERTY_TESTS = 8


def total_examples() -> int:
    return int(os.environ.get("FUZZ_EXAMPLES", DEFAULT_TOTAL))


def per_test() -> int:
    return max(total_examples() // PROPERTY_TESTS, 10)


def fuzz_settings() -> settings:
    """Settings of one property test (its share of the total)."""
    return settings(
        max_examples=per_test(),
        deadline=None,
        derandomize=os.environ.get("FUZZ_EXAMPLES") is None,  # default run: reproducible
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
        database=None,
        print_blob=True,
    )


def batch_records() -> int:
    return int(os.environ.get("FUZZ_BATCH_RECORDS", 300))
