"""Which files a walked input folder gives to `clean -o`: default names, --include, --exclude.

A file named on the command line is always taken; these rules apply only below a folder.

By default a file is taken when its name ends like a web page (.html .htm .xhtml .shtml
.php .asp .aspx, in any case, or one of these plus .gz), like scraped text (.txt .text,
cleaner's other input kind) or has no extension (pages saved from URLs often have none).
Folders whose names start with '.' or '_' are not walked: hidden ones (.git), and by the
convention of site generators and web frameworks, their sources and assets (Sphinx's
_sources of reST copies, _static and _images; Jekyll's _layouts; Next.js's _next;
__pycache__). A Debian docs folder gave 497 reST sources from _sources as pages. The
folders left out are named in a note, and naming one on the command line walks it.

--include GLOB (repeatable) takes only the files matching a glob, instead of the default
names; --exclude GLOB leaves out files and folders that match. A glob without '/' is
matched against names, one with '/' against the path below the input folder (where '*'
also matches '/'), as in .gitignore; case matters. Hidden files are never taken from a
walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

PAGE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".txt", ".text", ".shtml", ".php", ".asp", ".aspx", ""}
)
COMPRESSED_SUFFIX = ".gz"
# A folder whose name starts with one of these is not walked (see the docstring).
LEFT_OUT_FOLDER_PREFIXES = (".", "_")
DEFAULT_NAMES = (
    "*.html *.htm *.xhtml *.shtml *.php *.asp *.aspx (and each + .gz), *.txt *.text, "
    "names without an extension"
)


def suffix_of(name: str) -> str:
    """The suffix as pathlib takes it ('a.' has none), without building a Path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def is_page_name(name: str) -> bool:
    """Whether a file met in a walked folder is a page by default (hidden files are not).

    `x.html.gz` is one (cleaner inflates gzip itself); a bare `x.gz` is not: any data
    can be compressed.
    """
    if name.startswith("."):
        return False
    suffix = suffix_of(name).lower()
    if suffix == COMPRESSED_SUFFIX:
        inner = suffix_of(name[: -len(suffix)]).lower()
        return inner != "" and inner in PAGE_SUFFIXES
    return suffix in PAGE_SUFFIXES


def _matches(glob: str, name: str, relative: str) -> bool:
    """Whether a glob matches: names for a glob without '/', the path below otherwise."""
    return fnmatchcase(relative if "/" in glob else name, glob)


@dataclass(frozen=True, slots=True)
class Selection:
    """The --include and --exclude globs of a run; empty include means the default names."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def takes_file(self, name: str, relative: str) -> bool:
        """Whether a file met in a walk is cleaned; `relative` is its path below the input."""
        if name.startswith(".") or self.excluded(name, relative):
            return False
        if self.include:
            return any(_matches(glob, name, relative) for glob in self.include)
        return is_page_name(name)

    def excluded(self, name: str, relative: str) -> bool:
        """Whether an --exclude glob matches a file or folder."""
        return any(_matches(glob, name, relative) for glob in self.exclude)


def left_out_by_default(name: str) -> bool:
    """Whether a folder met in a walk is left out by its name (hidden, or '_' first)."""
    return name.startswith(LEFT_OUT_FOLDER_PREFIXES)
