"""Fault injection: kill workers and the main process, fill the disk, resume; count losses.

    python benchmarks/faults.py [--pages N] [--scenarios workers,main,disk,jsonl,many]
                                [--seed 20] [--work /tmp/faults] [--shared DIR]

The input is the dev-html pages (`cache/NAME` where it exists, else `eval/NAME`) plus one
of each hostile input: a link to /dev/zero, a FIFO nobody writes, a 2 GB sparse file, a
link loop, a binary file, a gzip bomb, a page nested 100k divs deep and an empty file.
Each scenario ends with a count of the inputs written, failed (each named by the run with
its error), and lost (neither an output nor a named failure), and whether the outputs are
byte-identical to an undisturbed reference run:

  ref      `cleaner clean IN -o REF -j 2 --time-limit 5`, undisturbed (always run);
  workers  SIGKILL a worker of the same command several times at random moments, then
           resume with --skip-existing (two rows: the disturbed run alone, and after);
  main     SIGKILL or SIGTERM the main process at random moments, resume with
           --skip-existing, again until a run ends by itself; workers left alive are counted
           as orphans (then killed);
  disk     -o on a tmpfs too small for the outputs: the error lines are checked, nothing
           half-written may be left, then the tmpfs is enlarged and the run resumed;
  jsonl    `cleaner jsonl` over the same pages as records (plus bad records): a worker and
           then the main process killed, resumed with --resume where the CLI has it,
           compared with an undisturbed jsonl run;
  many     `clean_many(jobs=2)` in Python with a worker killed: exactly one result a page.

Not run by CI: it takes minutes and mounts a tmpfs (root). Runs go to --work.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bad_inputs import CASES  # noqa: E402

SCENARIOS = ("workers", "main", "disk", "jsonl", "many")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
CLEANER = [sys.executable, "-m", "cleaner"]
FLAGS = ["-j", "2", "--time-limit", "5"]
SPARSE_BYTES = 2 * 1024**3
# Worker kills per disturbed run and main-process kills before a run is let finish: enough
# to hit several states (starting, mid-batch, near the end) in a run of a few minutes.
WORKER_KILLS = 3
MAIN_KILLS = 4
# Kills fall at a random share of the reference run's duration, in this window: late
# enough that workers have started, early enough that work is left to lose.
KILL_WINDOW = (0.1, 0.7)
# The main process is killed within this share of the work a run has left, so that
# each killed run still leaves most of it to the next and MAIN_KILLS kills all land.
MAIN_SHARE = 0.5
# clean_many writes no files and ran in about a third of the CLI's time (27 s against 75 s
# on 998 pages): its worker kills fall within this share of the reference's work.
MANY_SHARE = 0.3
# A run taking longer than this many times the reference (plus a minute) is hung: its
# process group is killed and the row says so.
HANG_FACTOR = 4
# The full disk gets this share of the space the reference outputs take, so it fills
# about half-way through the batch.
DISK_SHARE = 0.4


@dataclass
class Run:
    """One process run: how it ended, its stderr, and what was done to it."""

    code: int | None
    seconds: float
    stderr: str
    events: list[str] = field(default_factory=list)
    orphans: int = 0
    hung: bool = False

    def ending(self) -> str:
        """'exit 1 after 9 s', 'SIGKILL ...', 'hung ...', and ', traceback' when it printed one."""
        how = "hung" if self.hung else _status(self.code)
        trace = ", traceback" if "Traceback (most recent call last)" in self.stderr else ""
        return f"{how} after {self.seconds:.0f} s{trace}"


@dataclass
class Row:
    """One line of the table, and the details printed under it."""

    scenario: str
    written: int
    failed: dict[str, str]
    lost: list[str]
    identical: str
    notes: list[str] = field(default_factory=list)


def _status(code: int | None) -> str:
    if code is None:
        return "running"
    return f"exit {code}" if code >= 0 else signal.Signals(-code).name


# --- inputs -------------------------------------------------------------------------------


def dev_pages(shared: Path, limit: int | None) -> list[Path]:
    """The dev-html page files, in evaldata.json order."""
    folder = shared / "benchmarks/dev-html"
    data = json.loads((folder / "evaldata.json").read_text("utf-8"))
    names = [entry["file"] for entry in data.values()][:limit]
    return [
        folder / "cache" / n if (folder / "cache" / n).is_file() else folder / "eval" / n
        for n in names
    ]


def make_inputs(pages: list[Path], folder: Path) -> list[str]:
    """Copy the pages into folder and add the hostile inputs; return every input's name."""
    folder.mkdir(parents=True)
    for page in pages:
        shutil.copyfile(page, folder / page.name)
    makers: dict[str, Callable[[Path], object]] = {
        "hostile-dev-zero.html": lambda p: p.symlink_to("/dev/zero"),
        "hostile-fifo.html": lambda p: os.mkfifo(p),
        "hostile-sparse-2gb.html": lambda p: os.truncate(_touch(p), SPARSE_BYTES),
        "hostile-link-loop.html": lambda p: p.symlink_to(p.name),
        "hostile-binary.html": lambda p: p.write_bytes(_case("png")),
        "hostile-gzip-bomb.html": lambda p: p.write_bytes(_case("gzip-bomb")),
        "hostile-nesting-100k.html": lambda p: p.write_bytes(_case("nesting-100k")),
        "hostile-empty.html": lambda p: p.write_bytes(b""),
    }
    for name, make in makers.items():
        make(folder / name)
    return sorted([p.name for p in pages] + list(makers))


