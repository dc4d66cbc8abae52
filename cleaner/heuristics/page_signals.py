"""Signals of furniture read across a page's blocks: what a block is among its neighbours.

Issue 19: on unseen pages cleaner kept teaser lists, reader comments, archive lists with
counts and captions repeated down a gallery, and each looks like article text one block
at a time. Side by side they show: the same line again and again; a run of short
capitalised lines with no final period, each a link (a teaser list); a headline glued to
its lede in a scrape ("Budget PlanThe council said"); lines ending in a count ("November
(113)"); a name and "said:", a time, "Reply"; links whose words the article never uses.

Each signal is a number per block computed from plain values both modes have (texts,
link shares), so the default mode's features (cleaner/learned/features.py), fast mode's
(cleaner/fast/decision.py) and the line features (cleaner/learned/line_features.py) read
the same definitions.
They are features the learned models weigh (a model trained before they existed ignores
them, cleaner/trees.reading). Strong signals (signals.py) decide alone on a whole run of
count lines (count_runs) and a reader comment thread (comment_threads); a count list run
into one line (counts_in_line) is a strong signal only, not a feature.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from cleaner.options import DEFAULT_TUNING, PageSignalsTuning

# The calibrated numbers are in cleaner/options.py (PageSignalsTuning): each function takes
# them, the defaults (which the shipped models were trained with) when none is given.
_TUNED = DEFAULT_TUNING.page_signals

_SENTENCE_END = tuple(".!?。！？…:;")
_QUOTES = "\"'”’»)]"
COUNT = re.compile(r"[(\[][^\S\n]*\d[\d,.]*[^\S\n]*[)\]][^\S\n]*$")
# A headline glued to its lede in a scrape: capitalised words, then a lower-case letter
# right before an upper-case one ("Budget PlanThe council"), the lede then running on.
# At least two words before the glued one, whose headline part has 3 letters or more
# (iPhone, McDonald and eBay are not glued), then two words of the lede.
GLUED = re.compile(
    r"^(?:[\w'’\-,:]+[^\S\n]+){2,17}[\w'’\-]*[A-Za-z][a-z]{2}[A-Z][a-z]+[^\S\n]+[a-z]\w*"
    r"[^\S\n]+\w+"
)
# A comment's signature: a name and "said:", "Anonymous said...", "Progress Trap said," on a
# line of its own, or Movable Type's "Posted by: Ellen at September 10, 2012 11:40 AM" (its
# posts' own byline, "Posted by laurie at ...", has no colon), or a moderated comment's
# score in its subject line ('Re: Thunderstruck (Score: 5, Funny)', as Slash sites write
# it: -1 to 5; a review's 'Graphics (Score: 9)' is out of that range), or a commenter's
# web address and name on a line of their own, as Disqus writes them in a scrape
# (ADDRESS_SIGNATURE). A bare "said" or "says"
# at a line's end is not one: 'Port Said', 'What the law says'. WordPress's stamp of a date
# at a time ("August 2nd, 2012 at 1:58 pm") is not one either: an event listing ("Doors
# open May 5, 2024 at 7:30 pm") and a dated live blog carry the same line.
SIGNATURE = re.compile(
    r"\b(?:said|says|wrote|writes|commented)\s*:"
    r"|\b(?:said|wrote)\s*(?:,|\.\.\.|…)\s*$"
    r"|^\s*posted\s+by\s*:"
    r"|\(\s*score\s*:\s*(?:-1|[0-5])\s*(?:,\s*[^\W\d_]+\s*)?\)",
    re.IGNORECASE,
)
# A commenter's web address and name ('• http://twitter.com/danamac Dana McMahan'), not
# a sentence. Next to another address it is a link list's item instead (ADDRESS_LINE).
ADDRESS_SIGNATURE = re.compile(r"[\s•*·◦-]*https?://\S+(?:\s+[^\s:/]+){1,4}(?<![.!?])\s*$")
ADDRESS_LINE = re.compile(r"[\s•*·◦-]*https?://")
# A comment's structure: a signature (_signed: SIGNATURE, ADDRESS_SIGNATURE, or a line that
# is only a comment action, COMMENT_ACTIONS), or a time: with am/pm, or "3 hours ago".
# English first; of other languages only the words for "reply".
TIME_MARK = re.compile(
    r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)\b"
    r"|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
# A time opening a line and text after a dash or a colon: a live blog's or a timeline's
# entry ('12:55 PM – Second 18', '• 3:15 p.m.: The jury is back'); '2:00:18 PM' is a time.
TIMED_ENTRY = re.compile(
    r"[\s•*·-]*\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[–—-]+|:\s)\s*\w", re.IGNORECASE
)
COMMENT_ACTIONS = frozenset(
    {"reply", "report", "report abuse", "flag", "quote", "permalink", "reply to this comment"}
    | {"login or register to post comments", "log in or register to post comments"}
    | {"antworten", "répondre", "responder", "rispondi", "reageer", "odpowiedz"}
)
# Stripped from a line's ends before it is compared with COMMENT_ACTIONS ('Reply ↓').
ACTION_EDGES = " ↓→»|·•[]()"
# Digits 1-9, each read as 0 by one regex pass: str.translate with a table looks each
# character up in a dict (50 ns a character on dev-html's ASCII blocks, 115 on the others,
# the regex 15); repeats() spent 1.2 ms a page on it.
_NONZERO_DIGIT = re.compile("[1-9]")
# A word token as signals.words reads them (a run of \w in the lowercased text).
_WORD = re.compile(r"\w+")


def normalized(text: str) -> str:
    """A line as its repeats are compared: lower case, digits as 0, spaces squashed."""
    return " ".join(_NONZERO_DIGIT.sub("0", text.lower()).split())


def repeats(texts: Sequence[str], tuning: PageSignalsTuning = _TUNED) -> list[int]:
    """Per block, how many other blocks have the same line, digits and case aside (capped).

    A gallery repeats one caption under every photo; teaser lists repeat 'Read more' and
    dates ('Jul 24, 2012' and 'Jul 25, 2012' are one line here).
    """
    keys = [normalized(text) for text in texts]
    seen = Counter(keys)
    cap = tuning.cap
    return [min(seen[key] - 1, cap) for key in keys]


def headline_like(text: str, tuning: PageSignalsTuning = _TUNED) -> bool:
    """A teaser's headline: one line of a few words, a capital or digit first, no final mark."""
    words = text.split()
    if not tuning.headline_min_words <= len(words) <= tuning.headline_words or "\n" in text:
        return False
    first = words[0][:1]
    return (first.isupper() or first.isdigit()) and not text.rstrip(_QUOTES).endswith(_SENTENCE_END)


