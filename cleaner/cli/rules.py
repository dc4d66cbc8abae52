"""`cleaner rules ...`: list, check, test, new, learn and import-ftr, over one rule loader."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from cleaner.batch.files import read_page
from cleaner.batch.outputs import write_atomic
from cleaner.cli.common import friendly_errors
from cleaner.errors import CleanerError, RuleFileError
from cleaner.options import Options
from cleaner.siterules.checks import run_rule_tests
from cleaner.siterules.draft import MIN_SHARE, draft_rule, learn, learn_markers
from cleaner.siterules.draft_root import learn_root
from cleaner.siterules.ftr import convert_ftr
from cleaner.siterules.load import is_host_name, load_rule_file, load_rules, rule_folders

RULES_DIRS = click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Extra rule folders (repeatable); $CLEANER_RULES adds more.",
)

SKELETON = """\
# Site rule for {domain}. Reference: rules/README.md; check with `cleaner rules check`.
description = "What this rule is for (which pages, which template)"

[match]
domains = ["{domain}"]                 # subdomains match too
# url_patterns = ["/news/"]            # regular expressions searched in the URL
# fingerprints = ["text on every page"] # all must appear (for text without a URL)

# [[html.root]]                        # keep only what is inside this element
# css = "article .entry-content"
# reason = "the article body"

# [[html.drop]]                        # drop these elements (css = or xpath =)
# css = ".related-posts, .share-bar"
# reason = "related posts and share bar"

# [[html.keep]]                        # protect from the generic heuristics
# css = "figure figcaption"
# reason = "captions are article text"

# [[text.start_after]]                 # also start_at, end_before, end_after
# line = "Advertisement"               # or prefix / contains / regex
# reason = "the last header line"

# [[text.drop]]                        # drop matching blocks; [[text.keep]] keeps them
# regex = "^Share (on )?Facebook"
# reason = "share bar"

# [[text.drop_section]]
# start = {{ line = "Related Posts" }}
# reason = "related posts teaser list"

