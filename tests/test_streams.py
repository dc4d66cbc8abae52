"""`cleaner jsonl` and `cleaner warc`: order, every record written, errors as fields."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from cleaner import clean
from cleaner.cli.commands import main
from tests.golden import GOLDEN

ROOT = Path(__file__).resolve().parents[1]
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


def test_jsonl_field_names_and_stdin() -> None:
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


# --- One record never ends the stream (issue 20, item 5) ---------------------------------

GOOD = json.dumps({"html": ARTICLE}) + "\n"


def run_jsonl(tmp_path: Path, middle: bytes, *flags: str) -> tuple[int, list[dict[str, object]]]:
    """Run `jsonl -o` on good, `middle`, good; the exit code and the output records."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(GOOD.encode() + middle + b"\n" + GOOD.encode())
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["jsonl", str(source), "-o", str(out), "-j", "1", *flags])
    assert "Traceback" not in result.output
    rows = [json.loads(line) for line in out.read_bytes().decode("utf-8").splitlines()]
    return result.exit_code, rows


def test_jsonl_unreadable_records_are_errors_in_place(tmp_path: Path) -> None:
    hostile = {
        "huge integer": b'{"html": "<p>x</p>", "n": ' + b"9" * 5000 + b"}",
        "deep nesting": b"[" * 100_000 + b"]" * 100_000,
        "lone surrogate": b'{"html": "<p>a\\ud800b</p>", "id": 7}',
    }
    for name, middle in hostile.items():
        code, rows = run_jsonl(tmp_path, middle)
        assert code == 1, name
        assert len(rows) == 3 and rows[0]["text"] == rows[2]["text"] != "", name
        assert "text" not in rows[1], name
        assert str(rows[1]["error"]).startswith("line 2: "), name
    assert rows[1]["id"] == 7  # the record itself is kept, its surrogate still escaped


def test_jsonl_non_utf8_bytes_on_stdin_are_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    stdin = GOOD.encode() + b'{"html": "<p>Caf\xe9 ' + b"words " * 30 + b'</p>"}\n' + GOOD.encode()
    result = CliRunner().invoke(main, ["jsonl", "-o", str(out), "-j", "1"], input=stdin)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 3 and "warning" not in rows[0]
    assert "not UTF-8 (the first at byte 16)" in rows[1]["warning"]
    assert rows[1]["text"].startswith("Caf\ufffd words")
    assert "1 with warnings" in result.stderr


def test_jsonl_writes_valid_json_only(tmp_path: Path) -> None:
    middle = b'{"html": "<p>x y z</p>", "a": NaN, "b": [Infinity, 1.5], "c": 1e999}'
    code, rows = run_jsonl(tmp_path, middle)
    assert code == 0
    strict = (tmp_path / "out.jsonl").read_text("utf-8")
    for line in strict.splitlines():  # a strict reader refuses NaN and Infinity
        json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} written"))
    assert rows[1]["a"] is None and rows[1]["b"] == [None, 1.5] and rows[1]["c"] is None
    assert "NaN/Infinity are not JSON" in str(rows[1]["warning"])


def test_jsonl_full_disk_is_one_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    source = tmp_path / "in.jsonl"
    source.write_text(GOOD * 3, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cleaner", "jsonl", str(source), "-j", "1"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: no space left writing stdout: 0 records written"
    ]


# --- Streams resume (issue 20, item 6) ------------------------------------------------------


def many_records(path: Path, count: int) -> None:
    rows = [{"id": i, "html": ARTICLE.replace("Prose", f"Prose {i}")} for i in range(count)]
    rows[3] = {"id": 3, "other": "no page"}  # an error record is one line like any other
    write_jsonl(path, [*rows[:5], "", *rows[5:]])  # a blank line gives no record


def undisturbed(tmp_path: Path, command: list[str]) -> bytes:
    reference = tmp_path / "reference.jsonl"
    CliRunner().invoke(main, [*command, "-o", str(reference), "-j", "1"])
    return reference.read_bytes()


def first_difference(got: bytes, want: bytes) -> str:
    """Where two JSONL outputs first differ, in a few lines ('' when they are the same).

    A bytes diff of 400 records shows only its tail, offset by whatever differs earlier.
    """
    if got == want:
        return ""
    mine, theirs = got.splitlines(), want.splitlines()
    for number, (line, other) in enumerate(zip(mine, theirs, strict=False)):
        if line != other:
            return f"line {number + 1} differs:\n got:  {_fields(line)}\n want: {_fields(other)}"
    return f"{len(mine)} lines, want {len(theirs)}; the first {min(len(mine), len(theirs))} agree"


