"""The main-content span: article text is mostly contiguous, furniture gathers around it.

Each block scores what it adds to the article (kept prose counts its length, dropped
blocks cost theirs, a furniture section head such as "Related Posts" costs a lot), and the
best-scoring contiguous run of blocks (maximum subarray) is the article. Kept blocks
outside it are head or tail furniture. Then the headline above the span is put back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.heuristics.page_signals import comment_mark
from cleaner.heuristics.signals import effective_length
from cleaner.options import Tuning
from cleaner.page import Block, BlockKind, Decision, Quality, Verdict, revise
from cleaner.read.lexicon import ends_with_mark, normalize_phrase
from cleaner.reasons import Cause, Why, values

STAGE = "span"
# The stages whose drops are strong evidence (pruning, signals, site rules): what stands
# between a headline and its body, and what ends a short post.
STRONG_STAGES = frozenset({"signals", "html_prune", "rule"})
_CLAUSE_MARKS = ".;:,"  # a line ending in one (closing quotes aside) goes on
PROSE_MARKS = ".!?。！？…"  # a line ending in one (closing quotes aside) ends a sentence
# Pipes and slashes between words (menus, photo credits "Foto / Agency"), credit labels,
# and dates or times: such a line is not the headline.
_NOT_HEADLINE = re.compile(
    r"\s[|/]\s|^\W*(?:foto|fot|bild|photo|image|imagen|source|quelle|źródło|credit)s?\b"
    r"|\b(?:shutterstock|getty images|pixabay|unsplash|dpa|reuters)\b"
    r"|\b\d{1,2}[./:]\d{2}\b|\b(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_TITLE_SPLIT = re.compile(r"\s+[|–—:·•-]\s+|\s+[|]\s*")


def block_score(block: Block, tuning: Tuning) -> float:
    """What a block adds to (or costs) the article span, in characters.

    A middling paragraph that only its context dropped costs no more than a short line:
    it is often the standfirst between a headline and a captioned photo.
    """
    length = effective_length(block.text, tuning)  # scaled as the grades scale it
    decision = block.decision
    if decision is None or not decision.keep:
        if block.section_end:
            return -tuning.span_section_cost
        weak = decision is None or decision.stage == "smoothing"
        if block.quality is Quality.SHORT or (weak and block.quality is Quality.NEARGOOD):
            return -tuning.span_short_cost
        return -min(length + tuning.span_bad_cost, tuning.span_max_block_cost)
    if decision.final or block.quality is Quality.GOOD:
        return length * tuning.span_good_weight
    return length * tuning.span_neargood_weight


def best_span(scores: list[float]) -> tuple[int, int]:
    """Kadane's maximum subarray: (start, end) inclusive, or (0, -1) when nothing scores."""
    best, best_range = 0.0, (0, -1)
    running, start = 0.0, 0
    for i, score in enumerate(scores):
        if running <= 0:
            running, start = score, i
        else:
            running += score
        if running > best:
            best, best_range = running, (start, i)
    return best_range


def main_span(blocks: list[Block], tuning: Tuning, title: str = "") -> list[Block]:
    """Drop kept blocks outside the best span; keep weakly graded blocks inside it.

    For HTML, prose outside the main container (see `main_container`) counts for less.
    The block that repeats the page title is the headline: the article starts there, so
    it earns a bonus that draws the span to it rather than to a prose box in a sidebar.
    Inside the span only strong evidence drops a block (a signal, pruning, a rule, link
    density): stop-word density and length are too weak to cut a heading or a list item
    out of the middle of an article.
    """
    names = _title_variants(title)
    longest = max(map(len, names), default=0) + 20  # a longer block cannot be the title
    scores = [
        block_score(b, tuning)
        + (tuning.span_title_bonus if len(b.text) <= longest and _is_title(b, names) else 0.0)
        for b in blocks
    ]
    has_article = any(b.article for b in blocks)
    container = None if has_article else main_container(blocks, tuning)
    if has_article or container is not None:
        scores = [
            score * tuning.outside_container_weight
            if score > 0 and not _in_container(block, container)
            else score
            for score, block in zip(scores, blocks, strict=True)
        ]
    spans = [_extend_edges(span, blocks) for span in article_spans(scores, blocks, tuning)]
    start, end = spans[0] if spans else (0, -1)
    revised = []
    head, tail = (Why(Cause.OUTSIDE_SPAN, values(where=where)) for where in ("head", "tail"))
    for block in blocks:
        if any(low <= block.index <= high for low, high in spans):
            block = _inside(block, tuning)
        else:
            block = _outside(block, head if block.index < start else tail)
        revised.append(block)
    return _fill_article_gaps(revised, tuning, container)


