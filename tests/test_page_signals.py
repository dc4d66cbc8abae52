"""Issue 19's furniture signals (cleaner/heuristics/page_signals.py) and the pitch rule's evidence."""

from __future__ import annotations

import numpy as np

from cleaner import Options
from cleaner.fast.decision import FEATURE_NAMES as FAST_NAMES
from cleaner.heuristics.page_signals import (
    SIGNAL_NAMES,
    article_overlap,
    comment_mark,
    comment_marks,
    comment_threads,
    count_line,
    count_runs,
    counts_in_line,
    glued_headline,
    headline_like,
    months_in_line,
    repeats,
    teaser_runs,
)
from cleaner.heuristics.signals import mark_strong
from cleaner.learned.features import FEATURE_NAMES, page_features
from cleaner.learned.line_features import FEATURE_NAMES as LINE_NAMES
from cleaner.learned.line_features import line_features
from cleaner.page import Block, Decision
from cleaner.pipeline import clean_page
from cleaner.read.lexicon import heads_comments, load_lexicon
from cleaner.reasons import Cause
from tests.decisions import decision_of

LEX = load_lexicon()
PROSE = (
    "The council said on Monday that the budget plan would be put to a vote in the spring, "
    "and that the delay was not the end of the matter for the city's schools."
)


def test_repeats_count_the_same_line_with_digits_and_case_aside() -> None:
    texts = ["Photo: Jane Doe/AP 1", "photo: jane doe/ap 2", "PHOTO: Jane Doe/AP 3", PROSE]
    assert repeats(texts) == [2, 2, 2, 0]


def test_a_run_of_linked_headlines_is_a_teaser_run_and_prose_breaks_it() -> None:
    heads = [f"City Council Delays Vote On Budget Plan {n}" for n in range(5)]
    texts = [PROSE, PROSE, *heads, PROSE, PROSE, PROSE, PROSE]
    runs = teaser_runs(texts, [0.0, 0.0] + [1.0] * 5 + [0.0] * 4)
    assert runs[4] == 5 and runs[2] == 4 and runs[0] == 2 and runs[-1] == 0
    assert teaser_runs(texts, [0.0] * len(texts))[4] == 0, "unlinked headlines in HTML: no run"
    assert teaser_runs(texts, None)[4] == 5, "a scrape has no links: the lines' shape decides"
    assert not headline_like(PROSE) and not headline_like("Ends with a period here.")


def test_a_headline_glued_to_its_lede_is_found_but_camel_case_names_are_not() -> None:
    assert glued_headline("City Council Delays Vote On Budget PlanThe council said on Monday")
    assert glued_headline("New Mars Rover LandsThe rover touched down at dawn")
    for text in (
        "The iPhone is great and people love it",
        "McDonald said he would go to the shops",
        "Sony Unveils New PlayStation Console Today",
        PROSE,
    ):
        assert not glued_headline(text), text


def test_count_lines_and_their_runs() -> None:
    texts = ["November (113)", "October (98)", "September [7]", PROSE, "Travel (50)", "It cost (5)"]
    assert [count_line(t) for t in texts] == [True, True, True, False, True, True]
    assert count_runs(texts) == [3, 3, 3, 0, 2, 2]
    assert not count_line("A long line of prose that happens to end in a count (5)")


def test_comment_marks_and_their_neighbourhood() -> None:
    texts = ["Jane Doe said:", PROSE, "July 24, 2012 at 10:32 pm", "Reply", PROSE, "3 hours ago"]
    assert [comment_mark(t) for t in texts] == [True, False, True, True, False, True]
    assert comment_marks([PROSE] * 8 + ["Reply"])[:5] == [0, 0, 0, 0, 0]
    assert comment_marks(texts)[1] == 3
    assert not comment_mark("He replied that the report was not finished.")