def title_case(text: str) -> float:
    """Share of a line's words of letters that start with a capital (title case: most)."""
    words = [word for word in text.split() if word[:1].isalpha()]
    return sum(word[0].isupper() for word in words) / len(words) if words else 0.0


def around(flags: Sequence[bool], reach: int = _TUNED.reach) -> list[int]:
    """Per block, how many blocks within `reach` either side (itself included) are flagged."""
    sums = [0]
    for flag in flags:
        sums.append(sums[-1] + flag)
    n = len(flags)
    return [sums[min(n, i + reach + 1)] - sums[max(0, i - reach)] for i in range(n)]


def teaser_runs(
    texts: Sequence[str], links: Sequence[float] | None, tuning: PageSignalsTuning = _TUNED
) -> list[int]:
    """Per block, the headlines around it: linked ones in HTML, headline-like lines in text.

    A teaser list is a run of them; an article has a heading now and then, not seven in a
    row. `links` is each block's link share (None for a scrape, which has no links).
    """
    if links is None:
        flags = [headline_like(text, tuning) for text in texts]
    else:
        linked = tuning.linked
        flags = [
            link >= linked and headline_like(text, tuning)
            for text, link in zip(texts, links, strict=True)
        ]
    cap = tuning.cap
    return [min(count, cap) for count in around(flags, tuning.reach)]


def glued_headline(text: str, tuning: PageSignalsTuning = _TUNED) -> bool:
    """A headline glued to its lede: 'City Council Delays Vote On Budget PlanThe council said'."""
    found = GLUED.match(text)
    return found is not None and (
        title_case(text[: found.end()].rsplit(None, 3)[0]) >= tuning.title_case
    )


