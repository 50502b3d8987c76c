"""Damaged PDFs: a clear error or a valid OFD, never a traceback (issue 21)."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doctemplates.errors import DocTemplatesError
from doctemplates.ofd import to_ofd
from tests.ofd.conftest import Doc
from tests.reliability.settings import per_test


@settings(
    max_examples=per_test(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_damaged_pdf(samples: dict[str, Doc], data: st.DataObject) -> None:
    pdf = bytearray(samples["letter"].pdf)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(pdf) - 1))
        pdf[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        pdf = pdf[: data.draw(st.integers(1, len(pdf)))]
    try:
        ofd = to_ofd(bytes(pdf))
    except DocTemplatesError as error:
        assert error.describe()
        return
    with zipfile.ZipFile(io.BytesIO(ofd)) as archive:
        assert archive.testzip() is None
        assert "OFD.xml" in archive.namelist()
