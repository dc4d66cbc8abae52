"""The command line, driven through click's CliRunner: flags, exit codes, messages, outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from cleaner import __version__, clean
from cleaner.cli.commands import main
from tests.golden import GOLDEN

SEED = GOLDEN / "seed002--japan-korea-drums" / "input.txt"


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_help_and_version() -> None:
    for command in (
        [],
        ["clean"],
        ["explain"],
        ["eval"],
        ["rules"],
        ["rules", "check"],
        ["rules", "list"],
    ):
        code, out, _ = run(*command, "--help")
        assert code == 0 and "Usage:" in out
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_clean_one_file_prints_the_api_output() -> None:
    code, out, _ = run("clean", str(SEED))
    assert code == 0
    assert out == clean(SEED.read_bytes())
    assert "Be the first to comment" not in out


def test_clean_stdin() -> None:
    code, out, _ = run("clean", "-", stdin=SEED.read_bytes())
    assert code == 0 and out == clean(SEED.read_bytes())


def test_formats() -> None:
    code, out, _ = run("clean", str(SEED), "--format", "json")
    payload = json.loads(out)
    assert code == 0 and payload["text"] == clean(SEED.read_bytes())
    assert all("reason" in b for b in payload["blocks"])
    code, out, _ = run(
        "clean", str(GOLDEN / "seed003--japan-korea-drums" / "input.txt"), "--format", "markdown"
    )
    assert code == 0 and "\n- Joint public engagement" in out


def test_output_folder_walks_and_names(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_bytes(SEED.read_bytes())
    (src / "sub" / "b.html").write_text(
        "<html><body><p>" + "Words of an article that go on. " * 20 + "</p></body></html>"
    )
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    code, _, err = run("clean", str(src), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "a.txt.txt").read_text() == clean(SEED.read_bytes())
    assert (tmp_path / "out" / "sub" / "b.html.txt").is_file()
    assert "2 cleaned, 0 empty, 0 failed, 0 skipped" in err
    assert before == {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}, "inputs untouched"
    assert not list((tmp_path / "out").rglob(".*")), "no temporary files left"


def test_a_broken_page_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_bytes(SEED.read_bytes())
    (src / "huge.txt").write_bytes(b"x" * 5000)
    code, _, err = run("clean", str(src), "-o", str(tmp_path / "out"), "--max-bytes", "3000")
    assert code == 1
    assert (
        "huge.txt" in err
        and "over the size limit" in err
        and "1 cleaned, 0 empty, 1 failed, 0 skipped" in err
    )
    assert (tmp_path / "out" / "good.txt.txt").is_file()
    assert not (tmp_path / "out" / "huge.txt.txt").exists()


def test_errors_are_one_line_on_stderr_without_traceback(tmp_path: Path) -> None:
    code, out, err = run("clean", str(tmp_path / "missing.html"))
    assert code != 0 and "cannot read" in err and "Traceback" not in err and out == ""
    code, _, err = run("clean", str(SEED), "--max-bytes", "10")
    assert code == 1 and err.startswith("Error: page is") and "Traceback" not in err
    code, _, err = run("clean", str(SEED), str(SEED))
    assert code == 2 and "need -o" in err


def test_explain_shows_every_block_with_a_reason() -> None:
    code, out, _ = run("explain", str(SEED))
    assert code == 0
    assert "drop [signals] section head 'discussion'" in out
    assert out.count("KEEP") == 5


def test_rules_check_reports_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.example.toml"
    bad.write_text(
        '[match]\ndomains = ["bad.example"]\n[[html.drop]]\nselectr = "div"\nreason = "x"\n'
    )
    code, _, err = run("rules", "check", str(bad))
    assert code == 1
    assert "html.drop[0]: unknown key 'selectr'" in err
    code, out, _ = run("rules", "check")
    assert code == 0 and "whistlebuzz.com.toml" in out


def test_user_rules_folder_is_used(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "example.org.toml").write_text(
        '[match]\ndomains = ["example.org"]\n[[text.drop]]\nline = "Lee\'s visit"\nreason = "test drop"\n'
        '[[text.keep]]\nline = "Discussion"\nreason = "test keep"\n'
    )
    code, out, _ = run(
        "clean", str(SEED), "--url", "https://www.example.org/x", "--rules", str(rules)
    )
    assert code == 0 and "Discussion" in out
    code, out, _ = run("rules", "list", "--rules", str(rules))
    assert "example.org" in out


def test_eval_prints_scores(tmp_path: Path) -> None:
    case = tmp_path / "golden" / "one"
    case.mkdir(parents=True)
    (case / "input.txt").write_bytes(SEED.read_bytes())
    (case / "expected.txt").write_bytes((SEED.parent / "expected.txt").read_bytes())
    code, out, _ = run("eval", str(tmp_path / "golden"))
    assert code == 0 and "1.000  1.000  1.000  one" in out and "overall (1 cases" in out


def test_no_rules_flag() -> None:
    wb = GOLDEN / "whistlebuzz.com--japan-korea-drums-seed000" / "input.txt"
    code, out, _ = run("explain", str(wb), "--url", "https://whistlebuzz.com/")
    assert "rule: whistlebuzz.com" in out
    code, out, _ = run("explain", str(wb), "--url", "https://whistlebuzz.com/", "--no-rules")
    assert "rule: -" in out
    assert os.environ.get("CLEANER_NEVER_SET") is None
