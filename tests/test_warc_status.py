"""`cleaner warc`: only 2xx HTML responses are cleaned; every line has status, warc_date and title."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from cleaner.cli.commands import main
from tests.test_streams import ARTICLE

DATE = "2024-03-05T10:20:30Z"
# (url, HTTP status line, content type, whether the body is an article page)
RESPONSES = [
    ("https://example.org/story", "200 OK", "text/html; charset=utf-8"),
    ("https://example.org/gone", "404 Not Found", "text/html"),
    ("https://example.org/old", "301 Moved Permanently", "text/html"),
    ("https://example.org/logo.png", "200 OK", "image/png"),
    ("https://example.org/broken", "500 Internal Server Error", "text/html"),
    ("https://example.org/later", "203 Non-Authoritative Information", "text/html"),
]


def page(url: str) -> bytes:
    """An article page whose title and prose name the URL, so each line can be told apart."""
    name = url.rsplit("/", 1)[1]
    html = ARTICLE.replace("<html>", f"<html><head><title>Title of {name}</title></head>")
    return html.replace("Prose", f"Prose of {name}").encode("utf-8")


def make_crawl(path: Path) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, content_type in RESPONSES:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(page(url)),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": DATE},
            )
            writer.write_record(record)


def run(tmp_path: Path, *flags: str) -> tuple[int, str, list[dict[str, object]]]:
    archive, out = tmp_path / "crawl.warc.gz", tmp_path / "out.jsonl"
    if not archive.exists():
        make_crawl(archive)
    result = CliRunner().invoke(main, ["warc", str(archive), "-o", str(out), "-j", "2", *flags])
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return result.exit_code, result.stderr, rows


def test_non_2xx_responses_are_lines_saying_why_not_pages(tmp_path: Path) -> None:
    code, stderr, rows = run(tmp_path)
    assert code == 0, stderr
    assert [(r["url"], r["status"]) for r in rows] == [
        ("https://example.org/story", 200),
        ("https://example.org/gone", 404),
        ("https://example.org/old", 301),
        ("https://example.org/broken", 500),
        ("https://example.org/later", 203),
    ]
    story, gone, moved, broken, later = rows
    assert "Prose of story" in str(story["text"]) and story["title"] == "Title of story"
    assert "Prose of later" in str(later["text"]) and later["title"] == "Title of later"
    for row in (gone, moved, broken):
        assert "text" not in row and "error" not in row
        assert f"HTTP status {row['status']}, not 2xx: not cleaned" in str(row["skipped"])
        assert "--any-status" in str(row["skipped"])
    assert all(r["warc_date"] == DATE for r in rows)
    assert all(str(r["warc_record_id"]).startswith("<urn:uuid:") for r in rows)
    assert "2 cleaned, 0 empty, 0 failed, 4 skipped" in stderr  # 3 statuses and the image


def test_any_status_cleans_every_html_response(tmp_path: Path) -> None:
    code, stderr, rows = run(tmp_path, "--any-status")
    assert code == 0, stderr
    assert [r["status"] for r in rows] == [200, 404, 301, 500, 203]
    assert all(f"Prose of {str(r['url']).rsplit('/', 1)[1]}" in str(r["text"]) for r in rows)
    assert "5 cleaned, 0 empty, 0 failed, 1 skipped" in stderr


def test_a_resumed_run_with_skipped_lines_ends_byte_for_byte_the_same(tmp_path: Path) -> None:
    code, _, _ = run(tmp_path)
    expected = (tmp_path / "out.jsonl").read_bytes()
    lines = expected.splitlines(keepends=True)
    (tmp_path / "out.jsonl").unlink()
    (tmp_path / "out.jsonl.partial").write_bytes(b"".join(lines[:2]) + lines[2][:20])
    code, stderr, _ = run(tmp_path, "--resume")
    assert code == 0 and "resuming: 2 records kept" in stderr
    assert (tmp_path / "out.jsonl").read_bytes() == expected