def count_line(text: str, tuning: PageSignalsTuning = _TUNED) -> bool:
    """A line ending in a count: 'November (113)', 'Travel (50)', 'Tips [7]'."""
    text = text.rstrip()
    if not text.endswith((")", "]")):
        return False
    return len(text.split()) <= tuning.count_words and bool(COUNT.search(text))


# A count anywhere in a line: '(113)', '[7]', but not a telephone's area code: '(202) 724'.
COUNT_ANYWHERE = re.compile(r"[(\[][^\S\n]*\d[\d,.]*[^\S\n]*[)\]](?![^\S\n]*\d)")


def counts_in_line(text: str, tuning: PageSignalsTuning = _TUNED) -> int:
    """The counts of a count list run into one line (0: not one).

    A scrape renders an archive's dropdown as one line: 'Archives Select Month December
    2019 (6) November 2019 (6) October 2019 (7) ...'. Prose holds a number in brackets now
    and then, not one in every few words: `inline_counts` of them or more, and one for at
    most every `inline_count_words` words.
    """
    if text.count("(") + text.count("[") < tuning.inline_counts:
        return 0
    counts = len(COUNT_ANYWHERE.findall(text))
    if counts < tuning.inline_counts or len(text.split()) > counts * tuning.inline_count_words:
        return 0
    return counts


# A month and its year: 'July 2012', 'März 2011'; the month is checked against the [date]
# words (months in every language the lexicon knows).
MONTH_YEAR = re.compile(r"\b([^\W\d_]+)\.?[^\S\n]+(?:1[89]|20)\d\d\b")


def months_in_line(
    text: str, date_words: frozenset[str], tuning: PageSignalsTuning = _TUNED
) -> int:
    """The months of an archive's month list run into one line (0: not one).

    A scrape renders an archive's dropdown without post counts as one line: 'Select Month
    July 2012 June 2012 May 2012 ...'. Prose names a month and year now and then; a list
    names `inline_counts` or more, and they make up nearly all of its words (at most
    `month_words` words a month).
    """
    if _year_starts(text) < tuning.inline_counts:
        return 0  # fewer years than a list needs, so fewer months: most lines, no regex
    months = sum(
        1 for match in MONTH_YEAR.finditer(text) if match.group(1).lower() in date_words
    )
    if months < tuning.inline_counts or len(text.split()) > months * tuning.month_words:
        return 0
    return months


def _year_starts(text: str) -> int:
    """How many times '18', '19' or '20' occur: at least MONTH_YEAR's matches, found at C speed.

    Every match ends in a year that starts so, and none of the three pairs can overlap
    itself, so str.count finds each. The month regex ran on every block of every page.
    """
    return text.count("18") + text.count("19") + text.count("20")


def count_runs(texts: Sequence[str], tuning: PageSignalsTuning = _TUNED) -> list[int]:
    """Per block, the run of consecutive count lines it is in (0: not a count line)."""
    flags = [count_line(text, tuning) for text in texts]
    cap = tuning.cap
    runs = [0] * len(flags)
    start = 0
    for i in range(len(flags) + 1):
        if i == len(flags) or not flags[i]:
            for j in range(start, i):
                runs[j] = min(i - start, cap)
            start = i + 1
    return runs


def comment_mark(text: str, tuning: PageSignalsTuning = _TUNED) -> bool:
    """A comment's structure in one line: 'Jane said:', '10:32 pm', '3 hours ago', 'Reply'.

    A time that opens a line of text is not one, unless the line signs a comment ('7:03 pm
    - Anonymous said...'): it stamps a live blog's or a timeline's entry ('11:05 AM — First
    18, we tied'), where a comment's stamp stands alone or ends its line ('Maria July 7,
    2012 at 2:31 pm').
    """
    return len(text) <= tuning.comment_chars and _short_comment_mark(text)


@lru_cache(maxsize=4096)
def _short_comment_mark(text: str) -> bool:
    """comment_mark of a short line, remembered.

    The strong signals (comment_threads) and the learned features (comment_marks) read
    every line of a page, and templates repeat their short lines on every page (5 of 6
    dev-html blocks are this short).
    """
    if _signed(text):
        return True
    return bool(TIME_MARK.search(text)) and not TIMED_ENTRY.match(text)


