"""The work spread over a Dask cluster (--dask ADDRESS): dask.distributed schedules, retries and
moves the tasks; this module only cuts the run into tasks and puts the results back in order.

A run here is the same run as `pipeline.run`, cut differently:

- on this machine (the client), the inputs are expanded (`load.expand`: folders listed, standard
  input and addresses read) into an ordered list; with --ship-text the files are read here too;
- a task is a batch of consecutive inputs, about a quarter of the run's bytes per worker divided
  again by four, so that tasks are few enough for Dask's overhead per task (a few milliseconds)
  to vanish and many enough for the workers to finish together;
- a worker reads its files where they are (the workers see the same file system) or takes the
  shipped text, parses and summarizes each input (`pipeline.one`), and sends back the frozen
  results (and, for `archive add`, the rows to store, `prepare`);
- here the results are taken in input order: what is rendered is byte for byte what the plain
  run renders, and the failures come in the plain run's order.

A worker that dies (killed, out of memory) has its tasks run again elsewhere by Dask; a task that
kills `distributed.scheduler.allowed-failures` + 1 workers fails its inputs, one line each. A
cluster that does not answer within --dask-timeout seconds, to connect or with the next result,
ends the run in one line (exit 1): a run never hangs.

Only this module imports dask, and only when --dask is given; a plain run never loads it.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from digest.errors import ConfigError, DigestError
from digest.load import FileRef
from digest.model import DocumentResult, Failure, Source, SummaryOptions
from digest.options import Settings, dask_address

INSTALL = "pip install 'digest[dask]'"
MIN_TASK_BYTES = 64 * 1024  # a task smaller than this spends as long in Dask as in our work
MAX_TASK_BYTES = 8 * 1024 * 1024
MAX_TASK_INPUTS = 256
TASKS_PER_WORKER = 4  # so that no worker waits long for the last task

Item = FileRef | Source | Failure
# What a worker sends back for each input: the result or failure, whether the failure came after
# parsing (pipeline.run reports those last), and what `prepare` made of the result.
Outcome = tuple[DocumentResult | Failure, bool, Any]


def inputs(paths: list[str], settings: Settings) -> list[Item]:
    """The run's inputs in order, named (workers read them) or, with --ship-text, read here."""
    from digest.load import expand, iter_sources

    if settings.ship_text:
        return list(iter_sources(paths, settings.encoding, settings.timeout))
    return list(expand(paths, settings.encoding, settings.timeout))


def run(
    items: list[Item],
    mode: str,
    options: SummaryOptions,
    settings: Settings,
    on_done: Callable[[str], None] | None = None,
    prepare: Callable[[DocumentResult], Any] | None = None,
) -> tuple[list[DocumentResult], list[Failure], list[Any]]:
    """`pipeline.run` on the cluster that settings.dask names: (results, failures, what `prepare`
    made of each result on the workers), all in input order. `items` is emptied as it is sent."""
    assert settings.dask is not None
    address = settings.dask
    with _connected(address, settings.dask_timeout) as client:
        batches = _batches(items, _worker_count(client))
        items.clear()  # the batches hold them until they are sent
        run_id = uuid.uuid4().hex  # a scheduler may serve several runs at once: a key is one run's task
        futures = [
            client.submit(_work, batch, mode, options, settings.encoding, prepare, key=f"digest-{run_id}-{i}")
            for i, batch in enumerate(batches)
        ]
        results: list[DocumentResult] = []
        failures: list[Failure] = []
        late: list[Failure] = []
        extras: list[Any] = []
        futures.reverse()
        for batch in batches:
            for value, after, extra in _outcomes(futures.pop(), batch, address, settings.dask_timeout):
                if isinstance(value, Failure):
                    (late if after else failures).append(value)
                    _notify(on_done, value.source)
                else:
                    results.append(value)
                    extras.append(extra)
                    _notify(on_done, value.document.source)
    return results, failures + late, extras