def _extend_edges(span: tuple[int, int], blocks: list[Block]) -> tuple[int, int]:
    """Carry a span over the sentences right before and after it that only length held back.

    A standfirst, the last step of a recipe or the closing line of a post is often short:
    when it ends like a sentence, carries no links and no strong signal dropped it, it
    belongs to the text beside it.
    """
    start, end = span
    while end + 1 < len(blocks) and _closing_sentence(blocks[end + 1]):
        end += 1
    while start > 0 and _closing_sentence(blocks[start - 1]):
        start -= 1
    return start, end


def _closing_sentence(block: Block) -> bool:
    decision = block.decision
    return (
        decision is not None
        and decision.stage == "smoothing"
        and block.quality in (Quality.SHORT, Quality.NEARGOOD)
        and block.link_density == 0
        and not in_menu_run(block)
        and ends_with_mark(block.text, PROSE_MARKS)
    )


def _fill_article_gaps(
    blocks: list[Block], tuning: Tuning, container: tuple[int, str] | None
) -> list[Block]:
    """Keep what only weak signals dropped inside the page's article element.

    The article element is the one the page marks, or else the prose-based main
    container. Between its first and last kept block anything goes back (a list or a
    short paragraph between two spans of prose); before and after them only sentences of
    prose, code and table rows do.
    """
    labels = [_article_label(b, container) for b in blocks]
    kept = [b.index for b, label in zip(blocks, labels, strict=True) if b.kept and label]
    if not kept:
        return blocks
    low, high = kept[0], kept[-1]
    return [
        _in_article(b, label, tuning) if label and (low < b.index < high or _prose_like(b)) else b
        for b, label in zip(blocks, labels, strict=True)
    ]


def _article_label(block: Block, container: tuple[int, str] | None) -> str:
    """The article element a block sits in ('' when none): marked, else main container."""
    if block.article:
        return block.article
    if container is not None and container[0] in block.containers:
        return container[1]
    return ""


def _prose_like(block: Block) -> bool:
    """Reads as article content on its own: a sentence of prose, code, or a table row."""
    if block.kind in (BlockKind.PRE, BlockKind.ROW):
        return True
    good = block.quality in (Quality.GOOD, Quality.NEARGOOD)
    return good and ends_with_mark(block.text, PROSE_MARKS)


def article_spans(
    scores: list[float], blocks: list[Block], tuning: Tuning
) -> list[tuple[int, int]]:
    """The best span, plus islands of prose beside it that score nearly as well.

    An island counts when it scores at least `island_share` of the main span, holds at
    least `island_min_good` GOOD paragraphs (a teaser list of headlines holds none, an
    author bio or a newsletter pitch one), and no furniture
    section head ("Related Posts", "Comments") lies between it and the main span.
    """
    main = main_segment_span(scores, blocks, tuning)
    if main[1] < main[0]:
        return []
    best = sum(scores[main[0] : main[1] + 1])
    spans = [main]
    pending = [(0, main[0] - 1), (main[1] + 1, len(scores) - 1)]
    while pending:
        low, high = pending.pop()
        if high < low:
            continue
        start, end = best_span(scores[low : high + 1])
        if end < start:
            continue
        start, end = start + low, end + low
        share = tuning.island_share if end < main[0] else tuning.island_share_after
        if sum(scores[start : end + 1]) < share * best:
            continue
        prose = sum(1 for b in blocks[start : end + 1] if b.quality is Quality.GOOD and b.kept)
        if _section_head_between(blocks, (start, end), main) or prose < tuning.island_min_good:
            continue
        spans.append((start, end))
        pending += [(low, start - 1), (end + 1, high)]
    return spans


