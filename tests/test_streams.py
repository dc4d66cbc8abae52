"""`cleaner jsonl` and `cleaner warc`: order, every record written, errors as fields."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import clean
from cleaner.cli import main
from tests.golden import GOLDEN

SEED = GOLDEN / "seed002--japan-korea-drums" / "input.txt"
ARTICLE = (
    "<html><body><article><p>"
    + "Prose of the article, with words that go on. " * 12
    + "</p></article><footer>© 2020</footer></body></html>"
)


def write_jsonl(path: Path, records: list[object]) -> None:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )


def test_jsonl_keeps_order_adds_text_and_reports_errors(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(
        source,
        [
            {"id": 1, "text": SEED.read_text("utf-8")},
            {"id": 2, "html": ARTICLE, "url": "https://example.org/a"},
            {"id": 3, "other": "no page"},
            "{broken json",
            {"id": 5, "html": ARTICLE},
        ],
    )
    result = CliRunner().invoke(
        main,
        [
            "jsonl",
            str(source),
            "-o",
            str(tmp_path / "out.jsonl"),
            "--title-field",
            "title",
            "-j",
            "2",
        ],
    )
    assert result.exit_code == 1, result.stderr  # two records failed
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 5
    assert [r.get("id") for r in rows] == [1, 2, 3, None, 5]
    assert rows[0]["text"] == clean(SEED.read_bytes())
    assert rows[1]["text"].startswith("Prose of the article") and "title" in rows[1]
    assert "error" in rows[2] and "error" in rows[3] and rows[3]["raw"] == "{broken json"
    assert "3 cleaned, 0 empty, 2 failed" in result.stderr


def test_jsonl_field_names_and_stdin(tmp_path: Path) -> None:
    stdin = json.dumps({"body": ARTICLE, "link": "https://example.org/"}) + "\n"
    result = CliRunner().invoke(
        main,
        [
            "jsonl",
            "--html-field",
            "body",
            "--url-field",
            "link",
            "--output-field",
            "clean",
            "--rule-field",
            "rule",
        ],
        input=stdin,
    )
    assert result.exit_code == 0
    row = json.loads(result.stdout)
    assert row["clean"].startswith("Prose") and row["rule"] is None and row["body"] == ARTICLE


def make_warc(path: Path) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)

        def response(url: str, body: bytes, content_type: str) -> None:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )

        response("https://example.org/utf8", ARTICLE.encode("utf-8"), "text/html; charset=utf-8")
        latin = ARTICLE.replace("Prose", "Prosa für Bürger").encode("windows-1252")
        response("https://example.org/latin", latin, "text/html; charset=windows-1252")
        response("https://example.org/logo.png", b"\x89PNG\r\n", "image/png")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/req", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
        )


def test_warc_to_jsonl(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    make_warc(archive)
    assert gzip.open(archive).read(4) == b"WARC"
    result = CliRunner().invoke(main, ["warc", str(archive), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [r["url"] for r in rows] == ["https://example.org/utf8", "https://example.org/latin"]
    assert all(r["warc_record_id"].startswith("<urn:uuid:") for r in rows)
    assert "Prosa für Bürger" in rows[1]["text"]
    assert "2 cleaned, 0 empty, 0 failed, 1 skipped" in result.stderr
