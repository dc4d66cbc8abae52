"""Mark whole subtrees of the lxml tree as dropped or protected, each mark with its reason.

Nothing is deleted: `prune` returns a map element -> Decision, and the block walk hands
each element's mark down to the blocks inside it, so `explain` can still show them.
Site rule marks are final; generic structural marks (semantic tags, ARIA roles, hidden
elements, class/id words) are strong but can be overridden by a rule's keep directive.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from lxml import etree

from cleaner.options import DEFAULT_TUNING, PruneTuning
from cleaner.page import Decision, Verdict
from cleaner.read.block_facts import (
    BLOCK_TAGS,
    NO_WORDS,
    PROSE_RUN,
    class_words,
    names_article,
)
from cleaner.read.lexicon import Lexicon, heads_comments
from cleaner.reasons import Cause, Values, Why, lifted_note, parts_note, values

# Pruning's numbers when a caller passes none (tests, the site rule tools).
_TUNED = DEFAULT_TUNING.prune

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

    from cleaner.siterules.load import SiteRule

Marks = dict["Element", Decision]
Words = frozenset[str]
Names = Sequence["str | bytes"]  # an element's attribute names (lxml's keys(), as typed)

STAGE = "html_prune"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_FURNITURE_ROLES = frozenset(
    {
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "search",
        "menu",
        "menubar",
        "dialog",
        "alertdialog",
        "tablist",
    }
)
# The calibrated numbers (layout_share, parts_share, ad_prose, widget_prose) are in
# cleaner/options.py (PruneTuning). A text run of at least PROSE_RUN characters
# (block_facts) counts as prose for them.
# Class words that say an element is hidden or shown, left out when slides are compared.
_HIDING_WORDS = frozenset({"hidden", "hide", "active", "show", "shown", "visible", "current"})
_NAMED = frozenset({"class", "id"})
# A run of this many digits in an id is a row number: comment systems give each entry an
# anchor ('comment-1049826'); a page's own sections count from 1 ('section-12').
_ROW_NUMBER = re.compile(r"\d{4}")
# A link to one comment: '#comment-451455', '/comments/1bbbwk/title/c95cjs5/'.
_PERMALINK = re.compile(r"comments?[/#_=-][^#?]*\d", re.I)


# Advertising words mark boxes of ads, which hold no prose of their own (PruneTuning.ad_prose).
_AD_WORDS = frozenset({"advert", "advertisement", "ads", "adsense", "banner", "promo", "sponsored"})


# Class names that state the page's layout ('has-sidebar', 'no-sidebar', 'with-share-bar')
# say what the page holds, not what the element is: their words mark no furniture.
_LAYOUT_MODIFIER = re.compile(r"(?<![\w-])(?:has|with|no|without)[-_][\w-]*", re.I)
# How every layout modifier starts, lower-cased: an ASCII value holding none has none (on
# ASCII, lower-casing matches what re.I does). Looked for before the regex, which took
# 1.4 us a value, and most class values have no modifier. One search for the eight starts
# ('has-', 'no_'...) took half the time of eight substring tests in a generator.
_MODIFIER_START = re.compile(r"(?:has|with|no|without)[-_]")


def furniture_in(value: str, lexicon: Lexicon) -> frozenset[str]:
    """The furniture words of class/id values, layout modifiers ('has-sidebar') left out.

    Not cached here: its callers remember what they read (_facts, _with_id, fast mode's
    _read_element), so a cache of its own hit 6% of calls on dev-html (22% in fast mode)
    and kept a tuple per value for the garbage collector to walk. Most values name no
    furniture: they share one empty set (NO_WORDS).
    """
    if _may_modify(value):
        value = _LAYOUT_MODIFIER.sub(" ", value)
    return class_words(value) & lexicon.drop_tokens or NO_WORDS


def element_furniture(
    classes: str | None, ident: str | None, lexicon: Lexicon
) -> frozenset[str]:
    """The furniture words of an element's class and id values together.

    Where the class names a post's body ('single-article-content', 'entry-content') and
    only the id a furniture word, the element is the post: dragnet R184 wraps its article
    in <div id="nav-single" class="single-article-content">, and the id pruned it whole.
    Within one value the furniture word wins ('article-content-nav'), and so does an id's
    word beside a page's generic 'main-content' or 'text-content' class.
    """
    by_class = furniture_in(classes, lexicon) if classes else NO_WORDS
    return _with_id_furniture(by_class, classes, ident, lexicon)


def _with_id_furniture(
    by_class: frozenset[str], classes: str | None, ident: str | None, lexicon: Lexicon
) -> frozenset[str]:
    """element_furniture, given the class's furniture words (`by_class`) already read.

    Either set alone is returned as it is, so the shared NO_WORDS stays shared.
    """
    by_id = furniture_in(ident, lexicon) if ident else NO_WORDS
    if by_id and not by_class and classes and _names_a_post(classes, lexicon):
        return NO_WORDS
    return by_class | by_id if by_class and by_id else by_class or by_id


# The [article] class names that name a post's own body, not a page's content area.
_POST_WORDS = re.compile(r"article|post|entry|story", re.IGNORECASE)


def _names_a_post(value: str, lexicon: Lexicon) -> bool:
    """Whether a class value names a post's body ('post-content', not 'main-content')."""
    found = lexicon.article_class.search(value)
    return found is not None and _POST_WORDS.search(found.group(0)) is not None