def main_segment_span(scores: list[float], blocks: list[Block], tuning: Tuning) -> tuple[int, int]:
    """The best span that crosses no furniture section head.

    Section heads ("Related Posts", "27 commentaires") cut the page into segments. Each
    segment's best span competes, discounted by `section_discount` for every head above
    it: a long comment thread below the article must outweigh the article twice over.
    A one-word head with no prose above it ends nothing (_nothing_to_end): on a page
    whose masthead carries a comment count ('Comments'), the article follows it; nor
    does one over more prose than above it and no comment's mark (_article_goes_on). A head
    of reader comments below the page's kept prose closes the page: no span below it
    is the article, however long the thread (GOLDEN.md: comments are not article text).
    """
    heads = [b.index for b in blocks if b.section_end]
    above = _prose_above(blocks, heads)
    bounds = list(zip([-1, *heads], [*heads, len(scores)], strict=True))
    head_after = dict(bounds[1:])  # each head, and the next one (or the page's end)
    ending = [
        h
        for h in heads
        if not _nothing_to_end(blocks[h], above[h])
        and not _article_goes_on(blocks, h, head_after[h], above[h], tuning)
    ]
    closing = [h for h in ending if _closes_page(blocks[h], above[h], tuning)]
    best_score, best = 0.0, (0, -1)
    for head, next_head in bounds:
        low, high = head + 1, next_head - 1
        start, end = best_span(scores[low : high + 1])
        if end < start:
            continue
        first = blocks[low + start]
        if any(h <= head and head_stands_over(blocks[h], first) for h in closing):
            continue  # reader comments below the article's prose: never the article
        crossed = sum(1 for h in ending if h <= head and head_stands_over(blocks[h], first))
        score = sum(scores[low + start : low + end + 1]) * tuning.section_discount**crossed
        if score > best_score:
            best_score, best = score, (low + start, low + end)
    return best


def _prose_above(blocks: list[Block], heads: list[int]) -> dict[int, int]:
    """The characters of kept prose above each head (in page order), summed once down the page.

    A front page of teasers each with its '12 Comments' must not rescan the page for
    every head.
    """
    above, counted, total = {}, 0, 0
    for head in heads:
        total += sum(len(b.text) for b in blocks[counted:head] if _kept_prose(b))
        counted, above[head] = head, total
    return above


def _closes_page(head: Block, prose_above: int, tuning: Tuning) -> bool:
    """Whether a section head surely heads reader comments, so nothing below is the article.

    A comments head of several words ('Leave a Reply', '{ 14 comments… read them below or
    add one }') below kept prose does. One of a single word, counted or not ('Comments',
    '{ 131 comments }'), is also a link in a masthead or a byline, where a little prose (a
    reprints notice, a site's welcome, a standfirst) may stand above it: it closes the
    page only below `comments_close_chars` of kept prose (`prose_above`), an article's
    worth; else it only discounts.
    """
    decision = head.decision
    if decision is None or decision.cause is not Cause.COMMENTS_HEAD or not prose_above:
        return False
    return not _one_word(head) or prose_above >= tuning.comments_close_chars


def _nothing_to_end(head: Block, prose_above: int) -> bool:
    """Whether a one-word furniture head ('Comments', '4 Comments', 'Related') ends nothing.

    A masthead's comment count reads like a comment section's head. A one-word head with
    no kept prose above it (`prose_above`, in characters) has no article to end, whatever
    its word: it discounts nothing.
    """
    return not prose_above and _one_word(head)