def _fields(line: bytes) -> str:
    """A record without its page: the fields that say what became of it."""
    try:
        record = json.loads(line)
    except ValueError:
        return repr(line[:120])
    if not isinstance(record, dict):
        return repr(line[:120])
    return repr({k: str(v)[:100] for k, v in record.items() if k != "html"})


class FullDisk(io.BufferedWriter):
    """A file that takes `room` bytes, then fails like a full disk (mid-line)."""

    def __init__(self, path: Path, mode: str, room: int) -> None:
        super().__init__(io.FileIO(path, mode))
        self.room = room

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if len(data) > self.room:
            super().write(bytes(data)[: self.room])
            super().flush()
            self.room = 0
            raise OSError(28, "No space left on device")
        self.room -= len(data)
        return super().write(data)


def test_jsonl_full_disk_keeps_what_was_written_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    many_records(source, 12)
    expected = undisturbed(tmp_path, ["jsonl", str(source)])
    room = len(expected) // 2
    import cleaner.batch.stream_output as stream_output

    monkeypatch.setattr(stream_output, "open", lambda p, m: FullDisk(p, m, room), raising=False)
    result = CliRunner().invoke(main, ["jsonl", str(source), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"Error: no space left writing {out}: ")
    assert not out.exists()
    partial = tmp_path / "out.jsonl.partial"
    assert partial.read_bytes() == expected[:room]  # everything up to the failure is kept
    monkeypatch.undo()
    resumed = CliRunner().invoke(main, ["jsonl", str(source), "-o", str(out), "--resume"])
    assert resumed.exit_code == 0, resumed.output  # record 3 (no page) was in the first half
    kept = expected[:room].count(b"\n")
    assert f"resuming: {kept} records kept" in resumed.stderr
    assert out.read_bytes() == expected and not partial.exists()


def test_jsonl_killed_run_keeps_its_lines_and_resumes_exactly(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    many_records(source, 400)
    stale = tmp_path / ".out.jsonl.k2j3h4.tmp"  # what earlier versions left on a kill
    stale.write_text("half of an old run")
    command = [sys.executable, "-m", "cleaner", "jsonl", str(source), "-o", str(out), "-j", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    partial = tmp_path / "out.jsonl.partial"
    while child.poll() is None and (not partial.exists() or partial.stat().st_size < 20_000):
        time.sleep(0.05)
    child.kill()
    child.wait()
    kept = partial.read_bytes()
    assert kept.count(b"\n") >= 10 and not out.exists() and not stale.exists()
    refused = CliRunner().invoke(main, ["jsonl", str(source), "-o", str(out)])
    assert refused.exit_code == 1 and "add --resume" in refused.stderr
    with open(partial, "ab") as cut:
        cut.write(b'{"id": 99, "html": "half a li')  # a kill in the middle of a line
    resumed = CliRunner().invoke(main, ["jsonl", str(source), "-o", str(out), "--resume"])
    assert "Traceback" not in resumed.output
    difference = first_difference(out.read_bytes(), undisturbed(tmp_path, ["jsonl", str(source)]))
    assert not difference, difference


def test_resume_refuses_a_partial_from_another_input(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(source, [{"html": ARTICLE}])
    (tmp_path / "out.jsonl.partial").write_text('{"a": 1}\n{"b": 2}\n')
    result = CliRunner().invoke(main, ["jsonl", str(source), "-o", str(out), "--resume"])
    assert result.exit_code == 1 and "not from this input" in result.stderr
    assert not out.exists()


def test_warc_resumes_exactly(tmp_path: Path) -> None:
    archive, out = tmp_path / "crawl.warc.gz", tmp_path / "out.jsonl"
    make_archive(archive, 10)
    expected = undisturbed(tmp_path, ["warc", str(archive)])
    lines = expected.splitlines(keepends=True)
    (tmp_path / "out.jsonl.partial").write_bytes(b"".join(lines[:4]) + lines[4][:30])
    result = CliRunner().invoke(main, ["warc", str(archive), "-o", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    assert "resuming: 4 records kept" in result.stderr
    assert out.read_bytes() == expected


# --- WARC damage is reported (issue 20, item 7) ---------------------------------------------


def make_archive(path: Path, count: int, gzipped: bool = True, size: int = 12) -> list[int]:
    """A WARC of `count` HTML responses; the offset where each record starts."""
    offsets = []
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        for i in range(count):
            offsets.append(out.tell())
            page = ARTICLE.replace("Prose", f"Prose {i}").replace("go on. ", "go on. " * size)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/{i}",
                "response",
                payload=io.BytesIO(page.encode()),
                http_headers=headers,
            )
            writer.write_record(record)
    return offsets


def run_warc(archive: Path, *flags: str) -> tuple[int, str, list[dict[str, object]]]:
    out = archive.with_suffix(".jsonl")
    result = CliRunner().invoke(main, ["warc", str(archive), "-o", str(out), "-j", "2", *flags])
    assert "Traceback" not in result.output
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return result.exit_code, result.stderr, rows


def test_warc_corrupt_gzip_member_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    offsets = make_archive(archive, 12)
    data = bytearray(archive.read_bytes())
    for at in range(offsets[5] + 40, offsets[6] - 20, 7):  # break member 5's deflate data
        data[at] ^= 0x5A
    archive.write_bytes(bytes(data))
    code, stderr, rows = run_warc(archive)
    assert code == 1
    assert [r["url"] for r in rows if "text" in r] == [
        f"https://example.org/{i}" for i in range(12) if i != 5
    ]
    damaged = [r for r in rows if "error" in r]
    assert len(damaged) == 1 and damaged[0]["offset"] == offsets[5]
    assert f"damaged: {archive} at offset {offsets[5]}: broken gzip data" in stderr
    assert "11 cleaned, 0 empty, 1 failed" in stderr


def test_warc_truncated_files_are_reported(tmp_path: Path) -> None:
    for gzipped in (True, False):
        archive = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
        offsets = make_archive(archive, 6, gzipped)
        whole = archive.read_bytes()
        for cut, why in ((offsets[5] + 150, "headers"), (len(whole) - 200, "body")):
            archive.write_bytes(whole[:cut])
            code, stderr, rows = run_warc(archive)
            assert code == 1, (gzipped, why)
            assert [str(r.get("text", ""))[:7] for r in rows[:5]] == [
                "Prose 0",
                "Prose 1",
                "Prose 2",
                "Prose 3",
                "Prose 4",
            ]
            assert len(rows) == 6 and rows[5]["offset"] == offsets[5], (gzipped, why)
            assert "truncated" in str(rows[5]["error"]) and "damaged: " in stderr


def test_warc_record_over_max_bytes_is_refused_unread(tmp_path: Path) -> None:
    archive = tmp_path / "big.warc.gz"
    offsets = make_archive(archive, 3, size=1)
    big = tmp_path / "one.warc.gz"
    make_archive(big, 1, size=400)  # one record of about 20 KB
    archive.write_bytes(archive.read_bytes()[: offsets[2]] + big.read_bytes())
    code, _, rows = run_warc(archive, "--max-bytes", "5000")
    assert code == 1 and [str(r.get("text", ""))[:7] for r in rows[:2]] == ["Prose 0", "Prose 1"]
    assert rows[2]["offset"] == offsets[2] and "--max-bytes" in str(rows[2]["error"])

    from cleaner.batch.warc_reader import read_bounded

    class Counting(io.BytesIO):
        taken = 0

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            self.taken += len(chunk)
            return chunk

    stream = Counting(b"x" * 1_000_000)
    assert read_bounded(stream, 5000) is None and stream.taken == 5001
    assert read_bounded(Counting(b"x" * 5000), 5000) == b"x" * 5000


def test_warc_wrong_content_length_is_reported_and_the_next_record_kept(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc"
    offsets = make_archive(archive, 5, gzipped=False)
    data = archive.read_bytes()
    at = data.index(b"Content-Length: ", offsets[2]) + len(b"Content-Length: ")
    archive.write_bytes(data[:at] + b"9" + data[at + 1 :])  # one digit more: into record 3
    code, stderr, rows = run_warc(archive)
    assert code == 1 and len(rows) == 5
    assert [str(r.get("text", ""))[:7] for r in rows] == ["Prose 0", "Prose 1", "", "Prose 3", "Prose 4"]
    assert rows[2]["offset"] == offsets[2] and "Content-Length" in str(rows[2]["error"])
    assert f"damaged: {archive} at offset {offsets[2]}" in stderr


def test_warc_single_gzip_stream_and_finished_partial(tmp_path: Path) -> None:
    plain, archive = tmp_path / "crawl.warc", tmp_path / "whole.warc.gz"
    make_archive(plain, 4, gzipped=False)
    archive.write_bytes(gzip.compress(plain.read_bytes()))  # one member for every record
    expected = undisturbed(tmp_path, ["warc", str(archive)])
    assert expected.count(b'"text": "Prose ') == 4
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.partial").write_bytes(expected)  # killed between write and rename
    result = CliRunner().invoke(main, ["warc", str(archive), "-o", str(out), "--resume"])
    assert result.exit_code == 0 and "resuming: 4 records kept" in result.stderr
    assert "0 cleaned" in result.stderr and out.read_bytes() == expected


def test_output_may_not_be_the_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"html": ARTICLE}])
    before = source.read_bytes()
    result = CliRunner().invoke(main, ["jsonl", str(source), "-o", str(source)])
    assert result.exit_code == 2 and "is an input" in result.stderr
    assert source.read_bytes() == before
