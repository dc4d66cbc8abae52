"""Inputs and outputs on disk: walk input folders, name outputs, write them atomically.

An output file is written to a temporary file in the same folder and moved into place with
os.replace, so it is either complete or absent, whatever happens to the process.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from cleaner.batch import Item, clean_many
from cleaner.errors import OutputError
from cleaner.options import Options
from cleaner.progress import Progress
from cleaner.render import render

PAGE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".txt", ".text", ".shtml", ".php", ".asp", ".aspx", ""}
)
EXTENSIONS = {"txt": ".txt", "markdown": ".md", "json": ".json"}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One page to clean and where its output goes, relative to the output folder."""

    path: Path
    relative_output: Path


def iter_inputs(paths: list[Path], output_format: str) -> list[InputFile]:
    """Every page file named or found below the given folders, in a stable order.

    A file given directly is written as OUTDIR/<stem>.ext; a file found in a folder keeps
    its place below that folder, so two pages with the same name never collide.
    """
    suffix = EXTENSIONS[output_format]
    found: list[InputFile] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in PAGE_SUFFIXES and not file.name.startswith("."):
                    rel = file.relative_to(path).with_suffix(suffix)
                    found.append(InputFile(file, rel))
        else:
            found.append(InputFile(path, Path(path.stem + suffix)))
    return found


@contextmanager
def atomic_writer(target: Path) -> Iterator[TextIO]:
    """A text handle whose file appears at `target` only when the block ends cleanly."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            yield out
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(target: Path, text: str) -> None:
    """Write text to target so that the file is either complete or not there at all."""
    try:
        with atomic_writer(target) as out:
            out.write(text)
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from error


def clean_files(
    files: list[InputFile],
    output_dir: Path,
    options: Options,
    jobs: int,
    skip_existing: bool,
    progress: Progress,
) -> list[str]:
    """Clean every file into output_dir; return one 'path: reason' line per failure.

    With skip_existing, a file whose output is already there is counted as skipped, so an
    interrupted run started again does each page exactly once.
    """
    todo = []
    for file in files:
        if skip_existing and (output_dir / file.relative_output).exists():
            progress.add("skipped")
        else:
            todo.append(file)
    items = (Item(file.path, options.url, str(file.path)) for file in todo)
    failures = []
    blocks = options.output_format != "txt"
    for file, result in zip(todo, clean_many(items, options, jobs, blocks), strict=True):
        text = render(result, options.output_format) if result.error is None else ""
        error = result.error
        if error is None:
            try:
                write_atomic(output_dir / file.relative_output, text)
            except OutputError as failure:
                error = str(failure)
        if error is not None:
            failures.append(f"{file.path}: {error}")
            progress.add("failed")
        else:
            progress.add("cleaned" if result.text else "empty")
    return failures