def _article_goes_on(
    blocks: Sequence[Block], head: int, next_head: int, prose_above: int, tuning: Tuning
) -> bool:
    """Whether an uncounted one-word head ('Comments') is a link in the article's masthead.

    In a scrape, TechCrunch's byline ends in a 'Comments' link, with the author's bio
    above it and the whole article below (dragnet R771, R773, R775), and the Washington
    Post's tool bar carries one between a story's first paragraphs and the rest (R166,
    R170): the head's discount left the bio, or the first paragraphs, as the article.
    Such a link stands among other furniture (a dateline, 'Loading...'), where a comment
    section's head follows the article's last paragraph or its tags. And reader comments
    show their structure at once: a signature, a time, a 'Reply', a dated line. So a head
    not right below kept prose, over a segment (up to the next head) with more kept prose
    than stands above the head and no such mark in its first blocks, ends nothing,
    unless its first paragraphs sit each under a name line of their own (_under_names:
    unsigned comments, Disqus scraped as '• Mike Stevens'). A counted head ('19
    Responses') announces comments (dragnet R35 signs them with bare names), and one
    below an article's worth of prose (`comments_close_chars`) closes the page
    (_closes_page).
    """
    block = blocks[head]
    if prose_above >= tuning.comments_close_chars or not _one_word(block):
        return False
    if _DIGIT.search(block.text) or (head and _kept_prose(blocks[head - 1])):
        return False
    segment = blocks[head + 1 : next_head]
    below = sum(len(b.text) for b in segment if _kept_prose(b))
    first = segment[:_FIRST_COMMENT_REACH]
    if below <= prose_above or any(_signs_comment(b) for b in first):
        return False
    return not _under_names(first)


def _under_names(first: Sequence[Block]) -> bool:
    """Whether half the paragraphs below a head or more sit under a short line of their own.

    Unsigned reader comments (Disqus scraped as '• Mike Stevens', a bare name, '2. Sarah K')
    put a short line between one comment and the next; an article below a masthead's link
    runs paragraph after paragraph, a subhead over a few of them at most.
    """
    prose = [i for i, b in enumerate(first) if _kept_prose(b)]
    named = [i for i in prose if i and _name_over(first, i)]
    return len(named) >= 2 and 2 * len(named) >= len(prose)


def _name_over(first: Sequence[Block], i: int) -> bool:
    """Whether paragraph `i` has one short line over it, right below the head or a longer line.

    One line: a teaser list's headline and author over each teaser are two.
    """
    return _short_line(first[i - 1]) and (i == 1 or not _short_line(first[i - 2]))


def _short_line(block: Block) -> bool:
    """A line too short for prose: a name ('• Mike Stevens', 'tom_r'), a headline, a subhead."""
    return block.quality in _SHORT and len(block.text) <= _NAME_CHARS


_SHORT = (Quality.SHORT, Quality.BAD)
# A commenter's name line is at most this long ('• Mike Stevens', '3. Sarah K').
_NAME_CHARS = 60


def _kept_prose(block: Block) -> bool:
    return block.kept and block.quality in _PROSE


# A comment thread shows a signature or a stamp within this many blocks of its head.
_FIRST_COMMENT_REACH = 10


def _signs_comment(block: Block) -> bool:
    """A comment's mark ('said:', a time, 'Reply') or a dated line ('1. Kirk - August 8, 2012')."""
    decision = block.decision
    if decision is not None and decision.cause in _DATED:
        return True
    return comment_mark(block.text)


_DATED = frozenset({Cause.META_LINE, Cause.DATE_LINE, Cause.BYLINE})


def _one_word(head: Block) -> bool:
    """A head of one word, a count aside ('Comments', '4 Comments', '{ 131 comments }')."""
    return len(_LETTERS.findall(head.text)) == 1


_PROSE = (Quality.GOOD, Quality.NEARGOOD)


_LETTERS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")


def head_stands_over(head: Block, block: Block) -> bool:
    """Whether a furniture section head stands over a block, so the block's span pays.

    The block must sit inside the head's grandparent element: 'Recent Posts' in a
    sidebar column heads that column, not the post in the next one. Scraped lines have
    no elements: every head counts.
    """
    section = head.containers[:-2]
    if len(head.containers) < _HEAD_DEPTH:
        return True
    return block.containers[: len(section)] == section


# A head needs this many enclosing elements (itself, its parent, a grandparent) to stand
# in a section of its own; nearer the top it heads the whole page.
_HEAD_DEPTH = 3


def _section_head_between(blocks: list[Block], a: tuple[int, int], b: tuple[int, int]) -> bool:
    low, high = (a[1], b[0]) if a[1] < b[0] else (b[1], a[0])
    return any(block.section_end for block in blocks[low + 1 : high])