def _may_modify(value: str) -> bool:
    """Whether a class or id value may hold a layout modifier (_LAYOUT_MODIFIER)."""
    if not value.isascii():
        return True
    return _MODIFIER_START.search(value.lower()) is not None


def describes_layout(
    words: frozenset[str], prose: int, lexicon: Lexicon, tuning: PruneTuning = _TUNED
) -> bool:
    """True when an element's furniture words describe the page, given its prose.

    An advertising word on a container of `ad_prose` of prose ('has-ads') or widget words
    alone on one holding `widget_prose` of it describe the page's layout, not furniture.
    """
    if prose >= tuning.ad_prose and min(words, default="") in _AD_WORDS:
        return True
    return prose >= tuning.widget_prose and bool(words) and words <= lexicon.widget_tokens


@dataclass(frozen=True, slots=True)
class Pruned:
    """The marks on a page's tree, and the elements that name themselves the article.

    Which of those is the article container is chosen once the blocks are read
    (block_facts.choose_article), by the rule fast mode follows too.
    """

    marks: Marks
    article_like: frozenset[Element] = frozenset()
    tokens: dict[Element, frozenset[str]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # marks lifted after all, and why
    # the elements is_hidden is true of (None: not read, the block walk asks each element)
    hidden: frozenset[Element] | None = None


def prune(
    tree: Element, rule: SiteRule | None, lexicon: Lexicon, tuning: PruneTuning = _TUNED
) -> Pruned:
    """All marks for one page: generic structure first, then the site rule on top."""
    marks: Marks = {}
    prose = prose_by_element(tree)
    total = max(prose.get(tree, 0), 1)
    layout = tuning.layout_share * total
    read = _read_attributes(_attributed(tree), lexicon)
    class_word, drop = Cause.CLASS_WORD, Verdict.DROP  # enum lookups are slow in Python 3.11
    by_word = [
        (element, Why(class_word, values(word=min(words))))
        for element, words in read.furniture
        if not describes_layout(words, prose.get(element, 0), lexicon, tuning)
    ]
    holds_main = _holding_main(tree, read.role_main)
    for element, why in [*_generic_candidates(tree, read), *by_word]:
        if element in marks or prose.get(element, 0) > layout:
            continue
        if element in holds_main:
            continue  # the page's <main> is inside: a word on its wrapper is layout
        marks[element] = Decision(drop, STAGE, *why)
    outermost, count = _outermost(marks), len(marks)
    notes = _lift_parts(_PageProse(tree, prose), marks, outermost, lexicon, tuning)
    if len(marks) != count:  # marks were lifted: the marks inside them may be outermost now
        outermost = _outermost(marks)
    notes += _lift_best(marks, prose, prose.get(tree, 0), outermost)
    if rule is not None:
        marks.update(rule_marks(tree, rule))
    article_like = read.article_like
    article_like |= {e for e in tree.iter("article", "main") if e.tag not in ("html", "body")}
    return Pruned(marks, frozenset(article_like), read.tokens, notes, frozenset(read.hidden))


class _PageProse(NamedTuple):
    """A page's tree and the characters of prose each of its elements holds."""

    tree: Element
    prose: dict[Element, int]


def _lift_parts(
    page: _PageProse,
    marks: Marks,
    outermost: list[Element],
    lexicon: Lexicon,
    tuning: PruneTuning,
) -> tuple[str, ...]:
    """Lift the marks of one kind whose elements hold most of the page's prose: its parts.

    A container holding most of the prose is never pruned whole (layout_share), nor piece
    by piece (parts_to_lift). The lifted elements' marks of that kind go; the word and the
    hiding stay on their blocks as the learned stage's evidence (furniture words, hidden).
    Returns the notes saying what was lifted. `outermost`: the marks under no other mark.
    """
    tree, prose = page
    notes, total = [], max(prose.get(tree, 0), 1)
    least = tuning.parts_share * total
    for kind, members in _by_kind(marks, outermost).items():
        if not may_be_parts(*kind, lexicon) or not _could_hold(members, prose, least):
            continue
        if kind[0] is Cause.HIDDEN:  # slides: hidden, while one of their class is shown
            shown = _shown_classes(tree)
            members = [m for m in members if twin_words(m.get("class", "")) in shown]
        chosen = parts_to_lift([(m.getparent(), prose.get(m, 0)) for m in members], total, tuning)
        if not chosen:
            continue
        parts = [members[k] for k in chosen.parts]
        scopes = [
            scope_facts(_named_in(scope), _linked_heading(scope))
            for scope in _scopes(kind[0], parts)
        ]
        if thread_or_teasers(scopes, _heads(members, chosen), lexicon):
            continue
        for element in (members[k] for k in chosen.lifted):
            for inner in element.iter():
                mark = marks.get(inner)
                if mark is not None and mark_kind(mark) == kind:
                    del marks[inner]
        notes.append(parts_note(len(chosen.lifted), marks_of(kind), chosen.held, total))
    return tuple(notes)


def _could_hold(members: list[Element], prose: dict[Element, int], least: float) -> bool:
    """Whether the elements hold enough prose to be parts at all (a cheap first test).

    `least`: parts_share of the page's prose, which they must hold more than.
    """
    return sum(prose.get(m, 0) for m in members) > least


def may_be_parts(cause: Cause, named: Values, lexicon: Lexicon) -> bool:
    """True for the marks that can be an article's parts: hidden, or a [parts] word.

    <nav>, <aside>, <footer> and ARIA roles were chosen by the page's author, and a menu
    or a related list holding much prose is still furniture (seen on dev-html).
    """
    return cause is Cause.HIDDEN or (
        cause is Cause.CLASS_WORD and dict(named).get("word") in lexicon.part_tokens
    )


def twin_words(classes: str) -> frozenset[str]:
    """An element's class words without those that hide or show it: what slides share."""
    return class_words(classes) - _HIDING_WORDS if classes else frozenset()


def _shown_classes(tree: Element) -> set[frozenset[str]]:
    """The class words (twin_words) of the elements a browser shows."""
    return {
        twin_words(element.get("class", ""))
        for element in tree.iter()
        if element.get("class") and not is_hidden(element)
    } - {frozenset()}


def _scopes(cause: Cause, parts: list[Element]) -> list[list[Element]]:
    """Where to look for a comment thread's signs, one scope per parent.

    Its children from the first part to the last (an author line stands beside a
    comment's body); hidden slides are looked at alone.
    """
    if cause is Cause.HIDDEN:
        return [[part] for part in parts]
    by_parent: dict[Element | None, list[Element]] = {}
    for part in parts:
        by_parent.setdefault(part.getparent(), []).append(part)
    scopes = []
    for parent, group in by_parent.items():
        children = list(parent) if parent is not None else group
        place = {child: i for i, child in enumerate(children)}  # not .index: thousands of parts
        at = [place[part] for part in group]
        scopes.append(children[min(at) : max(at) + 1])
    return scopes


def _heads(members: list[Element], chosen: Parts) -> list[str]:
    """The texts that could head the parts: the one just before them, the other lifted."""
    parts = set(chosen.parts)
    others = [" ".join(map(str, members[k].itertext())) for k in chosen.lifted if k not in parts]
    return [*_texts_before(members[min(chosen.lifted)]), *others]


def _texts_before(element: Element) -> list[str]:
    """The text just before an element: its last text node, and the whole block holding it.

    Both, so a head split by inline tags ('Comments <span>(27)</span>') is read whole, as
    fast mode reads the block before them, and one inside a long block is still read
    alone. Script and style text is no text.
    """
    found = _TEXT_BEFORE(element)
    node = found[0] if isinstance(found, list) and found else None
    if not isinstance(node, etree._ElementUnicodeResult):
        return []
    holder = node.getparent()
    if holder is not None and node.is_tail:
        holder = holder.getparent()
    while holder is not None and holder.tag not in BLOCK_TAGS:
        holder = holder.getparent()
    return [str(node), "" if holder is None else " ".join(map(str, holder.itertext()))]


_TEXT_BEFORE = etree.XPath(
    "preceding::text()[normalize-space()]"
    "[not(ancestor::script or ancestor::style or ancestor::template)][1]"
)


def _named_in(scope: list[Element]) -> list[tuple[str, str]]:
    """The class, id and href values of the elements in a scope and inside them."""
    return [
        (str(name), str(value))
        for top in scope
        for inner in top.iter()
        for name, value in inner.items()
        if name in _SCOPE_ATTRIBUTES
    ]


def _linked_heading(scope: list[Element]) -> bool:
    """True when a heading in the scope opens with a link (a teaser's title)."""
    for top in scope:
        for heading in top.iter(*_HEADINGS):
            if len(heading) and heading[0].tag == "a" and not (heading.text or "").strip():
                return True
    return False


_SCOPE_ATTRIBUTES = frozenset({"class", "id", "href"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class Parts(NamedTuple):
    """The members of one kind of mark that are the article's parts (parts_to_lift)."""

    parts: list[int]  # the members holding prose
    lifted: list[int]  # those and their siblings of the same kind
    held: int  # the prose the parts hold


def parts_to_lift(
    members: list[tuple[Hashable, int]], total: int, tuning: PruneTuning = _TUNED
) -> Parts | None:
    """Which of one kind of pruned elements are the article's parts, if they are.

    members: each element's parent (any key) and its characters of prose, total: the
    page's. When the elements holding prose hold more than `parts_share` of the page's
    prose between them, they are its parts (a live report's 'live-match-comment'
    entries, a gallery's hidden slides), lifted with their siblings of the same kind
    (the report's one-line entries). Both modes decide by this one rule; the caller
    checks they are no comment thread (thread_or_teasers).
    """
    parts = [k for k, (_, size) in enumerate(members) if size >= PROSE_RUN]
    held = sum(members[k][1] for k in parts)
    if held <= tuning.parts_share * total or len(parts) < 2:
        return None  # one element holding that much is the layout already (layout_share)
    parents = {members[k][0] for k in parts}
    lifted = [k for k, (parent, _) in enumerate(members) if parent in parents]
    return Parts(parts, lifted, held)


def numbered(ident: str) -> bool:
    """True for an id holding a database number ('comment-1049826', 'c2493339632')."""
    return _ROW_NUMBER.search(ident) is not None


class Scope(NamedTuple):
    """What a scope of possible parts holds that says comment thread or teaser list."""

    words: frozenset[str]  # class/id words
    permalink: bool  # an id with a database number, or a link to one comment
    teaser: bool  # a heading that is a link (to another page)


def scope_facts(named: list[tuple[str, str]], teaser: bool) -> Scope:
    """A scope's facts from its attributes: (name, value) of each class, id and href."""
    words = frozenset().union(*(class_words(v) for n, v in named if n != "href"))
    permalink = any(
        numbered(value) if name == "id" else name == "href" and bool(_PERMALINK.search(value))
        for name, value in named
    )
    return Scope(words, permalink, teaser)


def thread_or_teasers(scopes: list[Scope], heads: list[str], lexicon: Lexicon) -> bool:
    """True when the scopes look like a comment thread's entries or a list of teasers.

    One of `heads` (the text just before them, their other lifted siblings) heads a
    comment section ('27 Comments'), a class or id in them names a comment's author or
    reply link (the [thread] words), or half of them hold a permalink (a numbered id, a
    link to one comment) or a heading that is a link (a teaser of another page).
    """
    if any(heads_comments(" ".join(head.split()), lexicon) for head in heads):
        return True
    if any(not lexicon.thread_tokens.isdisjoint(scope.words) for scope in scopes):
        return True
    signed = sum(scope.permalink or scope.teaser for scope in scopes)
    return 2 * signed >= len(scopes)


def mark_kind(mark: Decision) -> tuple[Cause, Values]:
    """What makes marks one kind: their cause and its values (the class word)."""
    return mark.cause, mark.values


def marks_of(kind: tuple[Cause, Values]) -> Decision:
    """The pruning mark of one kind (to render its reason)."""
    return Decision(Verdict.DROP, STAGE, *kind)


def _by_kind(marks: Marks, elements: list[Element]) -> dict[tuple[Cause, Values], list[Element]]:
    """The marked elements grouped by the kind of their marks."""
    grouped: dict[tuple[Cause, Values], list[Element]] = {}
    for element in elements:
        grouped.setdefault(mark_kind(marks[element]), []).append(element)
    return grouped


def _outermost(marks: Marks) -> list[Element]:
    """The marked elements under no other mark, in the marks' order.

    Found once for both lifts (each ancestor of each mark is looked at), again only when
    the first lifted some marks.
    """
    return [e for e in marks if not any(a in marks for a in e.iterancestors())]


def _lift_best(
    marks: Marks, prose: dict[Element, int], total: int, outermost: list[Element]
) -> tuple[str, ...]:
    """When the marks leave no prose open, lift the one holding the most: the best candidate.

    Pruning is evidence, not a verdict: a page whose every prose run sits under a mark
    (its article inside 'sidebar-main') would come out empty. `outermost`: the marks under
    no other mark. Returns the note saying why.
    """
    open_prose = total - sum(prose.get(e, 0) for e in outermost)
    best = max(outermost, key=lambda e: prose.get(e, 0), default=None)
    if best is None or open_prose >= PROSE_RUN or prose.get(best, 0) < PROSE_RUN:
        return ()
    return (lifted_note(str(best.tag), marks.pop(best), prose.get(best, 0)),)


def _holding_main(tree: Element, role_main: list[Element]) -> set[Element]:
    """The page's one <main> (or role=main) element and every element around it.

    HTML says <main> holds the page's main content; a page has one. A class word on a
    wrapper around it ('b-offcanvas-wrap') describes the layout, not furniture.
    """
    mains = [*tree.iter("main"), *role_main]
    if len(set(mains)) != 1:
        return set()
    return {mains[0], *mains[0].iterancestors()}


@dataclass(slots=True)
class _Attributes:
    """What the elements' attributes say, each attribute read once (_read_attributes)."""

    tokens: dict[Element, Words] = field(default_factory=dict)  # block_facts.class_words
    furniture: list[tuple[Element, Words]] = field(default_factory=list)  # with their words
    article_like: set[Element] = field(default_factory=set)  # block_facts.names_article
    roles: list[tuple[Element, str]] = field(default_factory=list)  # furniture ARIA roles
    role_main: list[Element] = field(default_factory=list)  # role="main"
    hidden: list[Element] = field(default_factory=list)  # is_hidden


# What an element's tag, class, id, role and itemprop say: article-like, its class/id words
# (None without class or id), its furniture words.
_Facts = tuple[bool, "Words | None", Words]


def _attributed(tree: Element) -> Iterator[tuple[Element, Names]]:
    """The elements carrying an attribute pruning reads, each with its attribute names.

    The names say which attributes there are to read: an lxml `get` costs about 0.2 us,
    and most elements carry a class and nothing else pruning reads (as an id, role,
    itemprop or hiding attribute). Yielded, not listed: a list held a pair and a list of
    names for every such element at once, a page's worth of objects for the garbage
    collector, which ran a collection in it on most pages.
    """
    for element in tree.iter():
        names = element.keys()
        if not _READ_ATTRIBUTES.isdisjoint(names):
            yield element, names


def _read_attributes(attributed: Iterable[tuple[Element, Names]], lexicon: Lexicon) -> _Attributes:
    """Read every attribute pruning needs once, in one pass, in document order.

    The facts from tag, class, role and itemprop are read once per distinct four (a
    template's list repeats them), an id's on its own (ids are unique): reading them per
    element was a third of the prune. An id adds its words to the class's, as a class
    and an id value joined by a space give them (words never span the space). Only the
    attributes an element has are read (`attributed` names them).
    """
    read = _Attributes()
    known: dict[tuple[str, str | None, str | None, str | None], _Facts] = {}
    for element, names in attributed:
        get = element.get
        tag, classes = element.tag, get("class")
        role = get("role") if "role" in names else None
        key = (tag, classes, role, get("itemprop") if "itemprop" in names else None)
        facts = known.get(key)
        if facts is None:
            facts = known[key] = _facts(*key, lexicon)
        article, words, furniture = facts
        if "id" in names:
            article, words, furniture = _with_id(facts, tag, classes, get("id", ""), lexicon)
        if article:
            read.article_like.add(element)
        if words is not None:
            read.tokens[element] = words
        if furniture:
            read.furniture.append((element, furniture))
        if role is not None:
            _read_role(element, role, read)
        if not _HIDING.isdisjoint(names) and is_hidden(element):
            read.hidden.append(element)
    return read


def _read_role(element: Element, role: str, read: _Attributes) -> None:
    """Note an element's role="main" or furniture role (ARIA)."""
    if role == "main":
        read.role_main.append(element)
    if role.strip().lower() in _FURNITURE_ROLES:
        read.roles.append((element, role.strip().lower()))


@lru_cache(maxsize=8192)
def _facts(
    tag: str, classes: str | None, role: str | None, itemprop: str | None, lexicon: Lexicon
) -> _Facts:
    """Article-likeness (block_facts.names_article), class words and furniture words.

    Cached across pages too: a site's template repeats its class values on every page (a
    fifth of a page's distinct values were seen on an earlier page even on dev-html, one
    page a site).
    """
    article = names_article(tag, role, itemprop, (classes,), lexicon)
    if classes is None:
        return article, None, NO_WORDS
    furniture = furniture_in(classes, lexicon) if tag not in _NOT_FURNITURE else NO_WORDS
    return article, class_words(classes), furniture


@lru_cache(maxsize=8192)
def _with_id(
    facts: _Facts, tag: str, classes: str | None, ident: str, lexicon: Lexicon
) -> _Facts:
    """The facts of an element's class, role and itemprop, with what its id adds.

    An id's furniture word counts for nothing beside a class naming a post's body
    (element_furniture).

    Cached: a template's ids ('content', 'sidebar') come back on every page of a site.
    """
    article, words, furniture = facts
    article = article or names_article(tag, None, None, (ident,), lexicon)
    if tag not in _NOT_FURNITURE:  # facts hold the class's furniture words already
        furniture = _with_id_furniture(furniture, classes, ident, lexicon)
    return article, class_words(ident) if words is None else words | class_words(ident), furniture


# <html> and <body> are never pruned for a class word.
_NOT_FURNITURE = frozenset({"html", "body"})


def prose_by_element(tree: Element) -> dict[Element, int]:
    """Characters of long text runs (prose) inside each element, counted once per run.

    A tail run counts for the element it follows, as lxml's XPath text nodes report it.
    """
    prose: dict[Element, int] = {}
    for owner in tree.iter():
        text, tail = owner.text, owner.tail
        # most elements hold no run that long: skip them before any call (1.6 M a corpus)
        if (text is None or len(text) < PROSE_RUN) and (tail is None or len(tail) < PROSE_RUN):
            continue
        if owner.tag in _NOT_PROSE:
            continue
        size = _prose_run(text) + _prose_run(tail)
        if size:
            for element in (owner, *owner.iterancestors()):
                prose[element] = prose.get(element, 0) + size
    return prose


def _prose_run(text: str | None) -> int:
    """The length of a text run that is prose, else 0."""
    if text is None or len(text) < PROSE_RUN or len(" ".join(text.split())) < PROSE_RUN:
        return 0
    return len(text)


_NOT_PROSE = frozenset({"script", "style", "noscript", "template"})
# The attributes pruning reads. One Python pass over tree.iter() finds the elements that
# carry any (0.25 ms a page); each `//*[@...]` XPath scan took 0.3-0.5 ms, four 1.7 ms.
_READ_ATTRIBUTES = frozenset({"class", "id", "role", "hidden", "aria-hidden", "style", "itemprop"})
# The attributes is_hidden reads.
_HIDING = frozenset({"hidden", "aria-hidden", "style"})


def _generic_candidates(tree: Element, read: _Attributes) -> list[tuple[Element, Why]]:
    """Elements that look like page furniture, with the structural reason for each."""
    found: list[tuple[Element, Why]] = []
    for element in tree.iter("nav", "aside", "footer", "menu", "dialog"):
        found.append((element, Why(Cause.STRUCTURE_TAG, values(tag=str(element.tag)))))
    for element in tree.iter("header"):
        if not _HEADER_KEPT(element):
            found.append((element, Why(Cause.PAGE_HEADER)))
    found.extend((element, Why(Cause.ROLE, values(role=role))) for element, role in read.roles)
    found.extend((element, Why(Cause.HIDDEN)) for element in read.hidden)
    return found


# A <header> inside the article or holding the headline is not the page's header.
_HEADER_KEPT = etree.XPath("ancestor::article or ancestor::main or .//h1")


def is_hidden(element: Element) -> bool:
    """True for elements a browser would not show."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


def rule_marks(tree: Element, rule: SiteRule) -> Marks:
    """Marks from a site rule's html directives: root (keep-only), drop and keep."""
    marks: Marks = {}
    for directive in rule.html_root:
        roots = directive.select(tree)
        says = values(rule=rule.name, says=directive.reason)
        for outside in _outside(roots):
            marks[outside] = Decision(
                Verdict.DROP, "rule", Cause.RULE_OUTSIDE_ROOT, says, final=True
            )
    for directive in rule.html_drop:
        says = values(rule=rule.name, says=directive.reason)
        for element in directive.select(tree):
            marks[element] = Decision(Verdict.DROP, "rule", Cause.RULE, says, final=True)
    for directive in rule.html_keep:
        says = values(rule=rule.name, says=directive.reason)
        for element in directive.select(tree):
            marks[element] = Decision(Verdict.KEEP, "rule", Cause.RULE, says, final=True)
    return marks


def _outside(roots: list[Element]) -> list[Element]:
    """The siblings along the paths from the roots up to <html>: everything off-root."""
    if not roots:
        return []
    on_path: set[Element] = set()
    for root in roots:
        on_path.update(root.iterancestors())
        on_path.add(root)
    outside = []
    for node in on_path:
        for child in node:
            if child not in on_path and not _inside_any(child, roots):
                outside.append(child)
    return outside


def _inside_any(element: Element, roots: list[Element]) -> bool:
    return any(root in element.iterancestors() or root is element for root in roots)
