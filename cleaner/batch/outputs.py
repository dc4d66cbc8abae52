"""Inputs and outputs on disk: walk input folders, name outputs, write them atomically.

An output file is written to a temporary file in the same folder and moved into place with
os.replace, so it is either complete or absent, whatever happens to the process.

Naming (README, "Command line"): an input keeps its full name and gains the output's
extension (`story.html` -> `story.html.txt`, `story` -> `story.txt`), below OUTDIR at its
path relative to the input folder it was found in (a file named directly goes to OUTDIR
itself). So an output's name depends on its input alone, which --skip-existing relies on.
The clashes left (the same name under two input arguments; names that differ only in
case, which clash on case-insensitive disks) are resolved in input order: the later
input gets `~2` (`~3`, ...) before the extension, and a note says so.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, TextIO

from cleaner.batch.files import not_regular, too_big
from cleaner.batch.progress import Outcome, Progress
from cleaner.batch.runner import Item, clean_many
from cleaner.batch.selection import Selection, left_out_by_default
from cleaner.errors import OutputError
from cleaner.options import Options
from cleaner.output.render import render
from cleaner.page import Result

EXTENSIONS = {"txt": ".txt", "markdown": ".md", "json": ".json"}
# '-' among the inputs is standard input, written as OUTDIR/stdin.txt (.md, .json).
STDIN = Path("-")
STDIN_NAME = "stdin"
STDIN_KEY = "<stdin>"  # how standard input is named in messages

# Temporary files are `.NAME.cleaner-tmp-PID-HEX`: recognisably ours, and the PID tells a
# later run whether the writer is still alive. NAME is cut to this many characters so the
# temporary name stays within the 255-byte limit of common filesystems (4 bytes a char).
TEMP_NAME_KEPT = 40
TEMP_PATTERN = re.compile(r"\..*\.cleaner-tmp-(\d+)-[0-9a-f]{8}", re.DOTALL)
# Random names tried before giving up; a clash of 32 random bits is already unlikely.
TEMP_ATTEMPTS = 100


@dataclass(frozen=True, slots=True)
class InputFile:
    """One page to clean and where its output goes, relative to the output folder."""

    path: Path
    relative_output: Path


@dataclass
class Plan:
    """What a `clean -o` run will do: the pages and their outputs, and what it leaves out.

    `failed` and `skipped` hold one 'path: reason' line each, for things met while walking
    that are not cleaned (a FIFO named like a page fails; a socket is skipped); `notes`
    say where the naming scheme had to step in (duplicates, clashes); `left_out` lists
    the folders not walked because of their names (cleaner.batch.selection).
    """

    output_dir: Path
    selection: Selection = field(default_factory=Selection)
    files: list[InputFile] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    left_out: list[Path] = field(default_factory=list)  # folders not walked by their name

    @property
    def total(self) -> int:
        """Every input accounted for in the summary."""
        return len(self.files) + len(self.failed) + len(self.skipped)


class Found(NamedTuple):
    """A page file met: its path, its folder below the input folder, its name, real path."""

    path: Path
    folder: str  # '' for a file at the top of its input folder, or named directly
    name: str
    real: str  # links followed: the same file spelled twice has one real path


def plan_outputs(
    paths: list[Path], output_dir: Path, output_format: str, selection: Selection | None = None
) -> Plan:
    """Every page file named or found below the given folders, each with its own output.

    Files named are always taken; in folders, `selection` says which (cleaner.batch.selection).
    STDIN ('-') is written as `stdin` plus the output's extension. Raises OutputError when
    the output folder is one of the input folders (its outputs would be read back as
    inputs on the next run); an output folder inside an input folder is fine: it is left
    out of the walk.
    """
    plan = Plan(output_dir, selection or Selection())
    avoid = _identity(output_dir)
    found: list[Found] = []
    folders: list[str] = []
    for path in paths:
        real = os.path.realpath(path)
        if path.is_dir():
            if avoid is not None and _identity(path) == avoid:
                raise OutputError(
                    f"the output folder {output_dir} is the input folder {path}: choose "
                    "another -o (a new folder, which may be inside the input folder)"
                )
            folders.append(real)
            found += _walk(path, "", real, avoid, plan)
        elif path == STDIN:
            found.append(Found(path, "", STDIN_NAME, "-"))
        else:
            found.append(Found(path, "", path.name, real))
    _assign_outputs(_unique(found, plan), EXTENSIONS[output_format], folders, plan)
    return plan


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing folder, which survives every way of spelling it.

    None when it cannot be read (gone, or not there yet); the walk then reports it.
    """
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _walk(
    folder: Path, relative: str, real: str, avoid: tuple[int, int] | None, plan: Plan
) -> Iterator[Found]:
    """Page files below `folder` in sorted order, never inside the folder `avoid`.

    Links to files are followed; links to folders are not (they could loop). Whatever
    is not a regular file is reported in the plan, never passed over in silence.
    `relative` and `real` are the folder's path below its input folder and its real path.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        plan.failed.append(f"{folder}: cannot read the folder: {error.strerror}")
        return
    for entry in entries:
        name = entry.name
        inside = os.path.join(relative, name)
        if entry.is_dir(follow_symlinks=False):
            if _walks(entry, inside, avoid, plan):
                below = (inside, os.path.join(real, name))
                yield from _walk(Path(entry.path), *below, avoid, plan)
        elif _is_file(entry):
            if plan.selection.takes_file(name, inside.replace(os.sep, "/")):
                linked = os.path.realpath(entry.path) if entry.is_symlink() else None
                yield Found(Path(entry.path), relative, name, linked or os.path.join(real, name))
        elif not name.startswith("."):
            _left_out(Path(entry.path), inside, plan)


def _walks(
    entry: os.DirEntry[str], relative: str, avoid: tuple[int, int] | None, plan: Plan
) -> bool:
    """Whether a folder met in a walk is walked: not the output, not left out by name."""
    if plan.selection.excluded(entry.name, relative.replace(os.sep, "/")):
        return False
    if left_out_by_default(entry.name):
        plan.left_out.append(Path(entry.path))
        return False
    return _identity(Path(entry.path)) != avoid


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a regular file, links followed; False for a link loop."""
    try:
        return entry.is_file()
    except OSError:  # a link loop (ELOOP): _left_out reports it
        return False