def test_article_overlap_tells_a_table_of_contents_from_a_teaser_list() -> None:
    texts = [
        PROSE,
        "The budget plan and the schools",  # the article's own words
        "Celebrity gossip from Hollywood tonight",  # elsewhere
    ]
    overlap = article_overlap(texts)
    assert overlap[1] == 1.0 and overlap[2] == 0.0
    assert overlap[0] == 0.0, "a prose block is compared with the rest, not itself"


def test_fast_text_flags_the_lines_the_line_tests_flag() -> None:
    lines = [
        "City Council Delays Vote On Budget PlanThe council said on Monday",
        "The iPhone is great and people love it",
        "November (113)",
        "It cost (5)",
        "Jane said:",
        PROSE,
        "Reply",
        "posted 3 hours ago",
        "(113)",
    ]
    rows = line_features(lines, np.ones(len(lines), dtype=np.bool_), LEX)
    for name, test in (
        ("glued_headline", glued_headline),
        ("count_line", count_line),
    ):
        flags = rows[:, LINE_NAMES.index(name)].tolist()
        assert flags == [float(test(line)) for line in lines], name
        assert any(flags), name


def test_the_default_and_text_modes_compute_the_signals() -> None:
    texts = ["November (113)", "October (98)", "Jane said:", PROSE, "Reply"]
    blocks = [Block(index=i, text=t, source="html") for i, t in enumerate(texts)]
    rows = page_features(blocks, None, frozenset())
    at = FEATURE_NAMES.index("count_run")
    assert [row[at] for row in rows] == [2, 2, 0, 0, 0]
    # fast HTML mode reads none: they cost it 17% of its time for no held-out gain
    assert not set(SIGNAL_NAMES) & set(FAST_NAMES)
    lines = line_features(texts, np.ones(len(texts), dtype=np.bool_), LEX)
    assert lines[:, LINE_NAMES.index("count_line")].tolist() == [1, 1, 0, 0, 0]
    at = FEATURE_NAMES.index("comment_marks")
    assert [row[at] for row in rows] == [1, 2, 2, 2, 2]


SPAM_PROSE = (
    "Spam filters have become very good at what they do. Most of the junk mail that reaches "
    "a server never lands in the inbox at all, and the few messages that slip through are "
    "caught by rules that learn from what users mark. The researchers found that the filters "
    "still struggle with messages that look like receipts, which is why phishing gangs copy "
    "them so closely, and why the banks now ask their customers to check every link twice."
)


def test_a_lone_pitch_word_does_not_condemn_a_paragraph_of_prose() -> None:
    quoted = (
        "“You are your e-mail address and your password,” Mr. Kocher emphasized. Whenever "
        "possible, he will not register for online accounts under his own name."
    )
    pitch = "Get the best stories in your inbox every morning: enter your email address. No spam."
    long_pitch = (
        pitch
        + " "
        + " ".join(["We send one letter a day, and you can stop it whenever you like."] * 3)
    )
    texts = [SPAM_PROSE, quoted, pitch, long_pitch]
    marked = mark_strong([Block(index=i, text=t) for i, t in enumerate(texts)], LEX)
    assert marked[0].decision is None, "two single pitch words in 79 words of prose"
    assert marked[1].decision is None, "'e-mail' inside 'e-mail address' is one phrase"
    for block in marked[2:]:
        assert block.decision is not None and block.decision.reason.startswith(
            "newsletter or advertising pitch: 'email address', 'inbox'"
        ), block.text


def test_an_archive_list_with_counts_is_dropped_with_its_reason() -> None:
    archive = ["Archive", "December (98)", "November (113)", "October (87)", "Travel (50)"]
    page = "\n\n".join([PROSE, PROSE.replace("council", "mayor"), *archive, PROSE.upper()])
    result = clean_page(page, Options(input_kind="text"))
    dropped = [b.decision for b in result.blocks if b.text in archive[1:]]
    assert len(dropped) == 4
    for decision in dropped:
        assert decision is not None and not decision.keep
        assert Cause.COUNT_LIST in _causes(decision), decision.reason
    first = mark_strong([Block(index=i, text=t) for i, t in enumerate(archive)], LEX)
    assert [b.decision.reason if b.decision else None for b in first][1:] == [
        "count list: 4 lines in a row ending in a count ('November (113)')"
    ] * 4
    assert "November (113)" not in result.text


