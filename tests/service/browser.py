"""Debian's Chromium driven by Selenium for the page tests.  用系统 Chromium 测试网页。

Only a browser and a driver that are installed on the machine are used
(``chromium`` and ``chromium-driver`` from apt, ``.ci/system-deps.sh``); Selenium
Manager is kept offline, so nothing is downloaded.  The window is 1366×768, the
smallest screen the page promises to be readable on.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

WIDTH, HEIGHT = 1366, 768
ROOT = Path(__file__).resolve().parents[2]
#: Screenshots of each step, shown in docs/网页使用说明.md.
SHOTS = ROOT / "docs" / "images" / "web"

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_DRIVERS = ("chromedriver", "/usr/lib/chromium/chromedriver", "/usr/bin/chromedriver")


def find_browser() -> tuple[str | None, str | None]:
    """(browser, driver) executables on this machine, None where missing."""
    browser = next((p for name in _BROWSERS if (p := shutil.which(name))), None)
    driver = next((p for name in _DRIVERS if (p := shutil.which(name))), None)
    return browser, driver


@contextmanager
def chromium(downloads: Path) -> Iterator[Any]:
    """A headless Chromium whose downloads land in ``downloads``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = find_browser()
    assert browser and driver
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # root in CI containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--lang=zh-CN",
        f"--window-size={WIDTH},{HEIGHT}",
        "--disable-background-networking",
        "--no-first-run",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            # a person answers "allow multiple downloads" once; the tests download many
            "profile.default_content_setting_values.automatic_downloads": 1,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    web = webdriver.Chrome(service=Service(driver), options=options)
    try:
        web.execute_cdp_cmd(
            "Browser.setDownloadBehavior",
            {"behavior": "allow", "downloadPath": str(downloads), "eventsEnabled": True},
        )
        # the viewport itself is 1366×768 (a window of that size has less room for the page)
        web.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )
        web.set_script_timeout(60)
        yield web
    finally:
        web.quit()


def wait_for(check: Callable[[], T], timeout: float = 30, what: str = "condition") -> T:
    """Poll ``check`` until it returns something true; its last error explains a timeout."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
        except Exception as exc:  # stale elements while the page re-renders
            last = exc
        else:
            if value:
                return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}: {last!r}")


def download(web: Any, click: Callable[[], object], suffix: str, timeout: float = 60) -> Path:
    """Click, and return the file the browser saved (ending in ``suffix``).

    Each download goes to a folder of its own: Chromium does not save a second file
    of the same name into a folder that has one.
    """
    download.count += 1  # type: ignore[attr-defined]
    folder = Path(web.downloads) / f"{download.count:03d}"  # type: ignore[attr-defined]
    folder.mkdir()
    web.execute_cdp_cmd(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(folder), "eventsEnabled": True},
    )
    click()
    return downloaded(folder, suffix, set(), timeout)


download.count = 0  # type: ignore[attr-defined]


def downloaded(folder: Path, suffix: str, before: set[str], timeout: float = 60) -> Path:
    """The file ending in ``suffix`` that appeared in ``folder`` (complete: no .crdownload)."""

    def done() -> Path | None:
        names = {p.name for p in folder.iterdir()}
        if any(n.endswith(".crdownload") for n in names):
            return None
        fresh = sorted(n for n in names - before if n.endswith(suffix))
        return folder / fresh[0] if fresh else None

    try:
        return wait_for(done, timeout, f"a {suffix} download")
    except AssertionError as exc:
        names = sorted(p.name for p in folder.iterdir())
        raise AssertionError(f"{exc}; in the folder: {names}; before: {sorted(before)}") from None


def shot(web: Any, name: str) -> Path:
    """Save a screenshot of the viewport as docs/images/web/NAME.png.

    The file is replaced only when the page looks different (more than 0.5 % of the
    pixels changed): anti-aliasing and a blinking caret change a few pixels each run, and
    a test run should not leave the working tree modified for nothing.
    """
    import io

    from PIL import Image, ImageChops

    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"{name}.png"
    png = web.get_screenshot_as_png()
    if target.exists():
        new = Image.open(io.BytesIO(png)).convert("RGB")
        old = Image.open(target).convert("RGB")
        if new.size == old.size:
            diff = (
                ImageChops.difference(new, old).convert("L").point(lambda v: 255 if v > 16 else 0)
            )
            changed = sum(diff.histogram()[255:])
            if changed <= 0.005 * new.size[0] * new.size[1]:
                return target
    target.write_bytes(png)
    return target
