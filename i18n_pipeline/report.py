"""Presenting :class:`.stats.SiteStats`: a text table, JSON, and a self-contained HTML page.

The HTML page is meant to be put anywhere (a wiki attachment, a CI artifact, a static host)
and opened from disk, so it loads nothing: the CSS is inline, there are no scripts, fonts or
images, and the bars are plain boxes sized in percent.  Every piece of text from a catalog or
a file name goes through :func:`html.escape`, since msgids and titles are written by others.
Each bar is an image to assistive technology with its numbers as its label, and the numbers
are in the table beside it too.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from pathlib import Path

from .catalog import format_date, now
from .fileio import write_text_atomic
from .stats import Counts, IssueStats, LanguageStats, SiteStats

_COLUMNS = ("translated", "fuzzy", "untranslated", "entries", "done", "words", "words left")
_BASIS_NOTE = {"pot": "no PO yet", "source": "no PO or POT yet"}


# --- text -----------------------------------------------------------------------------------


def _cells(counts: Counts) -> list[str]:
    return [
        str(counts.translated),
        str(counts.fuzzy),
        str(counts.untranslated),
        str(counts.entries),
        f"{counts.percent:.1f}%",
        str(counts.words),
        str(counts.fuzzy_words + counts.untranslated_words),
    ]


def text_table(site: SiteStats) -> str:
    """One line per language (its totals), then one indented line per issue."""
    rows: list[tuple[str, list[str], str]] = []
    for language in site.languages:
        rows.append((f"{language.name} ({language.code})", _cells(language.counts), ""))
        for issue in language.issues:
            rows.append(
                (f"  {issue.issue}", _cells(issue.counts), _BASIS_NOTE.get(issue.basis, ""))
            )
    label_width = max([len("language / issue"), *(len(label) for label, _, _ in rows)])
    widths = [
        max([len(header), *(len(cells[index]) for _, cells, _ in rows)])
        for index, header in enumerate(_COLUMNS)
    ]

    def line(label: str, cells: list[str] | tuple[str, ...], note: str) -> str:
        numbers = "  ".join(cell.rjust(width) for cell, width in zip(cells, widths, strict=True))
        return f"{label.ljust(label_width)}  {numbers}  {note}".rstrip()

    lines = [line("language / issue", _COLUMNS, "")]
    lines.extend(line(label, cells, note) for label, cells, note in rows)
    return "\n".join(lines) + "\n"


def json_text(site: SiteStats) -> str:
    """``stats --format json``: stable key order, two-space indent, UTF-8 names unescaped."""
    return json.dumps(site.to_dict(), indent=2, ensure_ascii=False) + "\n"


# --- HTML -----------------------------------------------------------------------------------

_CSS = """\
:root { --translated: #1f7a3a; --fuzzy: #e0a100; --untranslated: #d5d9de; --text: #1d2127;
  --muted: #59616b; --line: #e3e6ea; --bg: #ffffff; color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; background: var(--bg);
  color: var(--text); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
  "Noto Sans", "Liberation Sans", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
p.meta { color: var(--muted); margin: 0 0 1rem; }
.legend { display: flex; gap: 1.25rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.legend li::before { content: ""; display: inline-block; width: .9em; height: .9em;
  margin-right: .35em; vertical-align: -.1em; border-radius: 2px; }
.legend .translated::before { background: var(--translated); }
.legend .fuzzy::before { background: var(--fuzzy); }
.legend .untranslated::before { background: var(--untranslated); }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid var(--line); text-align: right;
  white-space: nowrap; }
th:first-child, th.progress { text-align: left; }
th[scope="row"] { font-weight: 600; min-width: 16rem; }
thead th { font-weight: 600; color: var(--muted); font-size: .85rem; }
td.bar-cell { width: 35%; }
.bar { display: flex; height: .9rem; min-width: 8rem; border-radius: 3px; overflow: hidden;
  background: var(--untranslated); }
.bar.large { height: 1.4rem; }
.bar span { display: block; height: 100%; }
.bar .translated { background: var(--translated); }
.bar .fuzzy { background: var(--fuzzy); }
.bar .untranslated { background: var(--untranslated); }
.title { display: block; color: var(--muted); font-size: .85rem; font-weight: 400;
  white-space: normal; }
.note { color: var(--muted); font-size: .85rem; font-weight: 400; font-style: italic; }
a { color: inherit; }
"""


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "0%"


def _bar(counts: Counts, subject: str, *, large: bool = False) -> str:
    """A stacked bar; screen readers get its numbers as the label of one image."""
    label = (
        f"{subject}: {counts.translated} translated, {counts.fuzzy} fuzzy, "
        f"{counts.untranslated} untranslated of {counts.entries} entries "
        f"({counts.percent:.1f}% translated)"
    )
    parts = []
    for state, value in (
        ("translated", counts.translated),
        ("fuzzy", counts.fuzzy),
        ("untranslated", counts.untranslated),
    ):
        if value:
            width = _share(value, counts.entries)
            parts.append(f'<span class="{state}" style="width:{width}"></span>')
    css = "bar large" if large else "bar"
    return (
        f'<div class="{css}" role="img" aria-label="{escape(label)}" title="{escape(label)}">'
        + "".join(parts)
        + "</div>"
    )


def _number_cells(counts: Counts) -> str:
    return "".join(f"<td>{escape(cell)}</td>" for cell in _cells(counts))


def _table_head(first: str) -> str:
    headers = "".join(f'<th scope="col">{escape(name)}</th>' for name in _COLUMNS)
    return (
        f'<thead><tr><th scope="col">{escape(first)}</th>'
        f'<th scope="col" class="progress">progress</th>{headers}</tr></thead>'
    )


def _language_label(language: LanguageStats) -> str:
    native = ""
    if language.native_name and language.native_name != language.name:
        native = f' · <span lang="{escape(language.tag)}">{escape(language.native_name)}</span>'
    return f"{escape(language.name)}{native} <small>({escape(language.code)})</small>"


def _issue_row(issue: IssueStats, language: LanguageStats) -> str:
    title = ""
    if issue.translated_title:
        title = (
            f'<span class="title" lang="{escape(language.tag)}">'
            f"{escape(issue.translated_title)}</span>"
        )
    elif issue.title:
        title = f'<span class="title">{escape(issue.title)}</span>'
    note = _BASIS_NOTE.get(issue.basis, "")
    if note:
        title = f' <span class="note">({escape(note)})</span>{title}'
    where = issue.catalog or issue.source
    return (
        f'<tr class="issue" data-issue="{escape(issue.issue)}">'
        f'<th scope="row" title="{escape(where)}">{escape(issue.issue)}{title}</th>'
        f'<td class="bar-cell">{_bar(issue.counts, issue.issue)}</td>'
        f"{_number_cells(issue.counts)}</tr>"
    )


def html_page(
    site: SiteStats, *, title: str = "Translation status", generated: datetime | None = None
) -> str:
    """The status page as one HTML5 document, deterministic for a given ``generated`` time."""
    moment = generated or now()
    issues = max((len(language.issues) for language in site.languages), default=0)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="i18n-pipeline">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{issues} issues in {len(site.languages)} languages · '
        f"generated {escape(format_date(moment))}</p>",
        '<ul class="legend"><li class="translated">translated</li>'
        '<li class="fuzzy">fuzzy (needs review)</li>'
        '<li class="untranslated">untranslated</li></ul>',
        '<table class="languages">',
        _table_head("language"),
        "<tbody>",
    ]
    for language in site.languages:
        out.append(
            f'<tr class="language" data-lang="{escape(language.code)}">'
            f'<th scope="row"><a href="#lang-{escape(language.code)}">'
            f"{_language_label(language)}</a></th>"
            f'<td class="bar-cell">{_bar(language.counts, language.name, large=True)}</td>'
            f"{_number_cells(language.counts)}</tr>"
        )
    out += ["</tbody>", "</table>"]
    for language in site.languages:
        out += [
            f'<section id="lang-{escape(language.code)}" data-lang="{escape(language.code)}">',
            f"<h2>{_language_label(language)}</h2>",
            '<table class="issues">',
            _table_head("issue"),
            "<tbody>",
            *(_issue_row(issue, language) for issue in language.issues),
            "</tbody>",
            "</table>",
            "</section>",
        ]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_html(path: Path, site: SiteStats, *, title: str = "Translation status") -> bool:
    """Write the page atomically; False (file untouched) when it would not change."""
    text = html_page(site, title=title)
    if path.exists() and path.read_bytes() == text.encode("utf-8"):
        return False
    write_text_atomic(path, text)
    return True