def _causes(decision: Decision | None) -> list[Cause]:
    """The causes of a decision and of every decision it revised."""
    causes = []
    while decision is not None:
        causes.append(decision.cause)
        decision = decision.prior
    return causes


def test_a_comment_thread_below_the_article_is_dropped_but_a_live_blog_is_not() -> None:
    article = " ".join([PROSE] * 3)
    thread = [
        "Jane Doe said:",
        "I think the council is right to wait for the spring vote.",
        "July 24, 2012 at 10:32 pm",
        "Reply",
        "Bob says:",
        "The schools cannot wait another year for this budget.",
        "2 days ago",
        "Reply",
    ]
    marked = mark_strong([Block(index=i, text=t) for i, t in enumerate([article, *thread])], LEX)
    assert marked[0].decision is None
    for block in marked[1:]:
        assert block.decision is not None and block.decision.cause is Cause.COMMENT_THREAD, (
            block.text
        )
    assert decision_of(marked[2]).reason.startswith("comment thread: in a run of 6 comment marks")
    live = [article]
    for hour in range(9, 13):
        live += [f"{hour}:15 am", f"The council met again at {hour}:15 and the vote was put off."]
    marked = mark_strong([Block(index=i, text=t) for i, t in enumerate(live)], LEX)
    assert all(block.decision is None for block in marked[2::2]), "a live blog's times alone"
    above = [*thread, article]
    marked = mark_strong([Block(index=i, text=t) for i, t in enumerate(above)], LEX)
    assert not any(
        block.decision and block.decision.cause is Cause.COMMENT_THREAD for block in marked
    )


def test_a_thread_is_the_run_of_its_signatures_long_comments_included() -> None:
    """Signatures after each comment ('Posted by: ... at ... AM') and before it ('... said,')."""
    article = " ".join([PROSE] * 3)
    long_comment = [f"{PROSE} Point {n} of a long reply." for n in range(6)]  # 6 paragraphs
    signed_after = [
        "Comments",
        "I think the council is right to wait.",
        "Posted by: John King at November 7, 2012 7:00 AM",
        *long_comment,
        "Posted by: BrianSJ at November 7, 2012 7:21 AM",
        "The schools cannot wait another year.",
        "Posted by: Nick at November 7, 2012 7:39 AM",
        "Nor can the roads.",
        "Posted by: Carlo at November 7, 2012 9:17 AM",
    ]
    threads = comment_threads([article, *signed_after])
    # from the first signature on (the first comment, above it, is left to other signals)
    assert sorted(threads) == list(range(3, len(signed_after) + 1))
    assert set(threads.values()) == {4}
    signed_before = ["Progress Trap said,", "One.", "Jacob said,", "Two.", "Nikos said,"]
    assert sorted(comment_threads([article, *signed_before, "Three.", "Dan said,", "Four."])) == (
        list(range(1, 9))
    )


def test_a_post_framed_by_its_own_marks_is_not_a_thread() -> None:
    """A post's date, byline and 'Permalink' around its text are marks, but three of them."""
    post = [
        "Wednesday, September 19, 2012 11:10 AM",
        "Posted by Rudy Galfi, Product Manager, Google News",
        *[f"{PROSE} Paragraph {n}." for n in range(5)],
        "Permalink",
    ]
    assert comment_threads(post) == {}
    thread = [f"{name} said," for name in ("Ann", "Bob", "Cy", "Dee", "Eve", "Flo")]
    longest = " ".join([PROSE] * 5)  # a long comment, the page's longest block
    page = [PROSE, thread[0], longest, *thread[1:]]
    assert sorted(comment_threads(page)) == list(range(1, len(page)))
    four = [PROSE, thread[0], longest, *thread[1:4]]  # 4 marks: it begins below the longest
    assert comment_threads(four) == {3: 4, 4: 4, 5: 4}


