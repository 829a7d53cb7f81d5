"""Published pages in a real browser: axe-core finds no WCAG 2.x A/AA violation, the table of
contents works from the keyboard alone, and the page reflows at 200 % zoom.

Debian's Chromium and chromedriver (apt packages ``chromium``, ``chromium-driver``) are
driven headless through a small W3C WebDriver client over urllib, so nothing is downloaded
at run time; axe-core comes from the npm registry, pinned in package-lock.json (``npm ci``).
The tests skip, saying why, only when one of those is missing, and never under ``.ci/run``
(``MOU_REQUIRE_BROWSER=1``), which installs them.
Screenshots go to the test's tmp dir, or to ``$MOU_SCREENSHOTS`` when set (to look at them).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mou_builder.model.language import LANGUAGES
from mou_builder.workflows.publish import page_name, publish

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
EXAMPLES = sorted((ROOT / "examples").glob("*.mou.yaml"))
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TAB, ENTER = "\ue004", "\ue007"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if not CHROMEDRIVER.exists():
        return f"{CHROMEDRIVER} is not installed (apt-get install chromium-driver)"
    if not AXE.exists():
        return f"{AXE.relative_to(ROOT)} is missing (run `npm ci` in the checkout)"
    return None


#: set by .ci/run: there a missing browser or axe-core fails the tests instead of skipping them
REQUIRED = os.environ.get("MOU_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(_missing() is not None and not REQUIRED, reason=_missing() or "")


class WebDriver:
    """Just enough of the W3C WebDriver protocol: navigate, run script, keys, screenshots."""

    def __init__(self, profile: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [str(CHROMEDRIVER), f"--port={self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait_ready()
        options = {"binary": str(CHROMIUM), "args": [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]}
        capabilities = {"alwaysMatch": {"goog:chromeOptions": options}}
        value = self._call("POST", "/session", {"capabilities": capabilities})
        self.session = f"/session/{value['sessionId']}"

    def _wait_ready(self) -> None:
        for _ in range(100):
            try:
                if self._call("GET", "/status").get("ready"):
                    return
            except OSError:
                pass
            time.sleep(0.1)  # chromedriver starting (readiness poll, not a timed assertion)
        raise RuntimeError("chromedriver did not start")

    def _call(self, method: str, path: str, body: object = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as exc:
            raise RuntimeError(exc.read().decode("utf-8", "replace")) from None

    def command(self, method: str, path: str, body: object = None) -> Any:
        return self._call(method, self.session + path, body)

    def get(self, url: str) -> None:
        self.command("POST", "/url", {"url": url})

    def script(self, source: str, *args: object) -> Any:
        return self.command("POST", "/execute/sync", {"script": source, "args": list(args)})

    def async_script(self, source: str, *args: object) -> Any:
        return self.command("POST", "/execute/async", {"script": source, "args": list(args)})

    def press(self, key: str) -> None:
        steps = [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]
        self.command(
            "POST", "/actions", {"actions": [{"type": "key", "id": "k", "actions": steps}]}
        )

    def cdp(self, cmd: str, **params: object) -> Any:
        return self.command("POST", "/goog/cdp/execute", {"cmd": cmd, "params": params})

    def zoom(self, factor: int) -> None:
        """Browser zoom: the CSS viewport narrows by ``factor``, each CSS pixel grows by it."""
        if factor == 1:
            self.cdp("Emulation.clearDeviceMetricsOverride")
            return
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            width=1280 // factor,
            height=900 // factor,
            deviceScaleFactor=factor,
            mobile=False,
        )

    def screenshot(self, path: Path) -> Path:
        shot = self.cdp("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def quit(self) -> None:
        try:
            self.command("DELETE", "")
        finally:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    for spec in EXAMPLES:
        publish(spec, out, langs=list(LANGUAGES))
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    profile = Path(tempfile.mkdtemp(prefix="mou-chromium-"))
    driver = WebDriver(profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("MOU_SCREENSHOTS")
    if chosen:
        Path(chosen).mkdir(parents=True, exist_ok=True)
        return Path(chosen)
    return tmp_path_factory.mktemp("screenshots")


def _spec_id(spec: Path) -> str:
    from mou_builder.sources.specfile import load_spec

    return load_spec(spec).spec.id


def open_page(browser: WebDriver, site: Path, spec: Path, lang: str) -> Path:
    page = site / page_name(_spec_id(spec), lang)
    browser.zoom(1)
    browser.get(page.as_uri())
    return page


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({id: v.id, help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.html)}))))
  .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
"""


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.name.removesuffix(".mou.yaml"))
def test_every_page_passes_axe_for_wcag_2_1_aa(browser, site, shots, spec, lang):
    page = open_page(browser, site, spec, lang)
    browser.script(AXE.read_text(encoding="utf-8"))
    violations = browser.async_script(AXE_RUN, TAGS)
    assert violations == []
    browser.screenshot(shots / f"{page.stem}.png")