def _touch(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _case(name: str) -> bytes:
    data = CASES[name]()
    return data.encode("utf-8") if isinstance(data, str) else data


def fingerprint(folder: Path, names: list[str]) -> dict[str, tuple[int, int]]:
    """(size, mtime in ns) of every input, links not followed: inputs must never change."""
    return {n: (s.st_size, s.st_mtime_ns) for n in names for s in [os.lstat(folder / n)]}


# --- running and disturbing ---------------------------------------------------------------


def workers_of(pid: int) -> list[psutil.Process]:
    """The live worker processes below pid (not multiprocessing's helper processes)."""
    try:
        found = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [p for p in found if _is_worker(p)]


def _is_worker(process: psutil.Process) -> bool:
    try:
        line = " ".join(process.cmdline())
        return process.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in line
    except psutil.Error:
        return False


@dataclass
class Plan:
    """What to do to a run: worker kills and one main-process signal, seconds after start."""

    worker_kills: list[float] = field(default_factory=list)
    main_signal: tuple[float, signal.Signals] | None = None


def run(command: list[str], log: Path, plan: Plan, timeout: float, rng: random.Random) -> Run:
    """Run command (stdout to log.out, stderr to log.err) and disturb it as planned."""
    start = time.monotonic()
    with open(log.with_suffix(".out"), "wb") as out, open(log.with_suffix(".err"), "wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=ENV, start_new_session=True)
        record = Run(None, 0.0, "")
        kills = sorted(plan.worker_kills)
        while process.poll() is None:
            elapsed = time.monotonic() - start
            if elapsed > timeout and not record.hung:
                with suppress(ProcessLookupError):  # it may end between poll and kill
                    os.killpg(process.pid, signal.SIGKILL)  # its own session: this run alone
                record.hung = True
            elif kills and elapsed >= kills[0]:
                kills = kills[1:] if _kill_worker(process.pid, rng, elapsed, record) else kills
            elif plan.main_signal and elapsed >= plan.main_signal[0]:
                _signal_main(process, plan.main_signal[1], elapsed, record)
            time.sleep(0.05)
    record.code, record.seconds = process.returncode, time.monotonic() - start
    record.stderr = log.with_suffix(".err").read_text("utf-8", errors="replace")
    return record


def _kill_worker(pid: int, rng: random.Random, elapsed: float, record: Run) -> bool:
    """SIGKILL one worker chosen at random; False when none is running yet."""
    workers = workers_of(pid)
    if not workers:
        return False
    victim = rng.choice(workers)
    try:
        victim.send_signal(signal.SIGKILL)
    except psutil.NoSuchProcess:
        return False
    record.events.append(f"worker {victim.pid} SIGKILL at {elapsed:.1f} s")
    return True


def _signal_main(
    process: subprocess.Popen[bytes], signum: signal.Signals, elapsed: float, record: Run
) -> None:
    """Signal the main process, wait for it, then count and kill the workers it left."""
    workers = workers_of(process.pid)
    process.send_signal(signum)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        record.events.append(f"{signum.name} at {elapsed:.1f} s: still running after 15 s")
        process.kill()
        process.wait()
    time.sleep(1.0)  # time for workers that watch their parent to notice it is gone
    left = [w for w in workers if _is_worker(w)]
    for worker in left:
        worker.send_signal(signal.SIGKILL)  # by pid: the orphans of this run only
    record.orphans += len(left)
    record.events.append(f"main {signum.name} at {elapsed:.1f} s, {len(left)} orphans")


# --- judging `clean -o` outputs -----------------------------------------------------------


def named(stderr: str, folder: Path) -> dict[str, str]:
    """Inputs the run named as failed or skipped, with the reason it gave."""
    found = {}
    for line in stderr.splitlines():
        for kind in ("failed", "skipped"):
            prefix = f"{kind}: {folder}/"
            if line.startswith(prefix):
                name, _, reason = line[len(prefix) :].partition(": ")
                found[name] = f"{kind}: {reason}"
    return found


def judge(setup: Setup, out: Path, stderr: str, compared: bool = True) -> Row:
    """Count written, named and lost inputs of a `clean -o` run; compare with the reference."""
    names = setup.names
    failures = named(stderr, setup.inputs)
    written = [n for n in names if (out / f"{n}.txt").is_file()]
    lost = [n for n in names if n not in failures and n not in written]
    row = Row("", len(written), {n: failures[n] for n in names if n in failures}, lost, "-")
    expected = {f"{n}.txt" for n in names}
    extra = sorted(p for p in _files(out) if p not in expected)
    if extra:
        row.notes.append(f"{len(extra)} other files left in the output: {extra[:3]}")
    if compared:
        row.identical = compare(
            {n: _read(out / f"{n}.txt") for n in names},
            {n: _read(setup.ref / f"{n}.txt") for n in names},
            excuses(row.failed, setup.ref_failed),
        )
    return row


def _files(folder: Path) -> list[str]:
    return [str(Path(d, f).relative_to(folder)) for d, _, fs in os.walk(folder) for f in fs]


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def compare(
    got: dict[str, bytes | None], ref: dict[str, bytes | None], excused: dict[str, str]
) -> str:
    """'yes' when every output is the reference's byte for byte, else what differs.

    Differences `excused` names (key -> why) are what the scenario did or the machine's
    load, not a fault of resuming: they are counted apart, with the reason.
    """
    missing = [k for k in ref if ref[k] is not None and got.get(k) is None]
    extra = [k for k in got if got[k] is not None and ref.get(k) is None]
    differ = [k for k in ref if None not in (ref[k], got.get(k)) and ref[k] != got[k]]
    found = [
        (what, [k for k in keys if k not in excused])
        for what, keys in (("missing", missing), ("extra", extra), ("differ", differ))
    ]
    wrong = [k for _, keys in found for k in keys]
    why = Counter(excused[k] for k in missing + extra + differ if k in excused)
    but = "".join(f", but {count} {reason}" for reason, count in sorted(why.items()))
    if not wrong:
        return "yes" + but
    parts = [f"{len(keys)} {what}" for what, keys in found if keys]
    return "no: " + ", ".join(parts) + f" (e.g. {wrong[0]})" + but


def excuses(failed: dict[str, str], ref_failed: dict[str, str]) -> dict[str, str]:
    """Pages that differ from the reference for a known cause outside resuming.

    A page whose worker was killed under it fails (the message names the worker); a page
    near the time limit may fail in one run and not the other on a loaded machine.
    """
    found = {}
    for key in set(failed) | set(ref_failed):
        here, there = failed.get(key, ""), ref_failed.get(key, "")
        if "worker" in here.lower() and "worker" not in there.lower():
            found[key] = "pages failed where a worker was killed"
        elif ("time limit" in here) != ("time limit" in there):
            found[key] = "pages over the time limit in one run only"
    return found


# --- scenarios on `clean -o` --------------------------------------------------------------


@dataclass
class Setup:
    """What every scenario shares: the inputs, the reference, the clock, the dice."""

    work: Path
    inputs: Path
    names: list[str]
    ref: Path
    ref_seconds: float
    rng: random.Random
    ref_failed: dict[str, str] = field(default_factory=dict)  # the reference's failures
    startup: float = 0.0  # seconds before a run writes its first page

    def timeout(self) -> float:
        """Seconds after which a run counts as hung."""
        return HANG_FACTOR * self.ref_seconds + 60

    def kill_times(self, count: int, left: float = 1.0) -> list[float]:
        """count moments at random once a run has started: in KILL_WINDOW of its work.

        left is the share of the reference's work the run has to do (a resumed run's).
        """
        low, high = KILL_WINDOW
        work = max(self.ref_seconds - self.startup, 1.0) * left
        return sorted(self.startup + self.rng.uniform(low, high) * work for _ in range(count))

    def clean(self, out: Path, *extra: str) -> list[str]:
        """The `cleaner clean` command line writing to out."""
        return [*CLEANER, "clean", str(self.inputs), "-o", str(out), *FLAGS, *extra]


def scenario_workers(setup: Setup) -> list[Row]:
    """Kill workers of one run several times, then resume it once, undisturbed."""
    out = setup.work / "workers"
    plan = Plan(worker_kills=setup.kill_times(WORKER_KILLS))
    first = run(setup.clean(out), setup.work / "workers-1", plan, setup.timeout(), setup.rng)
    alone = judge(setup, out, first.stderr)
    alone.scenario = "2a worker kills, the run alone"
    alone.notes.append(f"run: {first.ending()}; {'; '.join(first.events) or 'no kill landed'}")
    return [alone, resumed(setup, out, "workers-2", "2b worker kills, resumed")]


def resumed(setup: Setup, out: Path, folder: str, scenario: str) -> Row:
    """The row of an undisturbed `clean --skip-existing` run over a disturbed one's output."""
    second = run(
        setup.clean(out, "--skip-existing"), setup.work / folder, Plan(), setup.timeout(), setup.rng
    )
    row = judge(setup, out, second.stderr)
    row.scenario = scenario
    row.notes.append(f"resume: {second.ending()}")
    return row


def scenario_main(setup: Setup) -> list[Row]:
    """Kill the main process (SIGKILL, SIGTERM in turn) and resume until a run ends itself."""
    out = setup.work / "main"
    notes = []
    for attempt in range(MAIN_KILLS + 1):
        signum = (signal.SIGKILL, signal.SIGTERM)[attempt % 2]
        left = 1 - len(_files(out)) / len(setup.names) if out.exists() else 1.0
        moment = setup.kill_times(1, left * MAIN_SHARE)[0]
        plan = Plan(main_signal=(moment, signum)) if attempt < MAIN_KILLS else Plan()
        extra = ("--skip-existing",) if attempt else ()
        done = run(
            setup.clean(out, *extra),
            setup.work / f"main-{attempt + 1}",
            plan,
            setup.timeout(),
            setup.rng,
        )
        events = "; ".join(done.events) or "-"
        notes.append(f"run {attempt + 1}: {done.ending()}; {events}; {len(_files(out))} files")
        if not done.events or done.hung:
            break
    row = judge(setup, out, done.stderr)
    row.scenario = "3 main killed, resumed"
    row.notes += notes
    return [row]


@contextmanager
def tmpfs(mount: Path, size: int) -> Iterator[str | None]:
    """Mount a tmpfs of `size` bytes at mount for the block; yields why not, or None."""
    mount.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)]
    mounted = subprocess.run(command, capture_output=True, text=True)
    if mounted.returncode:
        yield f"not run: {' '.join(command)}: {mounted.stderr.strip()}"
        return
    try:
        yield None
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def enlarge(mount: Path, size: int) -> None:
    """Give the tmpfs at mount more room: the user's 'free some space'."""
    subprocess.run(["mount", "-o", f"remount,size={size}", str(mount)], check=True)


