"""Notes for -v/--verbose: what a run did differently from usual, and why (no cache folder, so
everything is rebuilt; a terminal that cannot show Chinese). Never errors: a note is for a
person curious why a run was slow or looks different.

Library code calls `note`; only the CLI listens (and prints each note once, on stderr).
"""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[str], None] | None = None
_said: set[str] = set()


def note(message: str) -> None:
    """Pass `message` to the listener, once per process."""
    if _listener is not None and message not in _said:
        _said.add(message)
        _listener(message)


def listen(listener: Callable[[str], None] | None) -> None:
    global _listener
    _listener = listener