# A test needs a page: save one beside this file, then uncomment and run `cleaner rules test`.
# [[tests]]
# input = "story.html"                 # a page beside this file
# golden = "{domain}--some-story"      # or a golden case the rule must make exact
# url = "https://{domain}/story"
# must_contain = ["a sentence of the article"]
# must_not_contain = ["Related Posts"]
"""


# What `rules test` says of a rule without [[tests]] (a fresh `rules new` skeleton): not a
# failure, since there is no page to test yet, but what to do to get one.
NO_TESTS_HINT = 'save a page of the site beside the rule and add [[tests]] with input = "page.html"'


@click.group()
def rules() -> None:
    """Site rule files: list, check, test, create, learn and import them."""


@rules.command("list")
@RULES_DIRS
@friendly_errors
def rules_list(rules_dirs: tuple[Path, ...]) -> None:
    """List the site rules in use, with the domains they match and their file."""
    for rule in load_rules(tuple(rules_dirs)).rules:
        click.echo(f"{rule.name}\t{', '.join(rule.domains) or '-'}\t{rule.path}")


@rules.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@RULES_DIRS
def rules_check(files: tuple[Path, ...], rules_dirs: tuple[Path, ...]) -> None:
    """Validate rule FILES (default: every rule in use); exit 1 when any is invalid."""
    paths = list(files) or [
        p for folder in rule_folders(tuple(rules_dirs)) for p in sorted(folder.glob("*.toml"))
    ]
    bad = 0
    for path in paths:
        try:
            load_rule_file(path)
            click.echo(f"ok: {path}")
        except CleanerError as error:
            bad += 1
            click.echo(str(error), err=True)
    if not files and not bad:
        try:
            load_rules(tuple(rules_dirs))  # also resolves `extends` across files
        except RuleFileError as error:
            bad += 1
            click.echo(str(error), err=True)
    if bad:
        raise click.ClickException(f"{bad} of {len(paths)} rule files are invalid")


@rules.command("test")
@click.argument("sites", nargs=-1)
@RULES_DIRS
@friendly_errors
def rules_test(sites: tuple[str, ...], rules_dirs: tuple[Path, ...]) -> None:
    """Run the [[tests]] inside rule files (all, or those of SITES); exit 1 on a failure."""
    chosen = [r for r in load_rules(tuple(rules_dirs)).rules if not sites or r.name in sites]
    unknown = set(sites) - {r.name for r in chosen}
    if unknown:
        raise click.UsageError(f"no rule named {', '.join(sorted(unknown))}")
    options = Options(rules_dirs=tuple(rules_dirs))
    failed = passed = 0
    for rule in chosen:
        if not rule.tests:
            click.echo(f"no tests: {rule.name} ({rule.path}): {NO_TESTS_HINT}", err=True)
        for outcome in run_rule_tests(rule, options):
            status = "ok" if outcome.passed else "FAIL"
            click.echo(f"{status}: {rule.name} test {outcome.number}")
            for problem in outcome.problems:
                click.echo(f"    {problem}")
            failed += not outcome.passed
            passed += outcome.passed
    if failed:
        raise click.ClickException(f"{failed} rule test(s) failed, {passed} passed")
    click.echo(f"{passed} rule test(s) passed", err=True)


def site_host(domain: str) -> str:
    """DOMAIN as a rule file names it (lower case, no www.); a URL gives its host.

    Checked here with the checker's own test, so `new` and `learn` never write a rule
    that `rules check` refuses; a bad one is a one-line error and nothing is written.
    """
    host = (urlsplit(domain).hostname or "") if "://" in domain else domain.lower()
    host = host.removeprefix("www.")
    if not is_host_name(host):
        raise click.ClickException(
            f"{domain!r} is not a host name: give the site's domain, such as example.org"
        )
    return host


@rules.command("new")
@click.argument("domain")
@click.option(
    "-d",
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write DOMAIN.toml into.",
)
@friendly_errors
def rules_new(domain: str, folder: Path) -> None:
    """Write a commented skeleton rule file DOMAIN.toml (never over an existing one)."""
    host = site_host(domain)
    target = folder / f"{host}.toml"
    if target.exists():
        raise click.ClickException(f"{target} exists: edit it, or choose another --dir")
    write_atomic(target, SKELETON.format(domain=host))
    click.echo(f"wrote {target}")


@rules.command("learn")
@click.argument("domain")
@click.argument(
    "pages", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft here (atomically) instead of stdout.",
)
@click.option(
    "--min-share",
    type=click.FloatRange(0.0, 1.0),
    default=MIN_SHARE,
    show_default=True,
    help="Share of pages a block must repeat on, outside their own text.",
)
@click.option(
    "--input-kind",
    type=click.Choice(["auto", "html", "text"]),
    default="auto",
    show_default=True,
    help="Treat pages as HTML, scraped text, or tell from the content.",
)
@friendly_errors
def rules_learn(
    domain: str, pages: tuple[Path, ...], output: Path | None, min_share: float, input_kind: str
) -> None:
    """Draft a rule for DOMAIN from several of its PAGES (HTML or scraped text).

    Blocks that repeat across the pages outside each page's own text become drop
    directives with their evidence, and the repeated blocks that bound the article on
    most pages become start/end markers; text unique to a page is never proposed. Review
    the draft before use.
    """
    domain = site_host(domain)
    if len(pages) < 2:
        raise click.UsageError("learning needs at least two pages of the site (5 to 10 work well)")
    data: list[bytes | str] = [read_page(p, Options().max_bytes) for p in pages]  # no FIFO hangs
    options = Options(input_kind=input_kind)  # type: ignore[arg-type]
    proposals = learn(data, options, min_share)
    markers = learn_markers(data, options, min_share)
    root = learn_root(data, options, min_share)
    text = draft_rule(domain, proposals, markers, root)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
    container = f"root container {root.css}" if root else "no shared root container"
    click.echo(
        f"{container}, {len(proposals)} drop directives and {len(markers)} article markers "
        f"proposed from {len(pages)} pages",
        err=True,
    )


@rules.command("import-ftr")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where the TOML rule files go.",
)
@friendly_errors
def rules_import_ftr(folder: Path, output_dir: Path) -> None:
    """Convert a folder of FiveFilters site config files (*.txt) into rule files.

    body/strip/strip_id_or_class become html.root/html.drop directives; every line that
    cannot be carried over is listed on stderr. Each written file is checked by the
    loader, and one that fails is reported and left out.
    """
    written, problems = 0, 0
    for source in sorted(folder.glob("*.txt")):
        converted = convert_ftr(source.name, source.read_text("utf-8", errors="replace"))
        target = output_dir / f"{converted.domain}.toml"
        write_atomic(target, converted.toml)
        try:
            load_rule_file(target)
        except RuleFileError as error:
            target.unlink()
            problems += 1
            click.echo(f"not imported: {error}", err=True)
            continue
        written += 1
        for note in converted.skipped:
            click.echo(f"not carried over: {note}", err=True)
    click.echo(f"{written} rule files written to {output_dir}, {problems} not imported", err=True)
    if problems:
        sys.exit(1)