def comment_action(text: str) -> bool:
    """A line that is only comment actions: 'Reply', 'Report abuse', 'Antworten ↓'.

    A row of buttons with a reply among them counts too ('Reply to This Parent Share').
    """
    line = text.strip(ACTION_EDGES).lower()
    if line in COMMENT_ACTIONS:
        return True
    words = line.split()
    return "reply" in words and len(words) <= _ROW_WORDS and _ROW_WORDS_SET.issuperset(words)


# A row of comment buttons: 'Reply to This Parent Share', 'Reply Quote Report'. Its words
# are English only, like COMMENT_ACTIONS' phrases beyond 'reply'.
_ROW_WORDS_SET = frozenset(
    {"reply", "to", "this", "parent", "share", "flag", "report", "quote", "permalink"}
    | {"like", "link", "edit", "delete", "abuse", "|", "·", "•"}
)
_ROW_WORDS = 8


def comment_marks(texts: Sequence[str], tuning: PageSignalsTuning = _TUNED) -> list[int]:
    """Per block, the comment marks within `reach` blocks either side (itself included)."""
    return around([comment_mark(text, tuning) for text in texts], tuning.reach)


def comment_threads(texts: Sequence[str], tuning: PageSignalsTuning = _TUNED) -> dict[int, int]:
    """Blocks of a reader comment thread below the article: index -> the thread's marks.

    Marks count from below the page's first line of prose on (a post's own byline and date
    above it are marks too). A thread is a run of them, each at most `thread_gap` blocks
    below the one before, `thread_marks` of them or more, one more than a time of day
    ('said:', 'Reply', '2 days ago': a live blog's entries carry times alone). It holds its
    marks, the blocks between them (a long comment runs several paragraphs between two
    signatures) and `reach` blocks after the last (the last comment, below its signature).
    It begins below the page's longest block, unless it holds `thread_many` marks and a
    signature or comment action among them: a long comment is often a page's longest
    block, while a post's own date, byline and 'Permalink' are three or four marks, and a
    live blog's entries carry times and "12 min ago" but no signature.
    """
    prose = next((i for i, t in enumerate(texts) if len(t) >= tuning.prose_chars), len(texts))
    marks = [
        i
        for i in range(prose + 1, len(texts))
        if comment_mark(texts[i], tuning) and not _in_link_list(texts, i)
    ]
    if not marks:
        return {}
    longest = max(range(len(texts)), key=lambda i: len(texts[i]))
    threads: dict[int, int] = {}
    signed_end = None  # where the last thread holding a signature ended
    for run in _mark_runs(marks, tuning.thread_gap):
        if len(run) < tuning.thread_marks or all(_time_only(texts[i]) for i in run):
            continue
        start = run[0]
        signed = any(_signed(texts[i]) for i in run)
        whole = signed and len(run) >= tuning.thread_many  # a thread on its own evidence
        if not whole:
            start = max(start, longest + 1)
        if whole and signed_end is not None:
            start = min(start, signed_end)  # one thread: the gap is a long comment
        end = min(len(texts), run[-1] + tuning.reach + 1)
        threads.update(dict.fromkeys(range(start, end), len(run)))
        # only two such threads join: four quotes in the article ('The minister said:')
        # must not join the comments far below to them
        signed_end = end if whole else None
    return threads


def _signed(text: str) -> bool:
    """A comment mark that only a comment has: a signature or an action ('Reply')."""
    return (
        comment_action(text)
        or SIGNATURE.search(text) is not None
        or ADDRESS_SIGNATURE.match(text) is not None
    )


def _in_link_list(texts: Sequence[str], i: int) -> bool:
    """A web address and a name with another address right above or below: a list item.

    A link list ('• http://www.nasa.gov/juno NASA Juno mission') repeats them line after
    line, where a commenter's address stands between comments.
    """
    if not ADDRESS_SIGNATURE.match(texts[i]):
        return False
    return any(ADDRESS_LINE.match(texts[j]) for j in (i - 1, i + 1) if 0 <= j < len(texts))


def _mark_runs(marks: Sequence[int], gap: int) -> list[list[int]]:
    """Block indexes of comment marks, in runs whose neighbours are at most `gap` apart."""
    runs = [[marks[0]]]
    for mark in marks[1:]:
        if mark - runs[-1][-1] <= gap:
            runs[-1].append(mark)
        else:
            runs.append([mark])
    return runs