def _in_container(block: Block, container: tuple[int, str] | None) -> bool:
    """Inside the page's article element, or else inside the prose-based main container."""
    return bool(block.article) if container is None else container[0] in block.containers


def main_container(blocks: list[Block], tuning: Tuning) -> tuple[int, str] | None:
    """The deepest HTML element that holds most of the page's prose, if below <body>.

    Prose is what smoothing kept as GOOD or NEARGOOD; the element must hold at least
    `container_share` of it. The article's own wrapper (div.entry-content, <article>)
    usually qualifies, a sidebar or a footer with one prose box does not.
    """
    mass: dict[int, int] = {}
    where: dict[int, tuple[int, str]] = {}
    total = 0
    for block in blocks:
        if not block.containers or not _is_prose(block):
            continue
        total += len(block.text)
        for depth, ident in enumerate(block.containers):
            mass[ident] = mass.get(ident, 0) + len(block.text)
            where[ident] = (depth, block.container_path[depth])
    if not total:
        return None
    held = [i for i, m in mass.items() if m >= tuning.container_share * total]
    if not held:
        return None
    best = max(held, key=lambda i: where[i][0])
    return (best, where[best][1]) if where[best][0] > 0 else None


def _is_prose(block: Block) -> bool:
    decision = block.decision
    return (
        decision is not None
        and decision.keep
        and decision.stage == "smoothing"
        and block.quality in (Quality.GOOD, Quality.NEARGOOD)
    )


def _outside(block: Block, why: Why) -> Block:
    if not block.kept or block.is_final:
        return block
    return revise(block, decision=Decision(Verdict.DROP, STAGE, *why))


def _in_article(block: Block, label: str, tuning: Tuning) -> Block:
    """Keep a block the span left out inside the article element.

    Strong evidence (pruning, signals, rules) and link density still drop it.
    """
    decision = block.decision
    if decision is None or decision.keep or decision.stage != "smoothing":
        return block
    if block.link_density > tuning.max_link_density:
        return block
    kept = Decision(Verdict.KEEP, STAGE, Cause.ARTICLE_ELEMENT, values(label=label), prior=decision)
    return revise(block, decision=kept)


def _inside(block: Block, tuning: Tuning) -> Block:
    """Keep a block only weak signals dropped, inside the span (not menu runs, not links)."""
    return keep_weak(block, tuning, Cause.INSIDE_SPAN) or block


def keep_weak(block: Block, tuning: Tuning, where: Cause) -> Block | None:
    """The block kept because of where it stands, or None when it must stay dropped.

    Only a drop by smoothing (length, stop words, context) is undone: strong evidence,
    a line mostly of links and a menu run stand wherever the block is. `where` is the
    cause that names the place (INSIDE_SPAN, SECTION_GAP, AFTER_COLON, ...).
    """
    decision = block.decision
    if decision is None or decision.keep or decision.stage != "smoothing":
        return None
    if block.link_density > tuning.max_link_density or in_menu_run(block):
        return None
    return revise(block, decision=Decision(Verdict.KEEP, STAGE, where, prior=decision))


def in_menu_run(block: Block) -> bool:
    """First graded as part of a run of menu lines (a scrape's menus stay dropped)."""
    return block.first is not None and block.first.cause is Cause.MENU_RUN


def restore_headline(blocks: list[Block], title: str, tuning: Tuning) -> list[Block]:
    """Keep the article's headline (and standfirst), which the span leaves out as short.

    The headline is the block matching the page title, else the nearest headline-like
    block above the first kept block. A sentence between that headline and the body,
    with only furniture around it, is the standfirst and is kept with it. A headline
    the span already kept (one of its first three blocks matching the title) is settled
    as the headline all the same, so no later stage drops the article's own title as a
    short line (the learned stage leaves headlines alone).
    """
    kept = [b.index for b in blocks if b.kept]
    if not kept:
        return blocks
    first = kept[0]
    names = _title_variants(title)
    opening = _kept_title(blocks, names, first)
    if opening is not None:
        return _settled(blocks, {opening: Cause.HEADLINE_TITLE})
    if blocks[first].heading_level == 1:
        return blocks
    found = _title_match(blocks, names, first)
    if found is None:
        found = _headline_above(blocks, first, tuning)
    if found is None:
        return blocks
    index, cause = found
    if blocks[index].is_final and not blocks[index].kept:
        return blocks
    restored = {index: cause}
    standfirst = _standfirst(blocks, index, first, tuning)
    if standfirst is not None:
        restored[standfirst] = Cause.STANDFIRST
    return _settled(blocks, restored)


