"""`digest` and `python -m digest`: stop signals are handled from the first moment (digest.stopping
loads in a millisecond, the rest of the CLI in a tenth of a second), then the CLI runs."""

from __future__ import annotations


def main() -> None:
    from digest import stopping

    stopping.hold_closed_streams()
    stopping.handle()
    try:
        from digest.cli import run
    except BaseException as exc:  # stopped while the CLI was loading
        stopping.exit_if_stopped(exc)
        raise
    run()


if __name__ == "__main__":
    main()