def test_axe_does_report_a_violation_on_a_broken_page(browser, tmp_path):
    """The harness can fail: a page without a language and with an unlabelled image."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head>"
        '<body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>'
    )
    browser.get(broken.as_uri())
    browser.script(AXE.read_text(encoding="utf-8"))
    found = {v["id"] for v in browser.async_script(AXE_RUN, TAGS)}
    assert {"html-has-lang", "image-alt"} <= found


FOCUSED = """
const e = document.activeElement;
const style = getComputedStyle(e);
return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, href: e.getAttribute('href'),
        inMain: !!e.closest('main'), inToc: !!e.closest('nav#contents'),
        outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
        hash: location.hash};
"""


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_table_of_contents_works_from_the_keyboard(browser, site, shots, lang):
    spec = ROOT / "examples" / "oakview-ca.mou.yaml"
    open_page(browser, site, spec, lang)
    browser.press(TAB)
    first = browser.script(FOCUSED)
    assert (first["cls"], first["href"]) == ("skip", "#main")
    assert first["outline"] != "none" and first["width"] > 0
    browser.screenshot(shots / f"keyboard-skip-link.{lang}.png")
    browser.press(ENTER)
    landed = browser.script(FOCUSED)
    assert (landed["tag"], landed["id"], landed["hash"]) == ("main", "main", "#main")

    open_page(browser, site, spec, lang)  # from the top again, into the contents
    seen = []
    for _ in range(12):
        browser.press(TAB)
        now = browser.script(FOCUSED)
        seen.append(now["href"])
        if now["inToc"] and now["href"] == "#section-6":
            break
    else:
        pytest.fail(f"TAB never reached the link to section 6; focus went {seen}")
    assert now["outline"] != "none" and now["width"] > 0
    browser.press(ENTER)
    heading = browser.script(FOCUSED)
    assert (heading["tag"], heading["id"], heading["hash"]) == ("h2", "section-6", "#section-6")
    assert heading["outline"] != "none" and heading["width"] > 0
    browser.screenshot(shots / f"keyboard-section-6.{lang}.png")


def test_a_cross_reference_link_moves_to_the_section_it_names(browser, site):
    open_page(browser, site, ROOT / "examples" / "oakview-ca.mou.yaml", "en")
    target = browser.script(
        "const a = document.querySelector('section#purpose a[href^=\"#section-\"]');"
        "a.click(); return [a.textContent, document.activeElement.id, location.hash];"
    )
    number = target[0].split()[-1]
    assert target == [f"Section {number}", f"section-{number}", f"#section-{number}"]


@pytest.mark.parametrize("factor", [2, 4])
@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_page_reflows_when_zoomed(browser, site, shots, lang, factor):
    """At 200 % and at 400 % (a 320 px wide viewport, WCAG 1.4.10) nothing scrolls sideways."""
    page = open_page(browser, site, ROOT / "examples" / "oakview-ca.mou.yaml", lang)
    browser.zoom(factor)
    widths = browser.script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " window.innerWidth];"
    )
    assert widths[2] == 1280 // factor  # the zoomed CSS viewport
    assert widths[0] <= widths[1]  # no sideways scrolling
    browser.screenshot(shots / f"{page.stem}.zoom{factor}00.png")
    browser.script("document.getElementById('required').scrollIntoView()")
    browser.screenshot(shots / f"{page.stem}.zoom{factor}00-required.png")
    browser.script("document.getElementById('section-8').scrollIntoView()")
    browser.screenshot(shots / f"{page.stem}.zoom{factor}00-table.png")
    browser.zoom(1)


LOGO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def test_a_themed_page_with_a_logo_passes_axe(browser, shots, tmp_path):
    (tmp_path / "logo.png").write_bytes(LOGO)
    theme = tmp_path / "theme.yaml"
    theme.write_text(
        "colors: {heading: '#5a1a1a', link: '#0b4f6c', accent: '#5a1a1a'}\n"
        "logo: logo.png\nlogo_alt: Oakview Unified School District\n"
    )
    spec = ROOT / "examples" / "oakview-ca.mou.yaml"
    result = publish(spec, tmp_path / "site", langs=list(LANGUAGES), theme=theme, draft=True)
    for page in result.pages.values():
        browser.zoom(1)
        browser.get(page.as_uri())
        browser.script(AXE.read_text(encoding="utf-8"))
        assert browser.async_script(AXE_RUN, TAGS) == []
        browser.screenshot(shots / f"themed-{page.stem}.png")