def _settled(blocks: list[Block], restored: dict[int, Cause]) -> list[Block]:
    """The blocks with those at `restored` kept by this step, for the cause given.

    A final decision (a site rule's keep) stays final: no later stage may undo it.
    """
    return [
        revise(b, decision=Decision(Verdict.KEEP, STAGE, restored[b.index], final=b.is_final))
        if b.index in restored
        else b
        for b in blocks
    ]


def _kept_title(blocks: list[Block], names: set[str], first: int) -> int | None:
    """The kept block among the article's first three whose text is the page title.

    `names` are the title's variants (_title_variants); none: the page has no title.
    """
    if not names:
        return None
    return next(
        (b.index for b in blocks[first : first + 3] if b.kept and _is_title(b, names)), None
    )


def _standfirst(blocks: list[Block], headline: int, first: int, tuning: Tuning) -> int | None:
    """The one sentence between the headline and the body, if only furniture is beside it.

    It is a dropped block only length or context held back: it ends like a sentence,
    carries no links and has a few words at least.
    """
    between = [b for b in blocks[headline + 1 : first] if not _head_furniture(b)]
    if len(between) != 1:
        return None
    return between[0].index if _standfirst_like(between[0], tuning) else None


def _standfirst_like(block: Block, tuning: Tuning) -> bool:
    decision = block.decision
    if decision is None or decision.keep or decision.stage not in ("smoothing", STAGE):
        return False
    if block.link_density > 0 or len(block.text.split()) < tuning.standfirst_min_words:
        return False
    return ends_with_mark(block.text, PROSE_MARKS)


def _title_match(blocks: list[Block], names: set[str], first: int) -> tuple[int, Cause] | None:
    """The last block above the article whose text is the page title (or its main part)."""
    if not names:
        return None
    for block in reversed(blocks[:first]):
        if _is_title(block, names) and block.decision is not None:
            return block.index, Cause.HEADLINE_TITLE
    return None


def _is_title(block: Block, names: set[str]) -> bool:
    """Whether the block's text is the title (a variant of it), as normalize_phrase reads.

    normalize_phrase only lowercases, joins white space and trims edge junk, so a title's
    first word already stands in the lowercased text: testing that first spares its
    regexes on long blocks (a pruned menu), which took most of the headline step.
    """
    lowered = block.text.lower()
    if not any(name.split(" ", 1)[0] in lowered for name in names):
        return False
    return normalize_phrase(block.text) in names


def _title_variants(title: str) -> set[str]:
    """The title and its parts split at separators (' | Site', ' - Site')."""
    if not title:
        return set()
    parts = [title, *_TITLE_SPLIT.split(title)]
    return {normalize_phrase(p) for p in parts if len(p.split()) >= 2}


def title_block(blocks: Sequence[Block], title: str) -> int | None:
    """The index of the block repeating the page title: the article's headline, or None.

    A title's parts include the site's name ('Console | Node.js Documentation', 'Recipe -
    Everyday Food Blog'), which the masthead repeats above the navigation, the headline
    below it: the last block matching a part is the headline. Of dragnet's 309 pages
    with two different parts on the page, the last one's text opens the hand-cut article
    on 272; the longest part's on 262, a heading's on 268 (an <h1>'s on 116: many blogs
    make their name the <h1>). Matching is looser than the headline step's: typographic
    quotes count as plain ones, and a blog's 'Blog: Post' or 'Blog » Archive » Post'
    title splits at its colon or guillemets too. (The headline step matching so lost:
    heuristics F1 on dev-html -0.0006, on dragnet -0.0003.) A one-word part ('Console |
    Node.js Documentation', 'Blog: Shuteye') counts on a heading only: on dragnet such a
    heading opened the article on 14 of the 25 pages where it changed the pick, and the
    pick it replaced on 1.
    """
    names, words = _loose_title_variants(title), _one_word_parts(title)
    if not names and not words:
        return None
    longest = max(map(len, names | words)) + 20  # a longer block cannot be the title
    firsts = {name.split(" ", 1)[0] for name in names | words}  # spares normalize_phrase
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if len(block.text) > longest:
            continue
        lowered = _plain_quotes(block.text).lower()
        if not any(first in lowered for first in firsts):
            continue
        text = _loose(block.text)
        if text in names or (block.heading_level > 0 and text in words):
            return i
    return None


