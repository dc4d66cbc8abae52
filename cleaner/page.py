"""The one data model: a page becomes an ordered list of Blocks, each ending kept or dropped.

Page, Block, Decision (its Cause and wording live in cleaner/reasons.py), Result and the
Metadata a Result may carry. Every stage imports this; it imports no stage.

Blocks and Decisions are frozen; a stage that changes its mind returns a copy made with
`revise` (a faster `dataclasses.replace`), so the first-pass verdict can be kept beside
the final one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from cleaner import reasons
from cleaner.reasons import Cause, Values

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

Kind = Literal["html", "text"]

# How a page failed: its input (unreadable, not a page, over a size limit), its time limit,
# the worker cleaning it died, or a bug of ours on this page.
Failure = Literal["input", "time_limit", "worker_died", "internal"]


class Verdict(Enum):
    """Whether a block belongs to the article."""

    KEEP = "keep"
    DROP = "drop"


# The member as a plain module constant: `Verdict.KEEP` goes through the enum class's
# attribute lookup, and `keep` and `kept` are read about 2,000 times a page.
_KEEP = Verdict.KEEP


class Quality(Enum):
    """jusText's context-free classes: how much a block looks like article prose."""

    GOOD = "good"
    NEARGOOD = "neargood"
    SHORT = "short"
    BAD = "bad"


class BlockKind(Enum):
    """What sort of page element a block came from."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    ROW = "row"
    CAPTION = "caption"
    PRE = "pre"
    QUOTE = "quote"
    LINE = "line"


@dataclass(frozen=True, slots=True)
class Decision:
    """A verdict, the stage that made it, and why: the signal (cause) and its values.

    `prior` is the decision this one revised, when it revised one (what cleaner said
    "alone"). Stages read `cause`, never the wording of `reason`, which is rendered from
    the data on demand (cleaner/reasons.py), so a reason costs nothing until it is shown.
    `final` decisions come from site rules and structural facts; later stages leave them.
    """

    verdict: Verdict
    stage: str
    cause: Cause
    values: Values = ()
    prior: Decision | None = None
    final: bool = False

    def __post_init__(self) -> None:
        """Refuse the old form Decision(verdict, reason, stage): its text would pass as stage."""
        if type(self.cause) is not Cause:
            raise TypeError(
                "Decision(verdict, stage, cause, values=(), prior=None, final=False): cause "
                f"must be a cleaner.Cause, not {self.cause!r}; the reason is rendered from it"
            )

    @property
    def keep(self) -> bool:
        """True when the block is kept."""
        return self.verdict is _KEEP

    @property
    def reason(self) -> str:
        """The readable reason, worded from the cause, its values and the prior decision."""
        prior = self.prior.reason if self.prior is not None else None
        return reasons.render(self.cause, self.values, prior, self.verdict is Verdict.KEEP)


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph, list item, table row, caption or scraped line.

    HTML blocks carry DOM features (path, the ids and names of the block-level elements
    around it, the article element it sits in, link density, class/id tokens); text blocks
    carry line features (indent, bullet, blank line before). `decision` is the current
    verdict, `first` the verdict before context smoothing (for `cleaner explain`).
    """

    index: int
    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    source: Kind = "text"
    path: str = ""
    containers: tuple[int, ...] = ()
    container_path: tuple[str, ...] = ()
    article: str = ""
    link_density: float = 0.0
    tokens: frozenset[str] = frozenset()
    heading_level: int = 0
    indent: int = 0
    bullet: bool = False
    blank_before: bool = True
    section_end: bool = False
    hidden: bool = False  # inside an element a browser would not show (evidence, not a prune)
    quality: Quality | None = None
    decision: Decision | None = None
    first: Decision | None = None

    @property
    def kept(self) -> bool:
        """True when the block's current decision keeps it (its verdict read inline: hot)."""
        decision = self.decision
        return decision is not None and decision.verdict is _KEEP

    @property
    def is_final(self) -> bool:
        """True when a final decision (site rule, structure) already settled the block."""
        return self.decision is not None and self.decision.final

    def inside(self, tags: frozenset[str]) -> bool:
        """Whether one of the elements around the block has one of these tags ('li', 'td')."""
        return any(step_tag(step) in tags for step in self.container_path)


