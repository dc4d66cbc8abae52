"""`rules learn` proposes [[html.root]] when the pages share the container of their prose,
and nothing when they do not (hand-made pages; the fixture sites are in test_learn_sites)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cleaner import Options, clean_page
from cleaner.cli.commands import main
from cleaner.siterules.draft import draft_rule
from cleaner.siterules.draft_root import learn_root
from cleaner.siterules.load import load_rule_file

TOPICS = ["apples", "pears", "plums"]
FURNITURE = """<div class="masthead"><a href="/">Fruit Notes</a> <a href="/about">About us</a></div>
<nav><a href="/a">Orchard</a> <a href="/b">Market</a> <a href="/c">Recipes</a></nav>
<div class="sidebar"><h3>Popular this week</h3><p>Our shop sells baskets, crates and ladders
for every orchard, big or small, and ships them all over the country.</p></div>"""


def article(topic: str) -> str:
    return (
        f"<h1>All about {topic}</h1>"
        f"<p>{topic.capitalize()} grow on trees in orchards, and a good tree of {topic} gives "
        f"fruit for thirty years or more when it is pruned with care every winter.</p>"
        f"<p>The harvest of {topic} starts late in summer; pickers climb ladders and fill "
        f"baskets, and the best fruit goes to market within a day of picking.</p>"
    )


def shared_container_pages() -> list[str]:
    return [
        f"<html><body>{FURNITURE}<div class='body' role='main'>{article(t)}</div>"
        f"<footer>Copyright Fruit Notes, all rights reserved.</footer></body></html>"
        for t in TOPICS
    ]


def test_three_pages_sharing_a_container_get_it_as_root(tmp_path: Path) -> None:
    pages = shared_container_pages()
    root = learn_root(pages)
    assert root is not None and root.css == "div[role=main]"
    assert root.pages == 3 and root.prose == 1.0 and 0 < root.cut < 1
    for number, page in enumerate(pages):
        (tmp_path / f"p{number}.html").write_text(page)
    rules = tmp_path / "rules"
    result = CliRunner().invoke(
        main,
        ["rules", "learn", "fruit.example", *(str(tmp_path / f"p{n}.html") for n in range(3))]
        + ["-o", str(rules / "fruit.example.toml")],
    )
    assert result.exit_code == 0 and "root container div[role=main]" in result.stderr
    rule = load_rule_file(rules / "fruit.example.toml")
    assert [s.reason for s in rule.html_root] == [root.reason]
    cleaned = clean_page(
        pages[0].replace("apples", "quinces"),
        url="https://fruit.example/quinces",
        options=Options(rules_dirs=(rules,)),
    ).text
    assert cleaned.startswith("All about quinces") and "thirty years" in cleaned
    assert "Popular this week" not in cleaned and "Our shop" not in cleaned


def test_no_shared_container_no_root() -> None:
    wrappers = ["<div class='post'>{}</div>", "<section id='story'>{}</section>", "{}"]
    pages = [
        f"<html><body>{FURNITURE}{wrap.format(article(t))}<footer>Copyright</footer></body></html>"
        for wrap, t in zip(wrappers, TOPICS, strict=True)
    ]
    assert learn_root(pages) is None


def test_a_container_that_misses_the_title_on_a_page_is_no_root() -> None:
    pages = shared_container_pages()
    title = "<h1>All about plums</h1>"
    pages[2] = pages[2].replace(title, "").replace("<div class='body'", title + "<div class='body'")
    assert "<h1>All about plums</h1><div class='body'" in pages[2]
    root = learn_root(pages)
    assert root is None or root.css not in ("div[role=main]", "div.body")


def test_scraped_text_has_no_root() -> None:
    texts = [clean_page(p, options=Options(use_rules=False)).text for p in shared_container_pages()]
    assert learn_root(texts, Options(input_kind="text")) is None


def test_the_draft_counts_the_pages_when_only_a_root_is_learned() -> None:
    root = learn_root(shared_container_pages())
    assert root is not None
    assert "from 3 pages." in draft_rule("fruit.example", [], [], root)