def test_a_count_list_run_into_one_line_is_dropped_with_its_counts() -> None:
    """An archive's dropdown scraped into one line; prose with a few bracketed numbers is not."""
    months = " ".join(
        f"{m} 2019 ({n})"
        for m, n in zip(
            ["December", "November", "October", "September", "August", "July", "June"],
            [6, 6, 7, 9, 9, 10, 9],
            strict=True,
        )
    )
    archive = f"Archives Select Month {months}"
    assert counts_in_line(archive) == 7
    cited = f"{PROSE} The council counted (12) votes, then (14), then (15) on the third day."
    assert counts_in_line(cited) == 0
    phones = "Phil Mendelson (Chairman), (202) 724-8064, Mary Cheh (202) 724-8062 " * 3
    assert counts_in_line(phones) == 0  # an area code is not a count
    marked = mark_strong([Block(index=0, text=PROSE), Block(index=1, text=archive)], LEX)
    assert marked[0].decision is None
    assert decision_of(marked[1]).reason == (
        "count list in one line: 7 counts in 24 words ('November 2019 (6)')"
    )


def test_a_byline_above_a_short_article_does_not_chain_into_its_comments() -> None:
    """'By Jane Doe | 3 hours ago' is 9 blocks above the first 'said:' (a second reader's case)."""
    article = [f"{PROSE} Paragraph {n}." for n in range(8)]
    comments = []
    for name in ("Ann", "Bob", "Cy", "Dee", "Eve"):
        comments += [f"{name} said:", "Agreed.", "Reply"]
    page = ["Council delays vote", "By Jane Doe | 3 hours ago", *article, "Comments", *comments]
    threads = comment_threads(page)
    assert not set(threads) & set(range(2, 2 + len(article))), sorted(threads)
    assert min(threads) == 2 + len(article) + 1  # the thread itself is still found


def test_a_live_blog_and_names_ending_in_said_are_not_threads() -> None:
    """Entries stamped '12 min ago' carry no signature; 'Port Said' is a place, not one."""
    live = [PROSE]
    for minutes in range(10, 70, 10):
        live += [f"{minutes} min ago", f"{PROSE} Update {minutes}."]
    live.append(" ".join([PROSE] * 4))  # the longest block, at the end
    assert comment_threads(live) == {}
    assert not comment_mark("Port Said") and not comment_mark("What the law says")
    assert comment_mark("Anonymous said...") and comment_mark("Posted by: Ellen at 9:01")
    assert not comment_mark("Posted by laurie")  # a post's own byline


def test_an_event_listing_and_a_dated_live_blog_are_not_threads() -> None:
    """'Doors open May 5, 2024 at 7:30 pm': a date at a time is no signature.

    Session 17 counted WordPress's comment stamp ('August 2nd, 2012 at 1:58 pm') as one,
    and a second reader found concert listings and dated live blogs dropped whole.
    """
    article = " ".join([PROSE] * 3)
    listing = [article]
    for day in range(5, 11):
        listing += [f"Doors open May {day}, 2024 at 7:30 pm", f"{PROSE} Concert {day}."]
    assert comment_threads(listing) == {}
    live = [article]
    for minute in range(5, 35, 5):
        live += [f"March 12, 2021 at 9:{minute:02d} am", f"{PROSE} Update {minute}."]
    assert comment_threads(live) == {}