_LOOSE_SPLIT = re.compile(r"\s+[|–—:·•»«-]\s+|\s*[|»«]\s*|:\s+")
_QUOTES = str.maketrans("‘’‚‛“”„‟", "''''\"\"\"\"")


def _one_word_parts(title: str) -> set[str]:
    """The title's parts of one word ('Console' of 'Console | Node.js Documentation')."""
    parts = (p for p in _LOOSE_SPLIT.split(title) if len(p.split()) == 1)
    return {word for word in map(_loose, parts) if word}


def _plain_quotes(text: str) -> str:
    """Typographic quotes as plain ones; ASCII text (which has none) as it is.

    str.translate looks every character up in a dict: over each short block of a page it
    was a tenth of the learned stage's page facts on dev-html.
    """
    return text if text.isascii() else text.translate(_QUOTES)


def _loose(text: str) -> str:
    return normalize_phrase(_plain_quotes(text))


def _loose_title_variants(title: str) -> set[str]:
    """The title, and what stands before or after each of its separators (two words or more)."""
    cuts = list(_LOOSE_SPLIT.finditer(title))
    parts = [title, *_LOOSE_SPLIT.split(title)]
    parts += [title[: cut.start()] for cut in cuts] + [title[cut.end() :] for cut in cuts]
    return {name for p in parts if len(p.split()) >= 2 and (name := _loose(p))}


def is_headline_of(block: Block, title: str) -> bool:
    """Whether the block's text is the page title or its main part, as the headline step reads."""
    names = _title_variants(title)
    return bool(names) and _is_title(block, names)


def headline_shaped(block: Block, tuning: Tuning) -> bool:
    """Whether the block is shaped like a headline, as the headline step reads a block."""
    return _headline_like(block, tuning)


def _headline_above(blocks: list[Block], first: int, tuning: Tuning) -> tuple[int, Cause] | None:
    """The nearest headline-like block above the first kept one, skipping furniture.

    In a scrape the headline must be the first line above the body that is not furniture
    (a byline, share bar, date or menu run): any other line between them means the line
    above is a teaser or a label, not the headline.
    """
    if _headline_like(blocks[first], tuning) or blocks[first].heading_level:
        return None
    standfirst_seen = False
    for block in reversed(blocks[max(0, first - tuning.headline_lookback) : first]):
        if _head_furniture(block):
            continue
        if _headline_like(block, tuning) or block.heading_level in (1, 2):
            return block.index, Cause.HEADLINE_ABOVE
        if block.source == "text":
            if standfirst_seen or not _standfirst_like(block, tuning):
                return None  # in a scrape only furniture and a standfirst may stand between
            standfirst_seen = True
    return None


def _head_furniture(block: Block) -> bool:
    """What stands between a headline and the body: bylines, dates, share bars, menus."""
    decision = block.decision
    if decision is not None and decision.stage in STRONG_STAGES:
        return True
    return in_menu_run(block) or not any(ch.isalnum() for ch in block.text)


def _headline_like(block: Block, tuning: Tuning) -> bool:
    """Shaped like a headline: a few words, no closing period, no menu or credit marks."""
    text = block.text
    count = len(text.split())
    return (
        3 <= count <= tuning.headline_max_words
        and not block.bullet
        and not ends_with_mark(text, _CLAUSE_MARKS)
        and not text.endswith(".")
        and block.link_density < 0.5
        and "\n" not in text
        and not _NOT_HEADLINE.search(text)
    )