@contextlib.contextmanager
def _connected(address: str, timeout: float) -> Iterator[Any]:
    """A Client of the cluster at `address` (a LocalCluster started here for local:N), closed on
    the way out, whatever happens (a stop signal included)."""
    try:
        import distributed  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise ConfigError(f"--dask needs Dask, an optional extra: {INSTALL}") from None
    target = dask_address(address)
    # Dask's own log lines (a worker restarted, a lost connection, with tracebacks) stay off
    # stderr: what matters to the run is said in one line of ours.
    loggers = [logger for name, logger in logging.root.manager.loggerDict.items()
               if name.split(".")[0] == "distributed" and isinstance(logger, logging.Logger)]  # fmt: skip
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    cluster: Any = None
    client: Any = None
    try:
        try:
            if isinstance(target, int):
                cluster = distributed.LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=target, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.CRITICAL,  # a worker stopped at the end is no news
                )  # fmt: skip
                client = distributed.Client(cluster, timeout=timeout)  # type: ignore[no-untyped-call]
            else:
                client = distributed.Client(target, timeout=timeout)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise DigestError(f"the Dask cluster at {address} did not answer within {timeout:g} s: {_why(exc)}; "
                              "check the address and that its scheduler runs") from None  # fmt: skip
        yield client
    finally:
        with contextlib.suppress(Exception):
            if client is not None:
                client.close(timeout=timeout)
        with contextlib.suppress(Exception):
            if cluster is not None:
                cluster.close(timeout=timeout)
        for logger, level in levels:
            logger.setLevel(level)


def _worker_count(client: Any) -> int:
    try:
        return max(1, len(client.scheduler_info().get("workers", {})))
    except Exception:
        return 1


def _size(item: Item) -> int:
    if isinstance(item, FileRef):
        return item.size
    if isinstance(item, Source):
        return 3 * (len(item.text) + sum(len(r.text) for r in item.records or ()))
    return 0


def _batches(items: Sequence[Item], workers: int) -> list[list[Item]]:
    """Consecutive inputs in tasks of about total / (workers * TASKS_PER_WORKER) bytes."""
    total = sum(_size(i) for i in items)
    target = min(MAX_TASK_BYTES, max(MIN_TASK_BYTES, total // (workers * TASKS_PER_WORKER)))
    batches: list[list[Item]] = []
    current: list[Item] = []
    size = 0
    for item in items:
        current.append(item)
        size += _size(item)
        if size >= target or len(current) >= MAX_TASK_INPUTS:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


def _outcomes(future: Any, batch: list[Item], address: str, timeout: float) -> list[Outcome]:
    """A task's outcomes; its inputs' failures when the task itself failed."""
    from asyncio import CancelledError

    from distributed import KilledWorker

    try:
        got: list[Outcome] = future.result(timeout=timeout)
        return got
    except KilledWorker:
        return [(Failure(_name(i), "a Dask worker died on it, each time it was tried (out of memory?); "
                         "try it without --dask"), False, None) for i in batch]  # fmt: skip
    except TimeoutError:
        raise DigestError(f"the Dask cluster at {address} did not answer within {timeout:g} s: no result came "
                          "back; check its workers, or allow more with --dask-timeout") from None  # fmt: skip
    except CancelledError as exc:  # the scheduler went away
        raise DigestError(f"the Dask cluster at {address} stopped answering ({_why(exc)}); check that its "
                          "scheduler runs, and try again") from None  # fmt: skip
    except Exception as exc:  # a worker cannot run digest
        raise DigestError(f"the Dask cluster at {address} could not run the work ({_why(exc)}); check that its "
                          "workers have digest installed (pip install 'digest[dask]')") from None  # fmt: skip
    finally:
        future.release()


def _name(item: Item) -> str:
    from digest.textsafe import safe_name

    if isinstance(item, FileRef):
        return safe_name(item.path)
    return item.name if isinstance(item, Source) else item.source


def _why(exc: BaseException) -> str:
    from digest.textsafe import one_line

    return one_line(str(exc) or type(exc).__name__)


def _notify(on_done: Callable[[str], None] | None, name: str) -> None:
    if on_done is not None:
        on_done(name)


def _work(
    batch: list[Item],
    mode: str,
    options: SummaryOptions,
    encoding: str | None,
    prepare: Callable[[DocumentResult], Any] | None,
) -> list[Outcome]:
    """On a worker: every input of a batch read, parsed and summarized, in order."""
    from digest.load import read
    from digest.pipeline import one

    out: list[Outcome] = []
    for ref in batch:
        for item in read(ref, encoding) if isinstance(ref, FileRef) else (ref,):
            value, after = one(item, mode, options)
            extra = None
            if prepare is not None and isinstance(value, DocumentResult):
                with contextlib.suppress(Exception):  # then the client prepares it
                    extra = prepare(value)
            out.append((value, after, extra))
    return out
