"""Stop signals during a parallel run, as a cron job's timeout, a service manager or a person at a
terminal sends them: one, two or three signals at random moments; and the parent killed outright.

The README promises: exit 143 (SIGTERM), 130 (Ctrl-C) or 129 (SIGHUP), one line on stderr, no
temporary file, the previous -o file unchanged, every worker gone. Signals go to the whole process
group, as `kill -- -PGID` and Ctrl-C send them. Linux only (reads /proc).

The longer stress run is `benchmarks/signals.py` (more trials, a bigger page).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from invented import SURNAMES, WORDS

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")

DIGEST = [sys.executable, "-m", "digest"]
PREVIOUS = "昨天的摘要\n"
EXIT = {signal.SIGTERM: 143, signal.SIGINT: 130, signal.SIGHUP: 129}
MESSAGE = {signal.SIGTERM: "terminated", signal.SIGINT: "interrupted", signal.SIGHUP: "hung up"}
TRIALS = int(os.environ.get("DIGEST_SIGNAL_TRIALS", "20"))  # per number of signals
PAGE_CHARS = int(os.environ.get("DIGEST_SIGNAL_PAGE_CHARS", "60000"))  # benchmarks/signals.py sets both


def invented_page(chars: int, seed: int = 7) -> str:
    """A page of invented articles, about `chars` characters long."""
    rng = random.Random(seed)
    blocks: list[str] = []
    total = 0
    while total < chars:
        paragraphs = [
            "".join("".join(rng.choices(WORDS, k=rng.randint(3, 7))) + "。" for _ in range(rng.randint(2, 6)))
            for _ in range(rng.randint(2, 6))
        ]
        block = "".join(rng.choices(WORDS, k=4)) + f"\n晚报讯 记者{rng.choice(SURNAMES)}某 " + "\n".join(paragraphs)
        blocks.append(block)
        total += len(block)
    return "\n\n".join(blocks) + "\n"


def caught(pid: int) -> int:
    """The signals `pid` has handlers for (SigCgt of /proc/PID/status); 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("SigCgt:"):
                    return int(line.split()[1], 16)
    except OSError:
        pass
    return 0


def children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found |= {int(c) for c in fh.read().split()}
    except OSError:
        pass
    return found


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def has_exited(proc: subprocess.Popen[bytes]) -> bool:
    """Has the process ended (without reaping it, so its process group still exists)?"""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT | os.WNOHANG) is not None


@dataclass
class Trial:
    signals: list[signal.Signals]
    delay: float
    late: bool = False  # the run had already ended when the first signal was sent
    code: int | None = None
    stderr: str = ""
    output: str = ""
    leftovers: list[str] = field(default_factory=list)
    workers: set[int] = field(default_factory=set)
    workers_alive: set[int] = field(default_factory=set)