def test_a_month_list_run_into_one_line_is_dropped_but_prose_with_dates_is_not() -> None:
    """dragnet 158: 'Select Month July 2012 June 2012 ...' read as prose (month names are
    stop words) and won the span over a short post; prose naming a few months is not one."""
    months = ["July", "June", "May", "April", "March", "February", "January", "December"]
    archive = "Archives Select Month " + " ".join(f"{m} 2012" for m in months)
    assert months_in_line(archive, LEX.date_words) == 8
    german = "Archiv Monat auswählen Juni 2014 Januar 2014 Dezember 2013 November 2013 " * 2
    assert months_in_line(german, LEX.date_words) == 8
    dated = f"{PROSE} The plan of July 2012 and the vote of June 2012 and May 2013 followed."
    assert months_in_line(dated, LEX.date_words) == 0
    years = "Research by Year Select Year 2013 2012 2011 2010 2009 2008 2007 2006 2005"
    assert months_in_line(years, LEX.date_words) == 0  # years without months: not this list
    marked = mark_strong([Block(index=0, text=PROSE), Block(index=1, text=archive)], LEX)
    assert marked[0].decision is None
    assert decision_of(marked[1]).reason == (
        "month list in one line: 8 months in 19 words ('July 2012 June 2012')"
    )


def test_two_signed_runs_are_one_thread_with_the_long_comment_between() -> None:
    """dragnet 158: a comment of many paragraphs splits a thread's marks into two runs; the
    paragraphs between were left to the span, which took them for the article."""
    article = [f"{PROSE} Paragraph {n}." for n in range(3)]
    first = []
    for name in ("Ann", "Bob", "Cy", "Dee"):
        first += [f"{name} said:", "Agreed.", "Reply"]
    long_comment = [f"{PROSE} Point {n} of a long reply." for n in range(12)]
    second = []
    for name in ("Eve", "Flo", "Gus", "Hal"):
        second += [f"{name} said:", "Not so sure.", "Reply"]
    page = [*article, *first, "Ida said:", *long_comment, *second]
    threads = comment_threads(page)
    assert set(range(len(article), len(page))) <= set(threads), "the long comment too"
    assert not set(threads) & set(range(len(article)))
    unsigned = [*article, *first, *long_comment, *[f"{h}:15 am" for h in range(9, 13)]]
    assert not set(comment_threads(unsigned)) & set(range(18, 27)), "a run of times alone"


def test_a_counted_comment_head_with_a_few_words_more_heads_comments() -> None:
    """A blog theme's '{ 69 comments… read them below or add one }' heads its comments; an
    author's tally in a bio box and a sentence opening with a count do not."""
    head = "{ 69 comments… read them below or add one }"
    assert heads_comments(head, LEX)
    marked = mark_strong([Block(index=0, text=PROSE), Block(index=1, text=head)], LEX)
    assert decision_of(marked[1]).reason == "section head '69 comments': comments follow"
    assert not heads_comments("• 108 COMMENTS POSTED", LEX)
    assert not heads_comments("3 comments from readers stood out and the council answered them all", LEX)
    assert heads_comments("27 Kommentare", LEX) and heads_comments("Leave a Reply", LEX)


def test_a_moderated_score_and_comment_only_actions_sign_a_thread() -> None:
    """dragnet's Slash pages: 'Re: Thunderstruck ( Score: 5 , Funny)' heads each comment;
    their times ('@08:51AM') alone read like a live blog's, so no thread was found."""
    article = " ".join([PROSE] * 3)
    page = [article]
    for n in range(5):
        page += [f"• Re: Point {n} ( Score: {n} , Insightful)", f"{PROSE} Reply {n}."]
    assert sorted(comment_threads(page)) == list(range(1, len(page)))
    assert not comment_mark("The match ended (2:1) and the score: 5 goals in all.")
    assert comment_mark("reply to this comment") and comment_mark("• Login or register to post comments")


def test_a_row_of_comment_buttons_is_a_comment_action() -> None:
    """dragnet 131, 239, 357 (Slash): 'Reply to This Parent Share' under every comment; a
    comment quoting a poem of short lines left two marks eleven blocks apart without it,
    and the thread below the poem was kept."""
    assert comment_mark("Reply to This Parent Share") and comment_mark("Reply | Quote | Report")
    assert not comment_mark("Share this post")  # no reply among the buttons
    assert not comment_mark("Reply to this: the council will share the parent's letter")


