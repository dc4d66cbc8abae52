"""Why a block is kept or dropped, as data: the signal (Cause) and the values that mattered.

Stages decide by these, never by the wording of a reason: a stage that must know what an
earlier one saw ("was this block first graded as part of a menu run?") asks the cause of
that decision. The readable reason is worded here, in one place, from the cause, its
values, the decision it revised (`prior`: shown as what cleaner said "alone") and the
verdict. Rewording a reason changes what `explain` and the JSON output show and nothing
else (tests/test_reasons.py checks this on real pages).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from cleaner.page import Decision

Value = str | int | float | bool
Values = tuple[tuple[str, Value], ...]


def values(**named: Value) -> Values:
    """The values that mattered to a decision, by name, in a frozen (hashable) form."""
    return tuple(named.items())


class Cause(Enum):
    """The signal a decision rests on, one member per kind of evidence the stages use."""

    # Page structure (html_prune, fast_prune): furniture by tag, role, visibility, word.
    STRUCTURE_TAG = "structure tag"  # <nav>, <aside>, <footer>, <menu>, <dialog>
    PAGE_HEADER = "page header"  # a page <header> without the headline
    ROLE = "role"  # an ARIA landmark role of furniture
    HIDDEN = "hidden"  # hidden, aria-hidden or hidden by style
    CLASS_WORD = "class word"  # a furniture word in a class or id
    # Site rules (a person wrote them).
    RULE = "rule"  # a rule's drop / keep directive or drop section
    RULE_OUTSIDE_ROOT = "rule outside root"  # off the rule's article root
    RULE_MARKER = "rule marker"  # before the start or after the end marker
    RULE_INSIDE_MARKERS = "rule inside markers"
    # Strong signals (signals.mark_strong): furniture wherever it stands.
    SECTION_HEAD = "section head"  # 'Related Posts': furniture follows
    COMMENTS_HEAD = "comments head"  # '27 commentaires': comments follow
    TEASER_BOX_HEAD = "teaser box head"  # 'Lire aussi': a teaser box inside the article
    TEASER_LINK = "teaser link"  # 'Read more: <headline>'
    BOILERPLATE_PHRASE = "boilerplate phrase"
    SHARE_BAR = "share bar"
    META_LINE = "meta line"
    DATE_LINE = "date line"
    COPYRIGHT = "copyright"
    BYLINE = "byline"
    BREADCRUMB = "breadcrumb"
    COOKIE_NOTICE = "cookie notice"
    PITCH = "pitch"  # newsletter or advertising
    COUNT_LIST = "count list"  # a run of lines ending in a count: an archive or tag list
    COUNTS_IN_LINE = "counts in one line"  # an archive's dropdown scraped into one line
    MONTHS_IN_LINE = "months in one line"  # an archive's month list, without counts
    COMMENT_THREAD = "comment thread"  # in a run of comment marks, below the article
    # Grades (signals.grade): jusText's weak signals, and menu runs in a scrape.
    LINK_DENSITY = "link density"
    SHORT_LINK_TEXT = "short link text"
    SHORT = "short"
    PROSE = "prose"
    MEDIUM = "medium"
    FEW_STOPWORDS = "few stop words"
    MENU_RUN = "menu run"
    # Context (smoothing).
    NO_GRADE = "no grade"
    CONTEXT = "smoothing context"  # the grade revised by the neighbours' classes
    NUMBERED_LIST = "numbered list"
    # The main-content span and the structure that refines it.
    OUTSIDE_SPAN = "outside span"
    INSIDE_SPAN = "inside span"
    ARTICLE_ELEMENT = "article element"
    SECTION_GAP = "section gap"  # between kept blocks of one DOM section
    AFTER_COLON = "after colon"
    INDENT_GAP = "indent gap"
    SIBLING = "sibling"  # of the article's first or last block
    INDENT_HEAD = "indent head"  # above the article at its indent
    TEASER_UNDER_HEAD = "teaser under box head"
    NESTED_DEEPER = "nested deeper"
    HEADLINE_TITLE = "headline matching the title"
    HEADLINE_ABOVE = "headline above the article"
    STANDFIRST = "standfirst"
    SHORT_POST = "short post"  # under the title or above the footer of a page kept thin
    AWAY_FROM_POST = "away from the short post"
    COPY = "copy"  # of a kept paragraph above (heuristics/copies.py)
    # Models and the second reader.
    MODEL = "model"  # the learned stage overruled
    KEPT_LIST = "kept list"  # the learned stage leaves a list with its lead-in alone
    LIST_MINORITY = "list minority"  # ... and drops the few kept items of a list it dropped
    BELOW_COMMENTS = "below comments"  # ... and what follows a comment section's head
    IN_THREAD = "in thread"  # ... and a comment thread the heuristics found
    IN_SHORT_POST = "in short post"  # ... and a short post the heuristics kept (HTML)
    FAST_MODEL = "fast model"
    FAST_MODEL_UNWEIGHED = "fast model, unweighed"  # the caller wanted the text alone
    FAST_TEXT_MODEL = "fast text model"
    SECOND_READER = "second reader"  # trafilatura, in accurate mode
    # Body-only mode (cleaner/heuristics/body_only.py): kept text that is not the article's body.
    BODY_ONLY = "body only"  # values: part (headline, standfirst, ...) and evidence


class Why(NamedTuple):
    """A cause with its values, before a stage turns it into a Decision."""

    cause: Cause
    values: Values = ()


Fields = Mapping[str, Value]


def _model(f: Fields) -> str:
    """The learned stage's verdict: its odds, what weighed most, what cleaner said alone."""
    weighed = f"article odds {f['odds']:.2f}, {f['needed']:.2f} needed"
    if f["why"]:  # no why: the caller wanted the text alone
        weighed = f"{weighed}; {f['why']}"
    return f"the model {f['verb']} it ({weighed}; cleaner alone: {f['alone']})"