def start(folder: Path, page: Path) -> tuple[subprocess.Popen[bytes], Path]:
    out = folder / "digest.json"
    out.write_text(PREVIOUS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DIGEST_CONFIG", "NO_COLOR")}
    env["XDG_CONFIG_HOME"] = str(folder / "no-config")
    proc = subprocess.Popen(
        [*DIGEST, "summarize", str(page), "-f", "json", "-o", str(out), "--jobs", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job has
        env=env,
    )
    return proc, out


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while not ready():
        assert not has_exited(proc), "the run ended early"
        assert time.monotonic() < end, "timed out waiting for the run"
        time.sleep(0.005)


def handlers_ready(proc: subprocess.Popen[bytes]) -> bool:
    return bool(caught(proc.pid) & (1 << (signal.SIGTERM - 1))) or has_exited(proc)


def run_trial(folder: Path, page: Path, trial: Trial) -> Trial:
    folder.mkdir()
    proc, out = start(folder, page)
    wait_until(lambda: handlers_ready(proc), proc)  # before that, Python has not started our code
    end = time.monotonic() + trial.delay
    while time.monotonic() < end and not has_exited(proc):
        trial.workers |= children(proc.pid)
        time.sleep(0.005)
    trial.late = has_exited(proc)
    for i, sig in enumerate(trial.signals):
        if i:
            time.sleep(random.Random(trial.delay).uniform(0.001, 0.06))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
    try:
        _, err = proc.communicate(timeout=10)  # returns when every process holding stderr is gone
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        trial.code = None
        return trial
    trial.code = proc.returncode
    trial.stderr = err.decode("utf-8", "replace")
    trial.output = out.read_text(encoding="utf-8")
    trial.leftovers = sorted(p.name for p in folder.iterdir() if p.name != "digest.json")
    trial.workers_alive = {w for w in trial.workers if alive(w)}
    return trial


@pytest.fixture(scope="module")
def parallel_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """A page worth two workers, and how long a run on it takes once its handlers are set."""
    folder = tmp_path_factory.mktemp("signals")
    page = folder / "page.txt"
    page.write_text(invented_page(PAGE_CHARS), encoding="utf-8")
    run = folder / "baseline"
    run.mkdir()
    proc, out = start(run, page)
    wait_until(lambda: handlers_ready(proc), proc)
    t0 = time.monotonic()
    workers: set[int] = set()
    while proc.poll() is None:
        workers |= children(proc.pid)
        time.sleep(0.005)
    duration = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert len(workers) >= 2, "the run did not use worker processes: make the page bigger"
    assert json.loads(out.read_text(encoding="utf-8"))["documents"]
    return page, duration


@pytest.mark.parametrize("count", [1, 2, 3])
def test_stop_signals_at_random_moments(parallel_page: tuple[Path, float], tmp_path: Path, count: int) -> None:
    page, duration = parallel_page
    rng = random.Random(count)
    kinds = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]
    trials = [
        Trial(signals=[rng.choice(kinds) for _ in range(count)], delay=rng.uniform(0, duration))
        for _ in range(TRIALS)
    ]
    with ThreadPoolExecutor(max_workers=3) as pool:
        done = list(pool.map(lambda it: run_trial(tmp_path / f"t{it[0]}", page, it[1]), enumerate(trials)))
    stopped = [t for t in done if not t.late]
    first = [t for t in stopped if t.code == EXIT[t.signals[0]]]
    assert len(first) >= len(stopped) * 3 // 4, "the first signal should decide the exit status"
    assert len(stopped) >= TRIALS // 2, f"only {len(stopped)} of {TRIALS} signals arrived during the run"
    for t in done:
        where = f"{[s.name for s in t.signals]} after {t.delay:.2f} s: {t.stderr!r}"
        assert t.code is not None, f"still running 10 s after {where}"
        assert "Traceback" not in t.stderr and "Exception" not in t.stderr, where
        assert t.leftovers == [], where
        assert t.workers_alive == set(), where
        if t.late:  # the run had finished: a complete new output
            assert t.code == 0, where
            assert json.loads(t.output)["documents"], where
            continue
        # The first signal decides; but signals a few milliseconds apart may be handled by different
        # threads of the process, and a busy machine can run those handlers out of order.
        assert t.code in {EXIT[s] for s in t.signals}, where
        (by,) = [s for s in t.signals if EXIT[s] == t.code][:1]
        assert t.stderr == f"digest: error: {MESSAGE[by]}\n", where
        assert t.output == PREVIOUS, where


def test_workers_die_with_a_killed_parent(parallel_page: tuple[Path, float], tmp_path: Path) -> None:
    """SIGKILL (or the OOM killer) gives the parent no chance to stop its workers: they go by
    themselves, within 2 s, and release the stdout and stderr a cron pipeline waits on."""
    page, duration = parallel_page
    rng = random.Random(9)

    def trial(i: int) -> set[int]:
        folder = tmp_path / f"k{i}"
        folder.mkdir()
        proc, _ = start(folder, page)
        wait_until(lambda: len(children(proc.pid)) >= 2, proc)
        time.sleep(rng.uniform(0, duration / 3))
        workers = children(proc.pid)
        proc.kill()
        killed = time.monotonic()
        proc.communicate(timeout=10)  # stderr closed by every process that held it
        while any(alive(w) for w in workers) and time.monotonic() < killed + 2:
            time.sleep(0.01)
        return {w for w in workers if alive(w)}

    with ThreadPoolExecutor(max_workers=3) as pool:
        survivors = list(pool.map(trial, range(6)))
    assert survivors == [set()] * 6, "workers outlived their parent by 2 s"


def test_a_hangup_while_the_output_is_written(tmp_path: Path) -> None:
    """SIGHUP (an SSH session gone) while the temporary file is being written: once it left a 22 MB
    temporary file behind and the run died with the default action."""
    page = tmp_path / "page.txt"
    page.write_text(invented_page(400_000, seed=3), encoding="utf-8")
    proc, out = start(tmp_path, page)
    wait_until(lambda: any(p.name.endswith(".tmp") for p in tmp_path.iterdir()), proc, timeout=120)
    os.killpg(proc.pid, signal.SIGHUP)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 129
    assert err.decode() == "digest: error: hung up\n"
    assert out.read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.json", "page.txt"]
