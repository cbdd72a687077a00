"""`digest` and `python -m digest`: stop signals are handled from the first moment (digest.stopping
loads in a millisecond, the rest of the CLI in a tenth of a second), then the CLI runs."""

from __future__ import annotations


def main() -> None:
    from digest import stopping
    from digest.errors import Terminated

    stopping.hold_closed_streams()
    stopping.handle()
    try:
        from digest.cli import run
    except BaseException as exc:  # stopped while the CLI was loading
        signum = exc.signum if isinstance(exc, Terminated) else stopping.stopped()
        if signum is None:
            raise
        # Whatever the stop broke on its way out is the stop: on Python 3.11 a stop inside a class
        # being built comes out as "RuntimeError: Error calling __set_name__", Terminated its cause.
        stopping.exit_stopped(signum)
    run()


if __name__ == "__main__":
    main()