def step_tag(step: str) -> str:
    """The tag of a container path step ('figure.wp-caption' -> 'figure')."""
    return step.split(".", 1)[0].split("#", 1)[0]


# Elements whose blocks are a list's items or a table's cells (Block.inside).
LIST_TAGS = frozenset({"li", "dd", "dt", "td", "th"})


# Each field's slot descriptor: setting through it skips the frozen __setattr__.
_BLOCK_SLOTS = tuple((f.name, getattr(Block, f.name)) for f in fields(Block))


def revise(block: Block, **changes: object) -> Block:
    """A copy of the block with some fields changed: dataclasses.replace, only faster.

    Every stage copies most blocks; `dataclasses.replace` re-runs the frozen __init__ and
    took a tenth of the run time on dev-html. This sets each slot once, at a fifth of the
    cost. Unlike `replace` it does not type-check the changes and would skip a
    __post_init__ (Block has none); tests/test_stages.py checks it against `replace`
    field by field.
    """
    if not changes.keys() <= _BLOCK_NAMES:
        raise TypeError(f"Block has no field {sorted(changes.keys() - _BLOCK_NAMES)[0]!r}")
    return _copy_with(block, changes)


def _straight_copier() -> Callable[[Block, dict[str, object]], Block]:
    """The copy as straight-line code, one line per field, as dataclasses writes __init__.

    A loop over the fields looked each slot up and called it through the descriptor
    protocol: 3.4 us a copy. Written out with the setters bound ahead, 1.5 us.
    """
    scope: dict[str, object] = {"new": object.__new__, "Block": Block}
    lines = ["def copy_with(block, changes):", "    copy = new(Block)"]
    for name, slot in _BLOCK_SLOTS:
        scope[f"set_{name}"] = slot.__set__
        kept = f"changes[{name!r}] if {name!r} in changes else block.{name}"
        lines.append(f"    set_{name}(copy, {kept})")
    lines.append("    return copy")
    exec("\n".join(lines), scope)  # noqa: S102 (the code is built from Block's own fields)
    copier: Callable[[Block, dict[str, object]], Block] = scope["copy_with"]  # type: ignore[assignment]
    return copier


_copy_with = _straight_copier()
_BLOCK_NAMES = frozenset(name for name, _ in _BLOCK_SLOTS)


@dataclass(frozen=True, slots=True)
class Page:
    """A loaded page: its kind, URL, and either its text or its parsed tree."""

    kind: Kind
    url: str | None
    text: str = ""
    tree: Element | None = None
    title: str = ""
    html: str = ""  # the decoded HTML source, for accurate mode's second reader
    description: str = ""  # og:description: body-only mode tells a standfirst by it


# The fields, in the order outputs write them.
FIELDS = ("author", "date", "sitename", "description", "categories", "tags", "license", "image")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What trafilatura found; None (or empty) where the page says nothing."""

    author: str | None = None
    date: str | None = None  # ISO 8601, YYYY-MM-DD
    sitename: str | None = None
    description: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    license: str | None = None
    image: str | None = None

    def fields(self) -> dict[str, Any]:
        """The fields as JSON values: lists for categories and tags, null where none."""
        found = asdict(self)
        return {
            name: list(found[name]) or None if name in _LISTS else found[name] for name in FIELDS
        }


_LISTS = ("categories", "tags")


@dataclass(frozen=True, slots=True)
class Result:
    """What cleaning one page produced: the text, the blocks with their reasons, and more."""

    text: str
    blocks: tuple[Block, ...] = ()
    title: str = ""
    url: str | None = None
    kind: Kind = "text"
    rule: str | None = None
    language: str | None = None
    error: str | None = None
    failure: Failure | None = None  # what kind of error, for code to act on (not `error`'s words)
    source: str | None = None
    notes: tuple[str, ...] = ()  # page-level decisions: pruning marks lifted after all
    # Set only when asked (cleaner/output/extras.py): Markdown with the page's inline markup,
    # trafilatura's metadata, and why the page was left out (target language).
    markdown: str | None = None
    metadata: Metadata | None = None
    skipped: str | None = None

    @property
    def kept(self) -> list[Block]:
        """The blocks that make up the article, in page order."""
        return [block for block in self.blocks if block.kept]
