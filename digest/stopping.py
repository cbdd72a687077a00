"""Stop signals: SIGTERM (a timeout, a service stopping), SIGINT (Ctrl-C) and SIGHUP (the terminal
or session went away) stop a command-line run, the same way each.

The first one raises `Terminated` in the main thread, which unwinds the run: workers are stopped,
no temporary file is left, the previous output stays as it was (digest.cli says so in one line and
exits with 128 + the signal's number). Every later one is ignored, so that a second signal can
never interrupt the cleanup of the first. Once the output is complete, a stop signal comes too
late to change anything and is ignored as well.

Only the command line installs these handlers (`handle`); a library user's process is left alone.
This module imports nothing heavy: the handlers are installed before the rest of the CLI loads.
"""

from __future__ import annotations

import signal
import sys
from typing import Any, NoReturn

from digest.errors import Terminated

NAMES = ("SIGTERM", "SIGINT", "SIGHUP")
SIGNALS = frozenset(getattr(signal, n) for n in NAMES if hasattr(signal, n))
_MESSAGES = {"SIGTERM": "terminated", "SIGINT": "interrupted", "SIGHUP": "hung up"}

_stopped: int | None = None  # the first stop signal received
_too_late = False  # the output is complete
_installed = False
_arrivals: int | None = None  # read end of a pipe: the signals' numbers, in the order they came


def _on_signal(signum: int, frame: Any) -> None:
    global _stopped
    # The handler stays installed and returns at once for any later signal: switching to SIG_IGN
    # here would make Python print "Signal 15 ignored due to race condition" for a signal that
    # arrived meanwhile.
    if _stopped is None and not _too_late:
        _stopped = _first_arrival(signum)
        raise Terminated(_stopped)


def _first_arrival(signum: int) -> int:
    """Python runs the handlers of signals that came together by number, not in order of arrival
    (SIGHUP before an earlier SIGTERM); the wakeup pipe has the order."""
    import os

    try:
        came = os.read(_arrivals, 512) if _arrivals is not None else b""
    except OSError:  # nothing there (EAGAIN)
        came = b""
    return came[0] if came and came[0] in SIGNALS else signum


def handle() -> None:
    """Install the handlers (the command line only)."""
    global _installed, _arrivals
    import os

    if _installed:
        return
    with _suppress():
        read, write = os.pipe()
        os.set_blocking(read, False)
        os.set_blocking(write, False)
        signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        _arrivals = read
    for signum in SIGNALS:
        signal.signal(signum, _on_signal)
    _quiet_when_unraisable()
    _installed = True


def _quiet_when_unraisable() -> None:
    """A handler that runs inside a finalizer or a weakref callback (importlib has some) raises
    where Python can only print the exception ("Exception ignored in: ... Traceback") and drop it.
    The stop is not lost (`check` raises it again); only that printout is left out."""
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Terminated):
            previous(unraisable)

    sys.unraisablehook = hook


def hold_closed_streams() -> None:
    """Started with stdin, stdout or stderr closed (`2>&-`; Python then sets sys.stderr to None),
    put /dev/null on that descriptor, so that nothing opened later (the pipe of `handle`, an
    input, the output's temporary file) gets its number and receives what is meant for the
    closed stream. Call it first."""
    import os

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                held = os.open(os.devnull, os.O_RDWR)
            except OSError:
                return
            if held != fd:  # a lower one was free after all
                os.close(held)


def _suppress() -> Any:
    import contextlib

    return contextlib.suppress(OSError, ValueError)  # no pipe; not the main thread


def stopped() -> int | None:
    """The stop signal received, if any."""
    return _stopped


def check() -> None:
    """Raise Terminated if a stop signal arrived, even one whose exception was swallowed on the
    way (Python prints and drops an exception raised inside a finalizer)."""
    if _stopped is not None:
        raise Terminated(_stopped)


def too_late() -> None:
    """The output is complete: from now on a stop signal changes nothing."""
    global _too_late
    _too_late = True


def ignore() -> None:
    """Ignore stop signals from now on, process-wide (on the way out: while Python shuts down it
    puts the default actions back, and a late SIGHUP would kill the process and replace its exit
    status)."""
    too_late()
    if _installed:
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


def outcome(signum: int) -> tuple[str, int]:
    """The line to print and the exit status for a run stopped by `signum`: 143, 130, 129."""
    try:
        name = signal.Signals(signum).name
    except ValueError:
        name = str(signum)
    return _MESSAGES.get(name, f"stopped by {name}"), 128 + signum


def exit_if_stopped(exc: BaseException) -> None:
    """Exit as `exit_stopped` does when `exc` is a stop or came once a stop signal arrived (what the
    stop broke on its way out: on Python 3.11 a stop inside a class being built comes out as
    "RuntimeError: Error calling __set_name__", Terminated its cause); else return."""
    signum = exc.signum if isinstance(exc, Terminated) else _stopped
    if signum is not None:
        exit_stopped(signum)


def exit_stopped(signum: int) -> NoReturn:
    """Say that the run was stopped, in one line on stderr, and exit with the signal's status."""
    message, code = outcome(signum)
    if sys.stderr is not None:
        sys.stderr.write(f"digest: error: {message}\n")
    ignore()
    sys.exit(code)