def _left_out(path: Path, relative: str, plan: Plan) -> None:
    """Report a walked entry that is neither a folder nor a regular file (links followed).

    One named like a page is a failed page; a link to a folder, or a special file with
    another name, is counted as skipped, with its name and kind.
    """
    page = plan.selection.takes_file(path.name, relative.replace(os.sep, "/"))
    try:
        mode = path.stat().st_mode
    except OSError as error:  # a dangling link, or a link loop
        if page:
            plan.failed.append(f"{path}: cannot read {path}: {error.strerror}")
        return
    if page and not path.is_dir():
        plan.failed.append(f"{path}: {not_regular(path, mode)}")
    elif path.is_dir():
        plan.skipped.append(f"{path}: a link to a folder, not followed")
    else:
        plan.skipped.append(f"{path}: {not_regular(path, mode)}")


def _unique(found: list[Found], plan: Plan) -> list[Found]:
    """Drop inputs that are the same file as an earlier one (same real path), with a note."""
    first: dict[str, Path] = {}
    unique = []
    for page in found:
        if page.real in first:
            note = f"{page.path}: the same file as {first[page.real]}, met before: cleaned once"
            plan.notes.append(note)
            continue
        first[page.real] = page.path
        unique.append(page)
    return unique


def _assign_outputs(found: list[Found], extension: str, folders: list[str], plan: Plan) -> None:
    """Give every input its own output path; see the module's docstring for the scheme.

    A name is taken when an earlier output has it, when an output folder has it, or when
    it is an input's own path; outputs are compared case-blind.
    """
    taken = _folder_keys({page.folder for page in found})
    inputs = {page.real for page in found}
    real = _RealPaths(plan.output_dir)
    for page in found:
        number, name = 1, page.name + extension
        while os.path.join(page.folder, name).casefold() in taken or (
            real(page.folder, name) in inputs
        ):
            number += 1
            name = f"{page.name}~{number}{extension}"
        output = os.path.join(page.folder, name)
        taken.add(output.casefold())
        if number > 1:
            plan.notes.append(f"{page.path} is written as {plan.output_dir / output} (name taken)")
        inside = _input_folder_around(real(page.folder, name), real.root, folders)
        if inside is None:
            plan.files.append(InputFile(page.path, Path(output)))
        else:
            plan.failed.append(
                f"{page.path}: its output {plan.output_dir / output} would land inside the "
                f"input folder {inside}: choose an -o outside it"
            )


def _folder_keys(folders: set[str]) -> set[str]:
    """Every output folder and its parents, case-blind: no output file may take their names."""
    keys = set()
    for folder in folders:
        while folder and folder.casefold() not in keys:
            keys.add(folder.casefold())
            folder = os.path.dirname(folder)
    return keys


class _RealPaths:
    """Real paths of outputs, resolving each output folder once (links followed)."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir
        self.root = os.path.realpath(output_dir)
        self.folders: dict[str, str] = {}

    def __call__(self, folder: str, name: str) -> str:
        if folder not in self.folders:
            self.folders[folder] = os.path.realpath(os.path.join(self.output_dir, folder))
        return os.path.join(self.folders[folder], name)


def _input_folder_around(output: str, out_real: str, folders: list[str]) -> str | None:
    """The input folder an output would land in (to be read back next run), if any.

    An output folder inside an input folder is fine: the walk leaves it out.
    """
    for folder in folders:
        if _inside(output, folder) and not (
            _inside(output, out_real) and _inside(out_real, folder)
        ):
            return folder
    return None


def _inside(path: str, folder: str) -> bool:
    """Whether real path `path` is `folder` or below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _create_temporary(target: Path) -> tuple[int, Path]:
    """Create and open a new temporary file next to target, named as TEMP_PATTERN.

    Mode 0o666 lets the umask decide the final permissions, as for any file a tool
    writes (mkstemp would leave 0600 whatever the umask).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(TEMP_ATTEMPTS):
        name = f".{target.name[:TEMP_NAME_KEPT]}.cleaner-tmp-{os.getpid()}-{secrets.token_hex(4)}"
        temporary = target.parent / name
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


@contextmanager
def atomic_writer(target: Path) -> Iterator[TextIO]:
    """A text handle whose file appears at `target` only when the block ends cleanly."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _create_temporary(target)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            yield out
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, text: str) -> None:
    """Write text to target so that the file is either complete or not there at all."""
    try:
        with atomic_writer(target) as out:
            out.write(text)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from error