def _fast_text_model(f: Fields) -> str:
    """Fast text mode's verdict on a run of lines, read off the run's closest call."""
    lines, kept = f["lines"], f["verb"] == "keeps"
    if lines == 1:
        return f"the fast text model {f['verb']} it (article odds {f['odds']:.2f}; {f['why']})"
    bound = "at least" if kept else "at most"
    subject = f"it and the {int(lines) - 1} lines around it" if kept else f"these {lines} lines"
    return (
        f"the fast text model {f['verb']} {subject} (article odds {bound} {f['odds']:.2f}; "
        f"the closest call: {f['why']})"
    )


def _second_reader(f: Fields) -> str:
    """The second reader's (trafilatura's) verdict, and what cleaner said alone."""
    says = "keeps it" if f["verb"] == "keeps" else "leaves it out"
    return f"trafilatura {says} (cleaner alone: {f['alone']})"


# How each cause reads. Fields: its values, `alone` (the revised decision's reason),
# `verb` ('keeps' / 'drops') and `kept` ('kept' / 'dropped') from the verdict.
_TEMPLATES: dict[Cause, str | Callable[[Fields], str]] = {
    Cause.STRUCTURE_TAG: "structure: <{tag}> element",
    Cause.PAGE_HEADER: "structure: page <header> without the headline",
    Cause.ROLE: "structure: role={role}",
    Cause.HIDDEN: "structure: hidden element",
    Cause.CLASS_WORD: "class/id word '{word}'",
    Cause.RULE: "rule {rule}: {says}",
    Cause.RULE_OUTSIDE_ROOT: "rule {rule}: outside {says}",
    Cause.RULE_MARKER: "rule {rule}: {where} marker",
    Cause.RULE_INSIDE_MARKERS: "rule {rule}: inside the article markers",
    Cause.SECTION_HEAD: "section head '{head}': furniture follows",
    Cause.COMMENTS_HEAD: "section head '{head}': comments follow",
    Cause.TEASER_BOX_HEAD: "teaser box head '{head}'",
    Cause.TEASER_LINK: "teaser link '{phrase}: …'",
    Cause.BOILERPLATE_PHRASE: "furniture phrase '{phrase}'",
    Cause.SHARE_BAR: "share bar: social network names",
    Cause.META_LINE: "meta line: '{found}'",
    Cause.DATE_LINE: "meta line: a date",
    Cause.COPYRIGHT: "footer: copyright line",
    Cause.BYLINE: "byline",
    Cause.BREADCRUMB: "breadcrumb",
    Cause.COOKIE_NOTICE: "cookie or consent notice",
    Cause.PITCH: "newsletter or advertising pitch: '{first}', '{second}'",
    Cause.COMMENT_THREAD: (
        "comment thread: in a run of {marks} comment marks "
        "('said:', 'Posted by:', 'Reply', '2 days ago') below the article's first prose"
    ),
    Cause.COUNT_LIST: "count list: {lines} lines in a row ending in a count ('November (113)')",
    Cause.COUNTS_IN_LINE: (
        "count list in one line: {counts} counts in {words} words ('November 2019 (6)')"
    ),
    Cause.MONTHS_IN_LINE: (
        "month list in one line: {months} months in {words} words ('July 2012 June 2012')"
    ),
    Cause.LINK_DENSITY: "link density {density:.2f}",
    Cause.SHORT_LINK_TEXT: "short link text ({length} chars)",
    Cause.SHORT: "short ({length} chars)",
    Cause.PROSE: "prose ({length} chars, stop words {stopwords:.2f})",
    Cause.MEDIUM: "medium ({length} chars, stop words {stopwords:.2f})",
    Cause.FEW_STOPWORDS: "few stop words ({stopwords:.2f})",
    Cause.MENU_RUN: "menu: run of {lines} short lines",
    Cause.NO_GRADE: "no grade",
    Cause.CONTEXT: "{alone}; {kept} by context",
    Cause.NUMBERED_LIST: "item of a numbered list (alone: {alone})",
    Cause.OUTSIDE_SPAN: "outside the main-content span ({where} furniture)",
    Cause.INSIDE_SPAN: "inside the main-content span (alone: {alone})",
    Cause.ARTICLE_ELEMENT: "inside the article element <{label}> (alone: {alone})",
    Cause.SECTION_GAP: "between kept blocks of one page section (alone: {alone})",
    Cause.AFTER_COLON: "introduced by the colon above (alone: {alone})",
    Cause.INDENT_GAP: "between kept lines of one indent (alone: {alone})",
    Cause.SIBLING: "a sibling of the article's edge block (alone: {alone})",
    Cause.INDENT_HEAD: "above the article at its indent (alone: {alone})",
    Cause.TEASER_UNDER_HEAD: "teaser under the box head '{head}'",
    Cause.NESTED_DEEPER: "nested deeper than the article's paragraphs (depth {depth})",
    Cause.HEADLINE_TITLE: "headline: matches the page title",
    Cause.HEADLINE_ABOVE: "headline: nearest headline-like block above the article",
    Cause.STANDFIRST: "standfirst: the sentence between the headline and the article",
    Cause.COPY: "a copy of block {first} ('{text}'), right after it",
    Cause.AWAY_FROM_POST: "not the short post {where} '{anchor}' (alone: {alone})",
    Cause.SHORT_POST: (
        "a short post {where} '{anchor}', where the span kept {chars} characters (alone: {alone})"
    ),
    Cause.MODEL: _model,
    Cause.KEPT_LIST: "{alone}; a list with its lead-in: the model leaves it alone",
    Cause.LIST_MINORITY: (
        "one of {held} kept items of a list of {items}, under a share of {share}: "
        "the list goes whole (alone: {alone})"
    ),
    Cause.BELOW_COMMENTS: "{alone}; below a comment section's head: the model leaves it alone",
    Cause.IN_THREAD: "{alone}; in a reader comment thread: the model leaves it alone",
    Cause.IN_SHORT_POST: "{alone}; the model leaves a short post alone",
    Cause.FAST_MODEL: "the fast model {verb} it (article odds {odds:.2f}; {why})",
    Cause.FAST_MODEL_UNWEIGHED: "the fast model {verb} it (its reason is built when asked for)",
    Cause.FAST_TEXT_MODEL: _fast_text_model,
    Cause.SECOND_READER: _second_reader,
    Cause.BODY_ONLY: "left out: {part} ({evidence}), body-only",
}
# What `alone` reads when the decision revised none: the learned stage says 'undecided',
# smoothing (a block that was never graded) 'no grade'.
_NOTHING_BEFORE = {Cause.MODEL: "undecided"}


def render(cause: Cause, named: Values, prior: str | None, keep: bool) -> str:
    """The readable reason of a decision: its cause worded with its values.

    prior: the reason of the decision this one revised (None when it revised none).
    """
    fields: dict[str, Value] = dict(named)
    fields["alone"] = prior if prior is not None else _NOTHING_BEFORE.get(cause, "no grade")
    fields["verb"] = "keeps" if keep else "drops"
    fields["kept"] = "kept" if keep else "dropped"
    template = _TEMPLATES[cause]
    return template.format_map(fields) if isinstance(template, str) else template(fields)


def lifted_note(tag: str, pruned: Decision, prose: int) -> str:
    """The page note of a pruning mark lifted because every candidate was pruned."""
    return (
        f"kept open: every candidate for the article was pruned; <{tag}> ({pruned.reason}) "
        f"holds the most prose ({prose:,} characters)"
    )


def parts_note(count: int, pruned: Decision, held: int, total: int) -> str:
    """The page note of marks of one kind lifted because they hold most of the prose."""
    return (
        f"kept open: {count} elements ({pruned.reason}) hold {held:,} of the page's "
        f"{total:,} characters of prose: parts of the article, weighed block by block"
    )
