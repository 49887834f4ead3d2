"""report: the HTML status page, parsed strictly and rendered by headless Chromium.

The browser tests need Debian's ``chromium`` (marker ``needs_browser``: ``make test`` installs it;
without it they fail with the command to run, rather than skip).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter as Tally
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest
from stats_site import ISSUES, build_site

from conftest import chromium_executable, run
from i18n_pipeline import report, stats

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1200,900",
]
# The CSS colours of the three states, as Chromium paints them (sRGB, no colour management).
TRANSLATED = (0x1F, 0x7A, 0x3A)
FUZZY = (0xE0, 0xA1, 0x00)
UNTRANSLATED = (0xD5, 0xD9, 0xDE)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def page(site: Path) -> Path:
    result = run(site, "report", "-o", "status.html")
    assert result.exit_code == 0, result.output
    assert result.stdout == "written   status.html\n"
    return site / "status.html"


# --- the HTML itself ---------------------------------------------------------------------------


def test_page_is_valid_html5(page: Path) -> None:
    parser = html5lib.HTMLParser(strict=True)  # raises on any HTML5 parse error
    document = parser.parse(page.read_bytes())
    assert document.get("lang") == "en"


def test_page_loads_nothing_from_anywhere(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    document = html5lib.parse(text, namespaceHTMLElements=False)
    tags = {element.tag for element in document.iter()}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "svg", "video"}
    for element in document.iter():
        assert "src" not in element.attrib
        href = element.get("href")
        assert href is None or href.startswith("#"), href
    style = "".join(element.text or "" for element in document.iter("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style


def test_page_is_the_same_for_the_same_catalogs(site: Path, page: Path) -> None:
    again = run(site, "report", "-o", "status.html")
    assert again.stdout == "unchanged status.html\n"  # SOURCE_DATE_EPOCH fixes the date


def test_no_page_from_unreadable_catalogs(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    po = broken / "locales/de/LC_MESSAGES" / f"{ISSUES[1]}.po"
    po.write_bytes(po.read_bytes().replace(b"msgstr", b"msgstr \xff", 1))
    result = run(broken, "report", "-o", "out.html")
    assert result.exit_code == 1
    assert f"{ISSUES[1]}.po:" in result.stderr and "not written: out.html" in result.stderr
    assert not (broken / "out.html").exists()


def test_all_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script>'
    issue = stats.IssueStats(
        issue=hostile,
        language="de",
        source=f"content/{hostile}.md",
        catalog=None,
        basis="pot",
        counts=stats.Counts(1, 1, 1, 3, 3, 3),
        title='"><img src=x onerror=alert(1)>',
    )
    site = stats.SiteStats((stats.LanguageStats("de", "German", "Deutsch", (issue,)),))
    text = report.html_page(site, title="Status & <b>", generated=datetime(2024, 1, 2, tzinfo=UTC))
    html5lib.HTMLParser(strict=True).parse(text)
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "<title>Status &amp; &lt;b&gt;</title>" in text
    assert "generated 2024-01-02 00:00+0000" in text


# --- in the browser ----------------------------------------------------------------------------


def chromium() -> str:
    found = chromium_executable()
    assert found is not None, "the needs_browser marker fails the test first"
    return found


def browse(page: Path, profile: Path, *action: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *action, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


class Cells(HTMLParser):
    """The text of each table row of the rendered DOM, keyed by its data-lang / data-issue."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str], str]] = []
        self.language = ""
        self._cell: list[str] | None = None
        self.labels: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.language = found.get("data-lang") or ""
        if tag == "tr" and ("data-issue" in found or "data-lang" in found):
            key = found.get("data-issue") or found.get("data-lang") or ""
            self.rows.append((self.language, [], key))
        if tag in ("td", "th") and self.rows:
            self._cell = []
        if "aria-label" in found:
            self.labels.append(found["aria-label"] or "")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1][1].append(" ".join(" ".join(self._cell).split()))
            self._cell = None
        if tag == "table":
            self.rows.append(("", [], ""))  # separates the overview from the sections


@pytest.mark.needs_browser
def test_browser_renders_the_numbers(page: Path, tmp_path: Path) -> None:
    dom = browse(page, tmp_path / "profile", "--dump-dom").stdout
    parsed = Cells()
    parsed.feed(dom)
    rows = {(language, key): cells for language, cells, key in parsed.rows if key}
    assert rows[("", "de")] == [
        "German · Deutsch (de)", "", "111", "3", "226", "340", "32.6%", "4925", "3392"
    ]  # fmt: skip
    assert rows[("", "fr")] == [
        "French · français (fr)", "", "0", "0", "341", "341", "0.0%", "4964", "4964"
    ]  # fmt: skip
    assert rows[("de", ISSUES[0])] == [
        "2021-02-05-newsletter DE: The XMPP Newsletter January 2021",
        "", "10", "3", "118", "131", "7.6%", "2302", "2150",
    ]  # fmt: skip
    assert rows[("de", ISSUES[1])][2:] == ["101", "0", "0", "101", "100.0%", "1381", "0"]
    assert rows[("fr", ISSUES[1])][0] == (
        "2022-03-05-newsletter (no PO yet) The XMPP Newsletter February 2022"
    )
    assert rows[("fr", ISSUES[2])][2:] == ["0", "0", "108", "108", "0.0%", "1242", "1242"]
    assert sum(1 for language, _, key in parsed.rows if language and key) == 6
    assert (
        "German: 111 translated, 3 fuzzy, 226 untranslated of 340 entries (32.6% translated)"
        in parsed.labels
    )
    assert '<span lang="de">Deutsch</span>' in dom
    assert '<span class="title" lang="de">DE: The XMPP Newsletter January 2021</span>' in dom


@pytest.mark.needs_browser
def test_browser_paints_the_bars(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "status.png"
    browse(page, tmp_path / "profile", f"--screenshot={shot}")
    width, height, pixels = read_png(shot)
    assert (width, height) == (1200, 900)
    colours = Tally(pixels[y][x] for y in range(height) for x in range(width))
    assert len(colours) > 50, "the screenshot is nearly one colour: the page did not render"
    assert colours.most_common(1)[0][0] == (255, 255, 255)  # the page background
    for colour in (TRANSLATED, FUZZY, UNTRANSLATED):
        assert colours[colour] > 100, colour
    # The first rows with a long run of the translated colour (the legend's swatch is short)
    # are the overview bar of German: 111 translated, 3 fuzzy, 226 untranslated of 340.
    bar = [y for y in range(height) if pixels[y].count(TRANSLATED) > 40]
    assert bar
    first = bar[0]
    while first + 1 in bar:
        first += 1
    row = pixels[(bar[0] + first) // 2]
    runs = Tally(pixel for pixel in row if pixel in (TRANSLATED, FUZZY, UNTRANSLATED))
    total = sum(runs.values())
    assert total > 200
    assert abs(runs[TRANSLATED] / total - 111 / 340) < 0.01
    assert abs(runs[FUZZY] / total - 3 / 340) < 0.01


def read_png(path: Path) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Decode an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes) to RGB rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[list[tuple[int, int, int]]] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif method == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                best = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + best) & 0xFF
        rows.append(
            [tuple(line[x : x + 3]) for x in range(0, stride, channels)]  # type: ignore[misc]
        )
        previous = line
    return width, height, rows
