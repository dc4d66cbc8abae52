"""Body-only mode: the article body alone, as schema.org's `articleBody` means it.

The default output follows GOLDEN.md, where the headline, the standfirst and the captions
are article text. `Options(body_only=True)` (`--body-only`) leaves them out of what every
other stage kept, and with them any byline or dateline still kept above the body and the
short blocks kept above the headline (a kicker, a section label). It is the last step of
every road, so the default output never depends on it, and it only leaves out: it never
keeps a block the stages dropped. The title stays in Result.title.

Each block left out gets a decision of its own (Cause.BODY_ONLY, with the part and the
evidence) that keeps the decision it replaces as its prior. The evidence is data the
stages share: a decision's cause, a block's kind, heading level, container path and
class/id words, and the page's title and og:description; never a reason's wording.
Scraped text has no figures or classes: there the headline (the line the headline step
restored, or a first kept line shaped like one), a standfirst the headline step found
and bylines go; captions cannot be told and stay.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from importlib import resources

from cleaner.heuristics.signals import mark_strong
from cleaner.heuristics.span import headline_shaped, is_headline_of
from cleaner.options import BodyOnlyTuning, Tuning
from cleaner.output.render import render_txt
from cleaner.page import Block, BlockKind, Decision, Result, Verdict, revise, step_tag
from cleaner.read.lexicon import Lexicon
from cleaner.read.text_lines import strip_bullet
from cleaner.reasons import Cause, values

STAGE = "body_only"
# The numbers below (how far the headline is looked for, how long a byline, standfirst or
# caption may be) are BodyOnlyTuning's (cleaner/options.py), each with how it was set.
_HEADLINE_CAUSES = frozenset({Cause.HEADLINE_TITLE, Cause.HEADLINE_ABOVE})
_BYLINE_CAUSES = frozenset({Cause.BYLINE, Cause.DATE_LINE, Cause.META_LINE})
# Kinds a caption may be: list items, rows, code and quotes in a <figure> are content.
_CAPTION_KINDS = frozenset({BlockKind.CAPTION, BlockKind.PARAGRAPH, BlockKind.LINE})
_STANDFIRST_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LINE})
# What goes even when nothing would be left: no page's body is its headline or byline.
_ALWAYS = frozenset({"headline", "byline"})

Part = tuple[str, str]  # (part, evidence): ('caption', 'figcaption')


def keep_body_only(result: Result, description: str, lexicon: Lexicon, tuning: Tuning) -> Result:
    """The result without headline, standfirst, captions and bylines; its text rendered again."""
    blocks = body_only(list(result.blocks), result.title, description, lexicon, tuning)
    return replace(result, blocks=tuple(blocks), text=render_txt([b for b in blocks if b.kept]))


def body_only(
    blocks: list[Block], title: str, description: str, lexicon: Lexicon, tuning: Tuning
) -> list[Block]:
    """Leave out of the kept blocks every one that is not the article's body.

    When that would leave nothing, only the headline and bylines go: a photo post's
    caption or a short post's one sentence is its body.
    """
    kept = [b for b in blocks if b.kept]
    numbers = tuning.body_only
    parts: dict[int, Part] = dict(_captions(kept, numbers))
    start = 0
    found = _headline(kept, title, parts, tuning)
    if found is not None:
        position, evidence = found
        parts[kept[position].index] = ("headline", evidence)
        for above in kept[:position]:  # short, or _headline would have stopped at it
            parts.setdefault(above.index, ("kicker", "above the headline"))
        start = position + 1
    zone = [b for b in kept[start : start + numbers.head_zone] if b.index not in parts]
    parts.update(_head_zone(zone, description, lexicon, tuning))
    if len(parts) == len(kept):
        parts = {index: part for index, part in parts.items() if part[0] in _ALWAYS}
    return [_left_out(b, parts[b.index]) if b.index in parts else b for b in blocks]


def _left_out(block: Block, part: Part) -> Block:
    """The block left out, its decision kept as the prior (what the default mode said)."""
    named = values(part=part[0], evidence=part[1])
    left_out = Decision(Verdict.DROP, STAGE, Cause.BODY_ONLY, named, prior=block.decision)
    return revise(block, decision=left_out)


def _captions(kept: list[Block], numbers: BodyOnlyTuning) -> Iterator[tuple[int, Part]]:
    """Photo captions and credits: <figcaption>, text in a <figure>, caption class words.

    A <figure> or a caption word carried by `numbers.wrapper_share` of the kept text is the
    article's wrapper and is not read; long blocks and lists, rows, code and quotes
    inside a figure are content.
    """
    total = sum(len(b.text) for b in kept)
    figures = sum(len(b.text) for b in kept if _in_figure(b)) < numbers.wrapper_share * total
    carried: dict[str, int] = {}
    for block in kept:
        for word in block.tokens & _words("caption"):
            carried[word] = carried.get(word, 0) + len(block.text)
    words = {word for word, size in carried.items() if size < numbers.wrapper_share * total}
    for block in kept:
        if block.kind not in _CAPTION_KINDS or len(block.text.split()) > numbers.caption_max_words:
            continue
        if block.kind is BlockKind.CAPTION and _own_tag(block) == "figcaption":
            yield block.index, ("caption", "figcaption")
        elif figures and _in_figure(block):
            yield block.index, ("caption", "inside a <figure>")
        elif word := min(block.tokens & words, default=""):
            yield block.index, ("caption", f"class word '{word}'")


def _headline(
    kept: list[Block], title: str, parts: dict[int, Part], tuning: Tuning
) -> tuple[int, str] | None:
    """Where the headline stands among the kept blocks, and the evidence; None if none is.

    It is among the first `head_scan` kept blocks, above any paragraph of prose.
    """
    numbers = tuning.body_only
    for position, block in enumerate(kept[: numbers.head_scan]):
        if block.index in parts:
            continue  # a lead photo's caption above the headline
        evidence = _headline_evidence(block, title, position, tuning)
        if evidence is not None:
            return position, evidence
        if (
            block.kind is not BlockKind.HEADING
            and len(block.text.split()) >= numbers.head_prose_words
        ):
            return None  # the body began with no headline above it
    return None


def _headline_evidence(block: Block, title: str, position: int, tuning: Tuning) -> str | None:
    """What names the block the headline: its tag, the headline step, the title, its shape."""
    if block.heading_level == 1:
        return "<h1>"
    if _revised_from(block.decision, _HEADLINE_CAUSES):
        return "the headline step"
    if title and is_headline_of(block, title):
        return "the page title"
    first_line = block.source == "text" and position == 0 and strip_bullet(block.text) == block.text
    if first_line and headline_shaped(block, tuning):
        return "the first line, shaped like a headline"
    return None


def _head_zone(
    zone: list[Block], description: str, lexicon: Lexicon, tuning: Tuning
) -> dict[int, Part]:
    """Bylines, datelines and the standfirst between the headline and the body.

    The zone ends at the first block that is none of them: the body's first block.
    """
    bylines = {b.index: evidence for b in zone if (evidence := _byline(b, lexicon, tuning))}
    body = [b for b in zone if b.index not in bylines]
    found = {index: ("byline", evidence) for index, evidence in bylines.items()}
    for position, block in enumerate(body[: tuning.body_only.standfirst_max]):
        following = body[position + 1] if position + 1 < len(body) else None
        evidence = _standfirst(block, following, description, tuning.body_only)
        if evidence is None:
            break
        found[block.index] = ("standfirst", evidence)
    first_body = next((b.index for b in body if b.index not in found), None)
    return {i: part for i, part in found.items() if first_body is None or i < first_body}


def _byline(block: Block, lexicon: Lexicon, tuning: Tuning) -> str | None:
    """A byline, dateline or meta line: named by the strong signals, then or now, or by class.

    The default mode named it before a later stage kept it anyway; fast mode runs no
    signals, so they are asked here (on short blocks only, as they are asked anyway).
    """
    named = _revised_from(block.decision, _BYLINE_CAUSES)
    if named is not None:
        return named.value
    if len(block.text.split()) > tuning.body_only.byline_max_words:
        return None
    marked = mark_strong([revise(block, decision=None)], lexicon, tuning)[0].decision
    if marked is not None and marked.cause in _BYLINE_CAUSES:
        return marked.cause.value
    word = min(block.tokens & _words("byline"), default="")
    return f"class word '{word}'" if word else None


def _standfirst(
    block: Block, body: Block | None, description: str, numbers: BodyOnlyTuning
) -> str | None:
    """The evidence that a block between the headline and the body is the standfirst.

    The headline step's standfirst stands on its own. Otherwise it must stand apart from
    the body's first block (another parent element, or a heading) and say what it is:
    a class word the body does not carry, or the page's og:description.
    """
    if body is None or block.kind not in _STANDFIRST_KINDS:
        return None  # with nothing after it, it is the body
    if len(block.text.split()) > numbers.standfirst_max_words:
        return None
    if _revised_from(block.decision, frozenset({Cause.STANDFIRST})):
        return "the headline step"
    apart = block.kind is BlockKind.HEADING or block.containers[:-1] != body.containers[:-1]
    if block.source != "html" or not apart:
        return None
    word = min((block.tokens - body.tokens) & _words("standfirst"), default="")
    if word:
        return f"class word '{word}'"
    same = _same_text(block.text, description, numbers.same_text_min_words)
    return "og:description" if same else None


def _same_text(text: str, description: str, min_words: int) -> bool:
    """Whether a block repeats the og:description (which may be cut short with an ellipsis)."""
    mine, theirs = _plain(text), _plain(description)
    if not mine or not theirs:
        return False
    shorter, longer = sorted((mine, theirs), key=len)
    return longer.startswith(shorter) and len(shorter.split()) >= min_words


def _plain(text: str) -> str:
    """Its words alone, lowercased: quotes and dashes differ between a page and its metadata."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _revised_from(decision: Decision | None, causes: frozenset[Cause]) -> Cause | None:
    """The first of `causes` in the decision or the decisions it revised, if any."""
    while decision is not None:
        if decision.cause in causes:
            return decision.cause
        decision = decision.prior
    return None


def _in_figure(block: Block) -> bool:
    """Inside a <figure> element (at any depth)."""
    return block.inside(_FIGURE)


def _own_tag(block: Block) -> str:
    """The tag of the element that owns the block's text."""
    return step_tag(block.container_path[-1]) if block.container_path else ""


_FIGURE = frozenset({"figure"})


@cache
def _words(section: str) -> frozenset[str]:
    """The class/id words of one section of data/body-parts.txt, read once per process."""
    text = (resources.files("cleaner") / "data" / "body-parts.txt").read_text("utf-8")
    words: dict[str, set[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        elif line:
            words.setdefault(current, set()).add(line)
    return frozenset(words.get(section, ()))
