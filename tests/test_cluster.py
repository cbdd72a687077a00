"""--dask ADDRESS: the same bytes as the plain run, on a local cluster and on a real scheduler
reached by tcp://; a killed worker is survived; without the extra, one line and exit 2.

Each test runs the command line in a fresh process, as a user does; the clusters are small
(two worker processes of one thread each).
"""

from __future__ import annotations

import functools
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from invented import invented_page

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_ec62a4f18dae8dc6.txt"
BIN = Path(sys.executable).parent


def digest(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-c", "from digest.cli import run; run()", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of invented pages, in two sub-folders, one of them with a page that fails."""
    folder = tmp_path_factory.mktemp("pages")
    for i in range(24):
        sub = folder / ("a" if i % 2 else "b")
        sub.mkdir(exist_ok=True)
        (sub / f"{i:03d}.txt").write_text(invented_page(i, articles=3 + i % 5), encoding="utf-8")
    (folder / "b" / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)  # binary: one failure, exit 1
    return folder


@functools.cache
def plain(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The run without --dask, made once per module for each set of arguments."""
    return digest(*args, check=False)


def test_local_cluster_gives_the_plain_runs_bytes(pages: Path) -> None:
    for command, extra in ((["summarize", "-f", "json"], []), (["daily", "-f", "json", "--date", "2026-03-01"], []),
                           (["articles"], ["--ship-text"])):  # fmt: skip
        expected = plain(*command, SEEDS, pages)
        spread = digest(*command, SEEDS, pages, "--dask", "local:2", *extra, check=False)
        assert expected.returncode == 1 and "broken.txt" in expected.stderr  # the binary page
        assert (spread.returncode, spread.stdout, spread.stderr) == (
            expected.returncode, expected.stdout, expected.stderr)  # fmt: skip
        assert len(expected.stdout) > 10_000


def test_archive_add_on_a_cluster_stores_what_the_plain_run_stores(pages: Path, tmp_path: Path) -> None:
    common = ["archive", "add", "-f", "json", "--date", "2026-03-01", SEEDS, pages / "a"]
    plain = digest(*common, "--db", tmp_path / "plain.sqlite3")
    spread = digest(*common, "--db", tmp_path / "spread.sqlite3", "--dask", "local:2")
    assert spread.stdout.replace("spread.sqlite3", "plain.sqlite3") == plain.stdout and '"added"' in plain.stdout
    assert _rows(tmp_path / "spread.sqlite3") == _rows(tmp_path / "plain.sqlite3")
    assert len(json.loads(spread.stdout)["added"]) > 10  # (stored again: tests/test_archive.py, add_prepared)


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT id, page, date, position, ident, title, summary, keywords, fingerprint FROM article ORDER BY id"
        ).fetchall()


def test_the_library_takes_dask_too(pages: Path) -> None:
    import digest as library

    plain = library.process(SEEDS, pages / "a", command="daily")
    assert library.process(SEEDS, pages / "a", command="daily", dask="local:2") == plain
    assert plain["pages"]


def test_a_bad_address_is_a_usage_error() -> None:
    proc = digest("summarize", SEEDS, "--dask", "http://example.org", check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "tcp://HOST:PORT" in proc.stderr


def test_an_unreachable_scheduler_is_one_line_and_exit_1_not_a_hang() -> None:
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    proc = digest("summarize", SEEDS, "--dask", f"tcp://127.0.0.1:{port}", "--dask-timeout", "2", check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert f"the Dask cluster at tcp://127.0.0.1:{port} did not answer within 2 s" in proc.stderr
    assert time.monotonic() - started < 60


def test_without_the_extra_dask_is_one_line_and_exit_2(tmp_path: Path) -> None:
    wrapper = tmp_path / "no_dask.py"
    wrapper.write_text(
        "import sys\n"
        "class NoDask:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('dask', 'distributed'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, NoDask())\n"
        "for name in [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]:\n"
        "    del sys.modules[name]\n"
        "from digest.cli import run\n"
        "run()\n"
    )
    proc = subprocess.run([sys.executable, str(wrapper), "summarize", str(SEEDS), "--dask", "local:2"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "digest: error: --dask needs Dask, an optional extra: pip install 'digest[dask]'\n"


def test_a_plain_run_never_imports_dask() -> None:
    code = (
        "import sys\n"
        "from digest.cli import app\n"
        f"try:\n    app(['summarize', {str(SEED)!r}, '-f', 'json', '-o', {os.devnull!r}])\n"
        "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "bad = [m for m in ('dask', 'distributed', 'digest.cluster') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_a_stop_signal_during_a_run_stops_the_local_cluster_too(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(200):
        (folder / f"{i:04d}.txt").write_text(invented_page(i, articles=8), encoding="utf-8")
    out = tmp_path / "out.json"
    run = subprocess.Popen([sys.executable, "-m", "digest", "summarize", str(folder), "--dask", "local:2", "-o",
                            str(out)], stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while len(_children(run.pid)) < 2 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # until the cluster's worker processes are there
    workers = _children(run.pid)
    assert len(workers) >= 2
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 143 and err == "digest: error: terminated\n"
    assert not out.exists() and not list(tmp_path.glob("*.tmp*"))
    time.sleep(0.5)
    left = [_command(pid) for pid in workers if Path(f"/proc/{pid}").exists()]
    assert not [c for c in left if c], left  # (a zombie has no command line: it is gone but for its exit status)


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


# --- a real scheduler and workers, started as processes ---------------------------------------------


class Scheduler:
    def __init__(self, folder: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.folder = folder
        self.log = open(folder / "dask.log", "w")  # noqa: SIM115  (closed in stop)
        self.scheduler = self._start("scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                     "--no-dashboard", "--no-show")  # fmt: skip
        self.workers: dict[str, subprocess.Popen[bytes]] = {}

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([str(BIN / "dask"), *args], stdout=self.log, stderr=self.log, cwd=self.folder,
                                start_new_session=True)  # fmt: skip

    def add_worker(self, name: str) -> None:
        self.workers[name] = self._start("worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny",
                                         "--no-dashboard", "--local-directory", str(self.folder))  # fmt: skip

    def client(self) -> object:
        from distributed import Client

        return Client(self.address, timeout=60)

    def wait_for(self, workers: int) -> None:
        client = self.client()
        try:
            if workers:  # else only until the scheduler answers
                client.wait_for_workers(workers, timeout=60)  # type: ignore[attr-defined]
        finally:
            client.close()  # type: ignore[attr-defined]

    def stop(self) -> None:
        for proc in [*self.workers.values(), self.scheduler]:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scheduler]:
    cluster = Scheduler(tmp_path_factory.mktemp("dask"))
    try:
        cluster.add_worker("one")
        cluster.add_worker("two")
        cluster.wait_for(2)
        yield cluster
    finally:
        cluster.stop()


def test_a_scheduler_reached_by_tcp_gives_the_plain_runs_bytes(scheduler: Scheduler, pages: Path) -> None:
    for command in (["summarize", "-f", "json"], ["daily", "-f", "json", "--date", "2026-03-01"],
                    ["summarize"], ["keywords"], ["daily", "-f", "markdown"]):  # fmt: skip
        expected = plain(*command, SEEDS, pages)
        assert len(expected.stdout) > 5_000
        spread = digest(*command, SEEDS, pages, "--dask", scheduler.address, check=False)
        assert (spread.returncode, spread.stdout, spread.stderr) == (
            expected.returncode, expected.stdout, expected.stderr)  # fmt: skip


def test_two_runs_at_once_on_one_scheduler_keep_their_own_results(scheduler: Scheduler, pages: Path) -> None:
    inputs = [[SEEDS], [pages / "a"]]
    runs = [subprocess.Popen([sys.executable, "-c", "from digest.cli import run; run()", "summarize", "-f", "json",
                              *map(str, paths), "--dask", scheduler.address], stdout=subprocess.PIPE, text=True)
            for paths in inputs]  # fmt: skip
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert outputs == [digest("summarize", "-f", "json", *paths).stdout for paths in inputs]


def test_a_cluster_without_workers_times_out_in_one_line(tmp_path: Path) -> None:
    lonely = Scheduler(tmp_path)
    try:
        lonely.wait_for(0)
        proc = digest("summarize", SEED, "--dask", lonely.address, "--dask-timeout", "2", check=False)
    finally:
        lonely.stop()
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (f"digest: error: the Dask cluster at {lonely.address} did not answer within 2 s: no result "
                           "came back; check its workers, or allow more with --dask-timeout\n")  # fmt: skip


def test_a_scheduler_that_dies_midway_ends_the_run_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(100):
        (folder / f"{i:04d}.txt").write_text(invented_page(i, articles=8), encoding="utf-8")
    doomed = Scheduler(tmp_path)
    try:
        doomed.add_worker("only")
        doomed.wait_for(1)
        run = subprocess.Popen([sys.executable, "-m", "digest", "summarize", str(folder), "--dask", doomed.address,
                                "--dask-timeout", "20"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        client = doomed.client()
        try:
            while run.poll() is None and not any(client.processing().values()):  # type: ignore[attr-defined]
                time.sleep(0.02)
        finally:
            client.close()  # type: ignore[attr-defined]
        os.killpg(doomed.scheduler.pid, signal.SIGKILL)
        out, err = run.communicate(timeout=120)
    finally:
        doomed.stop()
    assert run.returncode == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"digest: error: the Dask cluster at {doomed.address} "), err


def test_a_worker_killed_midway_is_survived(scheduler: Scheduler, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(160):
        (folder / f"{i:04d}.txt").write_text(invented_page(1000 + i, articles=8), encoding="utf-8")
    plain = digest("summarize", "-f", "json", folder)
    run = subprocess.Popen(
        [sys.executable, "-c", "from digest.cli import run; run()", "summarize", "-f", "json", str(folder),
         "--dask", scheduler.address],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    client = scheduler.client()
    killed = None
    try:
        deadline = time.monotonic() + 120
        while killed is None and run.poll() is None and time.monotonic() < deadline:
            busy = {a: keys for a, keys in client.processing().items() if keys}  # type: ignore[attr-defined]
            names = {a: w["name"] for a, w in client.scheduler_info()["workers"].items()}  # type: ignore[attr-defined]
            for address in busy:
                killed = names[address]
                os.killpg(scheduler.workers[killed].pid, signal.SIGKILL)  # a task of the run is lost with it
                break
            time.sleep(0.02)
    finally:
        client.close()  # type: ignore[attr-defined]
    out, err = run.communicate(timeout=300)
    assert killed is not None, "the run ended before a worker was busy"
    assert run.returncode == 0, err
    assert out == plain.stdout