def remove_stale_temporaries(folder: Path) -> int:
    """Remove our temporary files below `folder` whose writing process is gone; count them.

    A run killed between write and rename leaves one behind; without this they would pile
    up with every kill. Only regular files matching TEMP_PATTERN are touched, and only
    where a dead writer can be told (POSIX): a live writer's file is never removed.
    """
    if os.name != "posix" or not folder.is_dir():
        return 0
    return sum(
        _remove_if_stale(Path(parent, name))
        for parent, _, names in os.walk(folder)
        for name in names
    )


def remove_stale_temporaries_of(target: Path) -> int:
    """Remove the stale temporary files of one output file (`-o FILE`); count them.

    Only target's own folder is listed, and only names made for target are touched.
    """
    if os.name != "posix" or not target.parent.is_dir():
        return 0
    prefix = f".{target.name[:TEMP_NAME_KEPT]}.cleaner-tmp-"
    with os.scandir(target.parent) as scan:
        names = [entry.name for entry in scan if entry.name.startswith(prefix)]
    return sum(_remove_if_stale(target.parent / name) for name in names)


def _remove_if_stale(path: Path) -> bool:
    """Remove `path` if it is our temporary file and its writer is dead."""
    match = TEMP_PATTERN.fullmatch(path.name)
    if match is None or _alive(int(match[1])) or path.is_symlink() or not path.is_file():
        return False
    path.unlink(missing_ok=True)
    return True


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is another user's (EPERM), or we cannot tell: keep it
        return True
    return True


def clean_files(
    plan: Plan, options: Options, jobs: int, skip_existing: bool, progress: Progress
) -> list[str]:
    """Clean every planned file; return one 'path: reason' line per failure.

    The plan's own failures and skips are counted first. With skip_existing, a file whose
    output is already there is counted as skipped, so an interrupted run started again
    does each page exactly once. Neither counts toward the progress bar's rate.
    """
    todo = _count_unworked(plan, skip_existing, progress)
    progress.start()
    items = (_item(file, options) for file in todo)
    failures = list(plan.failed)
    blocks = options.output_format != "txt" or progress.verbosity == "verbose"
    for file, result in zip(todo, clean_many(items, options, jobs, blocks), strict=True):
        target = plan.output_dir / file.relative_output
        error = result.error
        if error is None:
            try:
                write_atomic(target, render(result, options.output_format))
            except OutputError as failure:
                error = str(failure)
        name = STDIN_KEY if file.path == STDIN else str(file.path)
        if error is not None:
            failures.append(f"{name}: {error}")
            progress.add("failed", name, error)
        elif result.skipped:
            progress.add("off_language", name, "not in the target language; its output is empty")
        else:
            outcome: Outcome = "cleaned" if result.text else "empty"
            progress.add(outcome, name, _kept_and_dropped(result, target))
    return failures


def _count_unworked(plan: Plan, skip_existing: bool, progress: Progress) -> list[InputFile]:
    """Count what needs no cleaning (the plan's failures and skips, outputs that exist).

    Returns the files left to clean.
    """
    unworked: tuple[tuple[Outcome, list[str]], ...] = (
        ("failed", plan.failed),
        ("skipped", plan.skipped),
    )
    for outcome, lines in unworked:
        for line in lines:
            name, _, reason = line.partition(": ")
            progress.add(outcome, name, reason, worked=False)
    todo = []
    for file in plan.files:
        if skip_existing and (plan.output_dir / file.relative_output).exists():
            progress.add("skipped", str(file.path), "its output exists", worked=False)
        else:
            todo.append(file)
    return todo


def _item(file: InputFile, options: Options) -> Item:
    """The Item for one planned file: its path, or the bytes of standard input for '-'."""
    if file.path != STDIN:
        return Item(file.path, options.url, str(file.path))
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return Item("", options.url, STDIN_KEY, error=too_big(None, options.max_bytes))
    return Item(data, options.url, STDIN_KEY)


def _kept_and_dropped(result: Result, target: Path) -> str:
    """What -v says of a page written: its blocks kept and dropped, and the output."""
    kept = len(result.kept)
    return f"{kept} blocks kept, {len(result.blocks) - kept} dropped -> {target}"