def disk_use(paths: Iterable[Path]) -> int:
    """Bytes the files take on a tmpfs (whole 4 KiB pages)."""
    return sum(-(-os.path.getsize(p) // 4096) * 4096 for p in paths)


def scenario_disk(setup: Setup) -> list[Row]:
    """Write to a tmpfs that fills up; check the errors and leftovers; enlarge it; resume."""
    need = disk_use(setup.ref / f for f in _files(setup.ref))
    small = max(64 * 1024, int(need * DISK_SHARE) // 4096 * 4096)
    with tmpfs(setup.work / "full", small) as failure:
        if failure:
            return [Row("4 disk full", 0, {}, [], "-", [failure])]
        return _fill_and_resume(setup, setup.work / "full/out", small, need)


def full_disk_lines(stderr: str) -> list[str]:
    """What a run said about the full disk: how many lines, a traceback, one example."""
    lines = stderr.splitlines()
    space = [line for line in lines if "No space left" in line or "no space left" in line]
    kinds = {line.rpartition(": ")[2] for line in space}
    trace = "a traceback" if "Traceback (most recent" in stderr else "no traceback"
    said = f"{len(space)} lines name the full disk ({len(kinds)} distinct endings), "
    return [said + f"{len(lines)} stderr lines in all, {trace}"] + [
        f"e.g. {line[:160]}" for line in space[:1]
    ]


def _fill_and_resume(setup: Setup, out: Path, small: int, need: int) -> list[Row]:
    first = run(setup.clean(out), setup.work / "disk-1", Plan(), setup.timeout(), setup.rng)
    full = judge(setup, out, first.stderr, False)
    full.scenario = f"4a disk full ({small // 1024} KB tmpfs), the run alone"
    written = {n: _read(out / f"{n}.txt") for n in setup.names if (out / f"{n}.txt").is_file()}
    half = compare(written, {n: _read(setup.ref / f"{n}.txt") for n in written}, {})
    full.identical = "written ones: " + half
    full.notes.append(f"run: {first.ending()}")
    full.notes += full_disk_lines(first.stderr)
    enlarge(out.parent, 2 * need + 16 * 1024**2)
    return [full, resumed(setup, out, "disk-2", "4b disk full, enlarged, resumed")]


# --- jsonl ----------------------------------------------------------------------------------


def bad_records() -> list[tuple[bytes, str | None]]:
    """Records a stream meets (a line, and its id when it has one): issue 20, item 5."""
    nested = _case("nesting-100k").decode()
    return [
        (json.dumps({"id": "bad-nesting-100k", "html": nested}).encode(), "bad-nesting-100k"),
        (json.dumps({"id": "bad-empty", "html": ""}).encode(), "bad-empty"),
        (
            json.dumps({"id": "bad-binary", "html": _case("png").decode("latin-1")}).encode(),
            "bad-binary",
        ),
        (b'{"id": "bad-big-int", "html": "<p>x</p>", "n": 1' + b"0" * 5000 + b"}", "bad-big-int"),
        (b"[" * 100_000 + b"]" * 100_000, None),
        (b'{"id": "bad-surrogate", "html": "<p>\\ud800 lone</p>"}', "bad-surrogate"),
        (b"this line is not JSON {", None),
        (b'{"id": "bad-nan", "html": "<p>x</p>", "score": NaN}', "bad-nan"),
        (b'{"id": "bad-latin1", "html": "<p>caf\xe9 cr\xe8me</p>"}', "bad-latin1"),
    ]


def make_jsonl(setup: Setup, path: Path) -> list[tuple[str, ...]]:
    """The pages as JSONL records, the bad records spread among them; keys of each record.

    A record is known by its id (first), or by "line N" for the error record of a line that could
    not be read as one.
    """
    pages = [n for n in setup.names if not n.startswith("hostile-")]
    bad = bad_records()
    step = max(1, len(pages) // len(bad))
    keys: list[tuple[str, ...]] = []
    with open(path, "wb") as out:
        for index, name in enumerate(pages):
            if index % step == 0 and bad:
                line, key = bad.pop(0)
                out.write(line + b"\n")
                keys.append((*([key] if key else []), f"line {len(keys) + 1}"))
            html = (setup.inputs / name).read_bytes().decode("utf-8", errors="replace")
            out.write(json.dumps({"id": name, "html": html}, ensure_ascii=False).encode() + b"\n")
            keys.append((name, f"line {len(keys) + 1}"))
    return keys


def read_records(path: Path) -> tuple[dict[str, bytes], dict[str, str], list[str]]:
    """Output lines by key, errors by key, and problems (bad JSON, keys seen twice)."""
    lines: dict[str, bytes] = {}
    errors: dict[str, str] = {}
    problems = []
    for number, line in enumerate(path.read_bytes().splitlines() if path.is_file() else [], 1):
        try:
            record = json.loads(line)
        except ValueError:
            problems.append(f"output line {number} is not JSON")
            continue
        key = str(record.get("id") or f"line {record.get('line')}")
        if key in lines:
            problems.append(f"{key} written twice")
        lines[key] = line
        if record.get("error"):
            errors[key] = str(record["error"])
    return lines, errors, problems


def judge_jsonl(keys: list[tuple[str, ...]], out: Path, ref: Path | None) -> Row:
    """Count records written, failed (with an error field) and lost; compare with ref."""
    lines, errors, problems = read_records(out)
    found = [next((k for k in ks if k in lines), None) for ks in keys]
    lost = [ks[0] for ks, key in zip(keys, found, strict=True) if key is None]
    failed = {key: errors[key] for key in found if key in errors}
    row = Row("", sum(1 for k in found if k and k not in errors), failed, lost, "-", problems)
    if ref is not None and not out.is_file():
        row.identical = "no: no output"
    elif ref is not None:
        ref_lines, ref_errors, _ = read_records(ref)
        row.identical = (
            "yes"
            if _same(out, ref)
            else compare(dict(lines), dict(ref_lines), excuses(failed, ref_errors))
        )
    return row


def _same(one: Path, other: Path) -> bool:
    return one.is_file() and other.is_file() and one.read_bytes() == other.read_bytes()


def has_resume() -> bool:
    """Whether this tree's `cleaner jsonl` can continue a killed run."""
    shown = subprocess.run([*CLEANER, "jsonl", "--help"], capture_output=True, text=True, env=ENV)
    return "--resume" in shown.stdout


@dataclass
class Stream:
    """The jsonl scenario's input, its record keys, and the undisturbed run's output."""

    source: Path
    keys: list[tuple[str, ...]]
    ref: Path
    seconds: float = 0.0

    def command(self, target: Path, *extra: str) -> list[str]:
        """The `cleaner jsonl` command line writing to target."""
        return [*CLEANER, "jsonl", str(self.source), "-o", str(target), *FLAGS, *extra]


def scenario_jsonl(setup: Setup) -> list[Row]:
    """An undisturbed jsonl run; one with a worker and the main process killed; a full disk."""
    stream = Stream(setup.work / "jsonl-in.jsonl", [], setup.work / "jsonl-ref.jsonl")
    stream.keys = make_jsonl(setup, stream.source)
    base = run(
        stream.command(stream.ref), setup.work / "jsonl-ref", Plan(), setup.timeout(), setup.rng
    )
    stream.seconds = base.seconds
    reference = judge_jsonl(stream.keys, stream.ref, None)
    reference.scenario = "5a jsonl, undisturbed"
    reference.notes.append(f"run: {base.ending()}")
    resume = has_resume()
    return [
        reference,
        _jsonl_killed(setup, stream, resume),
        _jsonl_full_disk(setup, stream, resume),
    ]


def _jsonl_killed(setup: Setup, stream: Stream, resume: bool) -> Row:
    """Kill a worker, then the main process (SIGKILL, then SIGTERM), resuming each time."""
    out = setup.work / "jsonl-out.jsonl"
    notes = []
    for attempt in range(3 if resume else 1):
        work = max(stream.seconds - setup.startup, 1.0) * (1 - attempt / 3)  # less each time
        kill_at = setup.startup + setup.rng.uniform(*KILL_WINDOW) * work
        plan = Plan(
            [(setup.startup + kill_at) / 2] if attempt == 0 else [],  # a worker first
            (kill_at, (signal.SIGKILL, signal.SIGTERM)[attempt]) if attempt < 2 else None,
        )
        extra = ("--resume",) if attempt else ()
        done = run(
            stream.command(out, *extra),
            setup.work / f"jsonl-{attempt + 1}",
            plan,
            setup.timeout(),
            setup.rng,
        )
        notes.append(f"run {attempt + 1}: {done.ending()}; {'; '.join(done.events) or '-'}")
        if done.hung or not any(e.startswith("main") for e in done.events):
            break
    row = judge_jsonl(stream.keys, out, stream.ref)
    row.scenario = "5b jsonl killed, " + ("resumed (--resume)" if resume else "no --resume")
    left = [p.name for p in setup.work.iterdir() if p.name.startswith((".jsonl-out", "jsonl-out"))]
    row.notes += notes + [f"files left by the output's name: {sorted(left)}"]
    return row


def _jsonl_full_disk(setup: Setup, stream: Stream, resume: bool) -> Row:
    """jsonl -o on a tmpfs that fills up; then more room and --resume (where there is one)."""
    need = disk_use([stream.ref]) if stream.ref.is_file() else 16 * 1024**2
    small = max(64 * 1024, int(need * DISK_SHARE) // 4096 * 4096)
    out = setup.work / "full-jsonl/out.jsonl"
    with tmpfs(out.parent, small) as failure:
        if failure:
            return Row("5c jsonl disk full", 0, {}, [], "-", [failure])
        first = run(
            stream.command(out), setup.work / "jsonl-disk-1", Plan(), setup.timeout(), setup.rng
        )
        notes = [f"run 1: {first.ending()}", *full_disk_lines(first.stderr)]
        notes.append(f"left after it: {sorted(p.name for p in out.parent.iterdir())}")
        if resume:
            enlarge(out.parent, 2 * need + 16 * 1024**2)
            second = run(
                stream.command(out, "--resume"),
                setup.work / "jsonl-disk-2",
                Plan(),
                setup.timeout(),
                setup.rng,
            )
            notes.append(f"run 2 (--resume): {second.ending()}")
        row = judge_jsonl(stream.keys, out, stream.ref)
    row.scenario = f"5c jsonl disk full ({small // 1024} KB tmpfs), " + (
        "enlarged, resumed" if resume else "no --resume"
    )
    row.notes += notes
    return row


# --- clean_many -----------------------------------------------------------------------------


def clean_many_child(list_file: Path) -> int:
    """Run clean_many(jobs=2) over the listed files; one JSON line a result, flushed."""
    import hashlib

    from cleaner import Item, Options, clean_many

    paths = [Path(line) for line in list_file.read_text("utf-8").splitlines()]
    items = (Item(path, key=path.name) for path in paths)
    for result in clean_many(items, Options(time_limit=5), jobs=2, blocks=False):
        digest = hashlib.sha256(result.text.encode("utf-8")).hexdigest()
        line = {"key": result.source, "error": result.error, "sha": digest}
        print(json.dumps(line), flush=True)
    return 0


def scenario_many(setup: Setup) -> list[Row]:
    """clean_many with jobs=2 in a child process whose workers are killed: one result a page."""
    import hashlib

    listing = setup.work / "many-inputs.txt"
    listing.write_text("".join(f"{setup.inputs / n}\n" for n in setup.names), "utf-8")
    command = [sys.executable, str(Path(__file__).resolve()), "--clean-many-child", str(listing)]
    plan = Plan(worker_kills=setup.kill_times(WORKER_KILLS, MANY_SHARE))
    done = run(command, setup.work / "many", plan, setup.timeout(), setup.rng)
    seen: dict[str, list[dict[str, str | None]]] = {}
    for line in (setup.work / "many.out").read_text("utf-8").splitlines():
        result = json.loads(line)
        seen.setdefault(str(result["key"]), []).append(result)
    twice = [k for k, v in seen.items() if len(v) > 1]
    failed = {  # worded as the CLI's, to be set against the reference's failures
        n: f"failed: {seen[n][0]['error']}"
        for n in setup.names
        if n in seen and seen[n][0]["error"]
    }
    lost = [n for n in setup.names if n not in seen]
    got = {n: _sha(seen[n][0]) if n in seen else None for n in setup.names}
    ref = {
        n: hashlib.sha256(b).hexdigest().encode()
        if (b := _read(setup.ref / f"{n}.txt")) is not None
        else None
        for n in setup.names
    }
    row = Row(
        "6 clean_many, worker killed",
        sum(1 for n in seen if n not in failed),
        failed,
        lost,
        compare(got, ref, excuses(failed, setup.ref_failed)),
    )
    row.notes.append(f"run: {done.ending()}; {'; '.join(done.events) or 'no kill landed'}")
    if twice:
        row.notes.append(f"{len(twice)} pages with more than one result, e.g. {twice[0]}")
    return [row]


def _sha(result: dict[str, str | None]) -> bytes | None:
    return None if result["error"] else str(result["sha"]).encode()


# --- the table ------------------------------------------------------------------------------


def show(rows: list[Row], reference: dict[str, str]) -> None:
    """Print the table, then under it each row's details (failures beyond the reference's)."""
    print("\n| scenario | written | failed (named) | lost | identical to reference |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row.scenario} | {row.written} | {len(row.failed)} | {len(row.lost)} "
            f"| {row.identical} |"
        )
    print()
    for row in rows:
        print(f"{row.scenario}:")
        shown = (
            row.failed
            if row.scenario.startswith("1 ")
            else {k: v for k, v in row.failed.items() if reference.get(k) != v}
        )
        for name, reason in list(shown.items())[:8]:
            print(f"  failed {name}: {reason[:140]}")
        if len(shown) > 8:
            print(f"  ... and {len(shown) - 8} more failures")
        if row.lost:
            print(f"  lost {len(row.lost)}: {', '.join(row.lost[:5])}")
        for note in row.notes:
            print(f"  {note}")


def prepare(work: Path, shared: Path, pages: int | None, seed: int) -> Setup:
    """A fresh work folder with the inputs, and the reference run."""
    for full in (work / "full", work / "full-jsonl"):
        if os.path.ismount(full):
            subprocess.run(["umount", str(full)], check=True)  # left by an interrupted run
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    names = make_inputs(dev_pages(shared, pages), work / "in")
    setup = Setup(work, work / "in", names, work / "ref", 0.0, random.Random(seed))
    print(f"{len(names)} inputs in {setup.inputs}; reference run ...", flush=True)
    done = run(setup.clean(setup.ref), work / "ref", Plan(), 3600, setup.rng)
    setup.ref_seconds = done.seconds
    begun = time.time() - done.seconds
    outputs = [os.path.getmtime(setup.ref / f) for f in _files(setup.ref)]
    setup.startup = min(outputs, default=begun) - begun  # until the first page is written
    print(
        f"reference: {done.ending()}, first output after {setup.startup:.1f} s",
        flush=True,
    )
    return setup


def parse_args(argv: Iterable[str] | None) -> argparse.Namespace:
    """The command line; --scenarios checked against SCENARIOS."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=None, help="dev-html pages (default all)")
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help=f"comma-separated, of {', '.join(SCENARIOS)}",
    )
    parser.add_argument("--seed", type=int, default=20, help="of the random kill moments")
    parser.add_argument("--work", type=Path, default=Path("/tmp/faults"))
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--clean-many-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(None if argv is None else list(argv))
    args.chosen = [s for s in args.scenarios.split(",") if s]
    unknown = [s for s in args.chosen if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenarios {unknown}: choose among {', '.join(SCENARIOS)}")
    if not args.shared.is_dir():
        args.shared = Path("/work/shared")
    return args


def main(argv: Iterable[str] | None = None) -> int:
    args = parse_args(argv)
    if args.clean_many_child:
        return clean_many_child(args.clean_many_child)
    setup = prepare(args.work, args.shared, args.pages, args.seed)
    before = fingerprint(setup.inputs, setup.names)
    stderr = (args.work / "ref.err").read_text("utf-8", errors="replace")
    reference = judge(setup, setup.ref, stderr, False)
    setup.ref_failed = reference.failed
    reference.scenario = f"1 reference ({setup.ref_seconds:.0f} s)"
    rows = [reference]
    runners = {
        "workers": scenario_workers,
        "main": scenario_main,
        "disk": scenario_disk,
        "jsonl": scenario_jsonl,
        "many": scenario_many,
    }
    for name in args.chosen:
        print(f"scenario {name} ...", flush=True)
        rows += runners[name](setup)
    show(rows, reference.failed)
    changed = [n for n, v in fingerprint(setup.inputs, setup.names).items() if before[n] != v]
    print(f"\ninputs changed: {len(changed)} {changed[:3]}")
    return 1 if changed or any(row.lost for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
