"""The click twin of the Python API: flags -> Options -> api -> outputs. No heuristics here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cleaner import __version__
from cleaner.api import clean_page
from cleaner.batch.files import read_page, too_big
from cleaner.batch.outputs import Plan, clean_files, plan_outputs, remove_stale_temporaries
from cleaner.batch.progress import Progress, Verbosity
from cleaner.batch.runner import clean_many, default_jobs
from cleaner.batch.selection import DEFAULT_NAMES, Selection
from cleaner.batch.stream_output import Sink
from cleaner.batch.streams import Counts, Fields, StreamRun, clean_jsonl, clean_warc
from cleaner.cli.common import friendly_errors
from cleaner.cli.eval import evaluate
from cleaner.cli.rules import rules
from cleaner.errors import CleanerError
from cleaner.options import Options
from cleaner.output.explain import explain as explain_result
from cleaner.output.render import render
from cleaner.page import Result


def option_flags(command: Callable[..., Any]) -> Callable[..., Any]:
    """The flags every cleaning command shares; each is a field of Options."""
    decorators = [
        click.option(
            "--url",
            default=None,
            help="The page's URL (picks the site rule); found in the page when omitted.",
        ),
        click.option(
            "--input-kind",
            type=click.Choice(["auto", "html", "text"]),
            default="auto",
            show_default=True,
            help="Treat input as HTML, scraped text, or tell from the content.",
        ),
        click.option(
            "--format",
            "output_format",
            type=click.Choice(["txt", "markdown", "json"]),
            default="txt",
            show_default=True,
            help="Output: plain text (GOLDEN.md form), Markdown, or JSON with every decision.",
        ),
        click.option(
            "--rules",
            "rules_dirs",
            multiple=True,
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            help="A folder of extra site rule files (repeatable); overrides shipped rules.",
        ),
        click.option(
            "--no-rules",
            "no_rules",
            is_flag=True,
            help="Ignore site rules: generic heuristics only.",
        ),
        click.option(
            "--language",
            default=None,
            help="ISO 639-1 code of the pages' language; guessed when omitted.",
        ),
        click.option(
            "--target-language",
            default=None,
            help="ISO 639-1 code: a page in another language gives empty output and is "
            "reported as skipped by language.",
        ),
        click.option(
            "--metadata",
            is_flag=True,
            help="JSON, JSONL and WARC records get author, date, site name, description, "
            "categories, tags, license and image (trafilatura; ~15 ms more a page).",
        ),
        click.option(
            "--max-bytes",
            type=click.IntRange(min=1),
            default=Options().max_bytes,
            show_default=True,
            help="Refuse pages larger than this.",
        ),
        click.option(
            "--max-elements",
            type=click.IntRange(min=1),
            default=Options().max_elements,
            show_default=True,
            help="Refuse pages whose HTML tree has more elements than this.",
        ),
        click.option(
            "--accurate",
            is_flag=True,
            help="HTML: trafilatura reads the page too, and what it kept is evidence for the "
            "learned stage (with --no-model: it settles cleaner's weak calls). Better text, "
            "about twice the time.",
        ),
        click.option(
            "--fast",
            is_flag=True,
            help="Fast mode: one model decides each block, skipping the heuristic stages. "
            "HTML: about 3x trafilatura's speed; scraped text: about 1,000 pages a second. "
            "A little less accurate; pages a site rule matches are cleaned as usual.",
        ),
        click.option(
            "--body-only",
            "body_only",
            is_flag=True,
            help="The article body alone (schema.org articleBody): leave out the headline, "
            "the standfirst, captions and bylines; the title stays in json output.",
        ),
        click.option(
            "--no-model",
            "no_model",
            is_flag=True,
            help="Leave out the learned stage: heuristics and site rules alone decide.",
        ),
        click.option(
            "--time-limit",
            type=click.FloatRange(min=0),
            default=Options().time_limit,
            show_default=True,
            help="Seconds one page may take before it is abandoned (0: no limit).",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def build_options(flags: dict[str, Any]) -> Options:
    """Options from the shared flags."""
    return Options(
        url=flags["url"],
        input_kind=flags["input_kind"],
        output_format=flags["output_format"],
        rules_dirs=tuple(flags["rules_dirs"]),
        use_rules=not flags["no_rules"],
        language=flags["language"],
        max_bytes=flags["max_bytes"],
        max_elements=flags["max_elements"],
        time_limit=flags["time_limit"],
        accurate=flags["accurate"],
        use_model=not flags["no_model"],
        fast=flags["fast"],
        target_language=flags["target_language"],
        metadata=flags["metadata"],
        body_only=flags["body_only"],
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """cleaner: give back the article text of web pages (HTML or already-scraped text)."""


def read_input(path: str, max_bytes: int) -> bytes:
    """The bytes of a file, or of standard input for '-', never more than max_bytes + 1.

    A FIFO, a device or a file over max_bytes is refused before it is read (cleaner.batch.files).
    """
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise click.ClickException(too_big(None, max_bytes))
        return data
    try:
        return read_page(Path(path), max_bytes)
    except CleanerError as error:
        raise click.ClickException(str(error)) from error


def jobs_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """-j/--jobs, shared by the batch and stream commands."""
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Worker processes [default: the number of cores].",
    )(command)


def walk_flags(command: Callable[..., Any]) -> Callable[..., Any]:
    """--include and --exclude: which files walked folders give (cleaner.batch.selection)."""
    command = click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="In folders, leave out files and folders matching GLOB (repeatable).",
    )(command)
    return click.option(
        "--include",
        multiple=True,
        metavar="GLOB",
        help="In folders, take only files matching GLOB (repeatable) instead of the "
        "default names. A GLOB without '/' matches names, with '/' the path below "
        "the folder.",
    )(command)


def report_flags(command: Callable[..., Any]) -> Callable[..., Any]:
    """-q, -v and --progress: what a batch says on stderr."""
    decorators = [
        click.option(
            "-q", "--quiet", is_flag=True, help="No progress, notes or summary; errors only."
        ),
        click.option(
            "-v", "--verbose", is_flag=True, help="One line per page: kept/dropped, or why not."
        ),
        click.option(
            "--progress/--no-progress",
            "show_progress",
            default=None,
            help="Show the progress bar [default: when stderr is a terminal].",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write each page's text to this folder, as its input's name plus .txt (.md/.json), "
    "at its path below its input folder, instead of stdout; '-' is written as stdin.txt. "
    "'-o -' prints to stdout, as no -o does.",
)
@jobs_option
@click.option(
    "--skip-existing",
    is_flag=True,
    help="With -o, leave pages whose output already exists (resume a run).",
)
@walk_flags
@report_flags
@option_flags
@friendly_errors
def clean(
    inputs: tuple[str, ...],
    output_dir: Path | None,
    jobs: int | None,
    skip_existing: bool,
    **flags: Any,
) -> None:
    r"""Clean INPUT files (folders are walked; '-' reads stdin).

    Without -o, one input is printed to stdout. With -o, every input is written to
    OUTDIR atomically, in parallel; a page that fails is reported and the others go on,
    and the exit status is 1 when any failed.

    \b
    What folders give, unless --include says otherwise:
      *.html *.htm *.xhtml *.shtml *.php *.asp *.aspx, each also + .gz,
      *.txt *.text (scraped text) and names without an extension.
    Folders named .* or _* (.git, Sphinx's _sources) are not walked: name
    one to clean it. Files named on the command line are always cleaned.
    """
    options = build_options(flags)
    if output_dir == Path("-"):  # the Unix spelling of stdout, never a folder named '-'
        output_dir = None
    if output_dir is None:
        if len(inputs) != 1 or (inputs[0] != "-" and Path(inputs[0]).is_dir()):
            raise click.UsageError("several inputs or a folder need -o OUTDIR")
        result = clean_one(read_input(inputs[0], options.max_bytes), options)
        click.echo(render(result, options.output_format), nl=False)
        return
    verbosity = report_level(flags)
    plan = batch_plan(inputs, output_dir, options, flags)
    say_notes(plan, output_dir, verbosity)
    progress = Progress(plan.total, verbosity, flags["show_progress"])
    failures = clean_files(plan, options, jobs or default_jobs(), skip_existing, progress)
    if verbosity != "verbose":
        for failure in failures:
            click.echo(f"failed: {failure}", err=True)
    progress.finish()
    if failures:
        sys.exit(1)


def report_level(flags: dict[str, Any]) -> Verbosity:
    """-q or -v (not both) as the verbosity of a batch."""
    if flags["quiet"] and flags["verbose"]:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together")
    return "quiet" if flags["quiet"] else "verbose" if flags["verbose"] else "normal"


def batch_plan(
    inputs: tuple[str, ...], output_dir: Path, options: Options, flags: dict[str, Any]
) -> Plan:
    """The plan of a `clean -o` run; an error when an input is missing or nothing is found."""
    missing = [p for p in inputs if p != "-" and not os.path.lexists(p)]  # a dangling link
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    if inputs.count("-") > 1:
        raise click.UsageError("'-' (standard input) can be given only once")
    selection = Selection(tuple(flags["include"]), tuple(flags["exclude"]))
    plan = plan_outputs([Path(p) for p in inputs], output_dir, options.output_format, selection)
    if plan.total == 0:
        chosen = f"--include {' '.join(selection.include)}" if selection.include else None
        hidden = f" (not walked: {left_out_names(plan)})" if plan.left_out else ""
        raise click.ClickException(
            f"nothing to clean in {', '.join(inputs)}: no file in it matches "
            f"{chosen or DEFAULT_NAMES}{hidden}; name files, or choose them with --include GLOB"
        )
    return plan


# Folders left out by their names that the note names; the rest are counted.
LEFT_OUT_SHOWN = 5


def left_out_names(plan: Plan) -> str:
    """The folders a walk left out by their names, the first LEFT_OUT_SHOWN of them."""
    names = ", ".join(str(path) for path in plan.left_out[:LEFT_OUT_SHOWN])
    more = len(plan.left_out) - LEFT_OUT_SHOWN
    return names + (f" and {more} more" if more > 0 else "")


def say_notes(plan: Plan, output_dir: Path, verbosity: Verbosity) -> None:
    """The notes before a batch: temporaries removed, naming, files and folders left out."""
    removed = remove_stale_temporaries(output_dir)
    if verbosity == "quiet":
        return
    if removed:
        click.echo(f"note: removed {removed} temporary files of interrupted runs", err=True)
    for line in plan.notes:
        click.echo(f"note: {line}", err=True)
    if plan.left_out:
        click.echo(
            f"note: folders named .* or _* are not walked: {left_out_names(plan)} "
            "(name one to clean it)",
            err=True,
        )
    if verbosity == "normal":
        for line in plan.skipped:
            click.echo(f"skipped: {line}", err=True)


def clean_one(page: bytes, options: Options) -> Result:
    """One page for stdout, under a time limit that holds even in C code.

    With a limit set, the page is cleaned in a supervised worker (cleaner/batch/pool.py) that is
    killed past it, as in batches: in this process SIGALRM stops Python code only, and a
    site rule's XPath ran 291 s under --time-limit 5. The worker costs about 0.3 s;
    --time-limit 0 cleans in this process.
    """
    if options.time_limit <= 0:
        return clean_page(page, options=options)
    result = next(clean_many([page], options, jobs=1))
    if result.error is not None:
        raise CleanerError(result.error)
    return result


def resume_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--resume, shared by the stream commands."""
    return click.option(
        "--resume",
        is_flag=True,
        help="With -o: continue an interrupted run from OUT.partial (same input and flags).",
    )(command)


def stream_sink(output: Path | None, resume: bool, inputs: tuple[str | Path, ...]) -> Sink:
    """Where a stream command writes (see stream_output.py); --resume needs -o.

    OUT.partial is renamed onto OUT at the end, so OUT must not be one of the inputs.
    """
    if resume and output is None:
        raise click.UsageError("--resume continues OUT.partial: it needs -o OUT")
    if output is not None and output.exists():
        for name in inputs:
            if name != "-" and Path(name).exists() and output.samefile(name):
                raise click.UsageError(f"-o {output} is an input: inputs are never replaced")
    sink = Sink(output, resume)
    if sink.removed:
        click.echo(f"removed {sink.removed} stale temporary file(s) of earlier runs", err=True)
    if resume:
        click.echo(f"resuming: {sink.kept:,} records kept from {sink.partial}", err=True)
    return sink


# Damage lines printed on stderr at most; the rest are counted (each is in the output too).
DAMAGE_SHOWN = 20


def finish_stream(counts: Counts) -> None:
    """Print a stream run's damage and summary; exit 1 when any record failed."""
    for line in counts.errors[:DAMAGE_SHOWN]:
        click.echo(line, err=True)
    if len(counts.errors) > DAMAGE_SHOWN:
        click.echo(f"... and {len(counts.errors) - DAMAGE_SHOWN} more damaged places", err=True)
    warned = f", {counts.warned} with warnings" if counts.warned else ""
    warned += f", {counts.off_language} skipped by language" if counts.off_language else ""
    click.echo(
        f"{counts.cleaned} cleaned, {counts.empty} empty, {counts.failed} failed, "
        f"{counts.skipped} skipped{warned}",
        err=True,
    )
    if counts.failed or counts.errors:
        sys.exit(1)


@main.command()
@click.argument("input_file", default="-", type=click.Path(allow_dash=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the records here instead of stdout: built up in OUT.partial, renamed at the end.",
)
@resume_option
@click.option("--html-field", default="html", show_default=True, help="Record field holding HTML.")
@click.option(
    "--text-field",
    default="text",
    show_default=True,
    help="Record field holding scraped text (used when there is no HTML field).",
)
@click.option(
    "--url-field", default="url", show_default=True, help="Record field holding the page URL."
)
@click.option(
    "--output-field",
    default="text",
    show_default=True,
    help="Field the cleaned text is written to.",
)
@click.option("--title-field", default=None, help="Also write the page title to this field.")
@click.option(
    "--rule-field", default=None, help="Also write the name of the site rule used to this field."
)
@jobs_option
@option_flags
@friendly_errors
def jsonl(  # noqa: PLR0913 (click passes each flag as an argument)
    input_file: str,
    output: Path | None,
    html_field: str,
    text_field: str,
    url_field: str,
    output_field: str,
    title_field: str | None,
    rule_field: str | None,
    jobs: int | None,
    resume: bool,
    **flags: Any,
) -> None:
    """Clean a JSON Lines stream: one page per record, written back with its text.

    Reads INPUT_FILE (default: stdin) record by record in constant memory and writes every
    record, in input order, with the cleaned text added; a record that cannot be cleaned
    gets an `error` field instead, and is never dropped. With -o, what is done is kept in
    OUT.partial if the run stops; --resume continues it.
    """
    fields = Fields(html_field, text_field, url_field, output_field, title_field, rule_field)
    options = build_options(flags)
    try:
        source = sys.stdin.buffer if input_file == "-" else open(input_file, "rb")  # noqa: SIM115
    except OSError as error:
        raise click.ClickException(f"cannot read {input_file}: {error.strerror}") from error
    with source, stream_sink(output, resume, (input_file,)) as sink:
        run = StreamRun(options, jobs or default_jobs(), sink.kept)
        counts = clean_jsonl(source, sink.write, run, fields)
    finish_stream(counts)


@main.command()
@click.argument(
    "warc_files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JSONL here instead of stdout: built up in OUT.partial, renamed at the end.",
)
@resume_option
@jobs_option
@click.option(
    "--any-status",
    is_flag=True,
    help="Clean HTML responses whatever their HTTP status (default: 2xx only; the others "
    "are lines with a `skipped` field).",
)
@option_flags
@friendly_errors
def warc(
    warc_files: tuple[Path, ...],
    output: Path | None,
    jobs: int | None,
    resume: bool,
    any_status: bool,
    **flags: Any,
) -> None:
    """Clean the HTML responses of WARC_FILES (.warc or .warc.gz) into JSON Lines.

    Each output line holds url, warc_record_id, status (HTTP), date (WARC-Date), title
    and text (or error). HTTP headers' charsets are respected; non-HTML responses are
    skipped and counted; HTML responses that are not 2xx (a 404 page, a redirect) are
    lines with a `skipped` field saying why, not cleaned, unless --any-status. Damage (a
    broken gzip member, a cut file) is a line with warc_file, offset and error, the good
    records around it are kept, and the exit status is 1. -o and --resume work as for jsonl.
    """
    options = build_options(flags)
    with stream_sink(output, resume, warc_files) as sink:
        run = StreamRun(options, jobs or default_jobs(), sink.kept)
        counts = clean_warc(warc_files, sink.write, run, any_status)
    finish_stream(counts)


@main.command()
@click.argument("input_file")
@click.option(
    "--only",
    type=click.Choice(["kept", "dropped"]),
    default=None,
    help="Show only kept or only dropped blocks.",
)
@option_flags
@friendly_errors
def explain(input_file: str, only: str | None, **flags: Any) -> None:
    """Show every block of INPUT_FILE with keep/drop, the stage that decided, and why."""
    options = build_options(flags)
    result = clean_one(read_input(input_file, options.max_bytes), options)
    click.echo(explain_result(result, only), nl=False)


main.add_command(rules)
main.add_command(evaluate)