def _time_only(text: str) -> bool:
    """A comment mark that is only a time of day ('10:32 pm'), as a live blog's entries have."""
    return not _signed(text) and all(
        match.group(0)[0].isdigit() and "ago" not in match.group(0).lower()
        for match in TIME_MARK.finditer(text)
    )


def article_overlap(
    texts: Sequence[str],
    tuning: PageSignalsTuning = _TUNED,
    tokens: Sequence[Sequence[str]] | None = None,
) -> list[float]:
    """Per block, the share of its longer words that the page's prose uses elsewhere.

    A table of contents, a 'see also' of the article's own sections or the headings of a
    how-to reuse the article's words; a teaser list of other stories seldom does. The
    prose is every block of `prose_chars` or more; a prose block is compared with the rest.
    `tokens`: each text's lowercased word tokens (signals.words, which the stages before
    have read and remembered); read here when not given.
    """
    if tokens is None:
        tokens = [_WORD.findall(text.lower()) for text in texts]
    letters, prose_chars = tuning.overlap_letters, tuning.prose_chars
    long_word = _long_word(letters)
    known: dict[str, frozenset[str]] = {}  # templates repeat lines: each is read once
    own = []
    for text, read in zip(texts, tokens, strict=True):
        words = known.get(text)
        if words is None:
            words = known[text] = _word_set(read, long_word, letters)
        own.append(words)
    counts: Counter[str] = Counter()
    for text, words in zip(texts, own, strict=True):
        if len(text) >= prose_chars:
            counts.update(words)
    # a prose block's own words count once: it shares those the prose uses twice or more
    used, used_twice = counts.keys(), {word for word, count in counts.items() if count > 1}
    shares = []
    for text, words in zip(texts, own, strict=True):
        if not words:
            shares.append(0.0)
            continue
        elsewhere = used_twice if len(text) >= prose_chars else used
        shares.append(len(words & elsewhere) / len(words))
    return shares


def _word_set(tokens: Sequence[str], long_word: re.Pattern[str], letters: int) -> frozenset[str]:
    r"""The distinct words of `letters` letters or more in a text, found among its tokens.

    As `long_word` finds them in the lowercased text: a word token (a run of \w) of letters
    alone is one whole; another ('mp3', 'snake_case') holds them between its digits and
    underscores. Read from the tokens the stages before remembered, not the text again.
    """
    found: list[str] = []
    for token in tokens:
        if len(token) < letters:
            continue
        if token.isalpha():
            found.append(token)
        else:
            found += long_word.findall(token)
    return frozenset(found)


@lru_cache(maxsize=8)
def _long_word(letters: int) -> re.Pattern[str]:
    """A word of `letters` letters or more: a run of letters is matched whole or not at all."""
    return re.compile(rf"[^\W\d_]{{{letters},}}")


# (name, what it measures): the signals as features, in the order page_signals gives them.
# Both HTML models and the default text model read them under these names.
SIGNALS: tuple[tuple[str, str], ...] = (
    ("line_repeats", "other blocks with the same line, digits and case aside"),
    ("teaser_run", "teaser run: headlines (linked, in HTML) among the 7 blocks around it"),
    ("glued_headline", "a headline glued to its lede ('Budget PlanThe council')"),
    ("count_run", "count list: run of lines ending in a count ('November (113)')"),
    ("comment_marks", "comment marks among the 7 blocks around it ('said:', 'Reply')"),
    ("article_overlap", "share of its longer words the page's prose uses"),
)
SIGNAL_NAMES = tuple(name for name, _ in SIGNALS)
SIGNAL_FLAGS = frozenset({"glued_headline"})


def signal_columns(
    texts: Sequence[str],
    links: Sequence[float] | None,
    tuning: PageSignalsTuning = _TUNED,
    tokens: Sequence[Sequence[str]] | None = None,
) -> list[list[float]]:
    """The SIGNALS as columns, in order, a value per block; `links` as teaser_runs takes them.

    Columns, not rows: the learned stage builds its features column by column. `tokens`
    as article_overlap takes them.
    """
    columns = (
        repeats(texts, tuning),
        teaser_runs(texts, links, tuning),
        [glued_headline(text, tuning) for text in texts],
        count_runs(texts, tuning),
        comment_marks(texts, tuning),
        article_overlap(texts, tuning, tokens),
    )
    return [list(map(float, column)) for column in columns]