def test_quotes_in_the_article_do_not_join_the_comments_below() -> None:
    """A second reader's news story: four 'The minister said:' lines, eleven paragraphs, then
    signed comments. The quotes' run joined the comments' and took the paragraphs between."""
    story = [PROSE]
    for name in ("The minister", "Dr Patel", "The mayor", "A spokesman"):
        story += [f"{name} said:", f"{PROSE} A quote."]
    story.append(" ".join([PROSE] * 4))  # the page's longest block, below the quotes
    story += [f"{PROSE} Paragraph {n}." for n in range(11)]
    comments = []
    for name in ("Ann", "Bob", "Cy", "Dee", "Eve", "Flo"):
        comments += [f"{name} said:", "Agreed.", "Reply"]
    page = [*story, *comments]
    threads = comment_threads(page)
    assert not set(threads) & set(range(len(story) - 10, len(story))), sorted(threads)
    assert len(story) in threads  # the comments are still a thread


def test_a_reviews_category_scores_are_not_moderated_comments() -> None:
    """'Graphics (Score: 9)' heads a review's section; Slash scores run from -1 to 5."""
    assert not comment_mark("Graphics (Score: 9)")
    assert comment_mark("◦ Re: ( Score: 3 )") and comment_mark("Not me! (Score: -1, Troll)")


def test_a_commenters_web_address_and_name_sign_a_comment() -> None:
    """Disqus in a scrape: '• http://twitter.com/danamac Dana McMahan' above each comment
    (dragnet R892, R893, T163). A line that goes on after its address is not a signature."""
    assert comment_mark("• http://twitter.com/danamac Dana McMahan")
    assert comment_mark("http://rickyleepotts.com/ rickyleepotts")
    assert not comment_mark("http://example.com/report is where the council put its figures.")
    assert not comment_mark("• http://example.com/report")  # an address alone: a link list
    thread = []
    for name in ("Dana McMahan", "Ben Tessman", "Karen Reyburn", "Steve B"):
        thread += [f"• http://twitter.com/{name.split()[0].lower()} {name}", "Thanks, so true."]
    assert set(comment_threads([" ".join([PROSE] * 3), *thread])) == set(range(1, 9))
    assert not comment_mark("http://example.com/report has the figures.")  # a sentence
    links = [f"• http://www.nasa.gov/juno{i} NASA Juno mission, part {i}" for i in range(7)]
    show_notes = [" ".join([PROSE] * 3), "Links mentioned in this episode:", *links, PROSE]
    assert comment_threads(show_notes) == {}, "a link list's items stand next to each other"


def test_a_live_blogs_timed_entries_do_not_start_the_comment_thread_below_them() -> None:
    """dragnet R465: a post of timed updates ('12:55 PM – Second 18, tied at even par.')
    above 'Devin says:'; the updates chained into the thread, which took them too."""
    assert not comment_mark("12:55 PM – Can't shake this determined challenger.")
    assert not comment_mark("• 3:15 p.m.: The jury is back.")
    assert comment_mark("7:03 pm - Anonymous said...") and comment_mark("2:00:18 PM")
    assert comment_mark("November 6, 2012 at 8:01 am") and comment_mark("10:32 pm")
    updates = [f"{hour}:05 PM – Round {hour}, Tom -2, Jimmy +2." for hour in range(1, 6)]
    comments = []
    for name in ("Devin", "Eddie", "Brandon", "Leo"):
        comments += [f"{name} says:", "November 6, 2012 at 8:01 am", "Go Tom!"]
    texts = [" ".join([PROSE] * 3), *updates, *comments]
    assert min(comment_threads(texts)) == 1 + len(updates)
