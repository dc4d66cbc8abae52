"""Inputs and outputs on disk: walk input folders, name outputs, write them atomically.

An output file is written to a temporary file in the same folder and moved into place with
os.replace, so it is either complete or absent, whatever happens to the process.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cleaner.errors import OutputError

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


def write_atomic(target: Path, text: str) -> None:
    """Write text to target so that the file is either complete or not there at all."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {error.strerror}") from error
