"""Exceptions the library raises; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from typing import Any


class DigestError(Exception):
    """A problem with the user's input or options, explained in one line."""


class ConfigError(DigestError):
    """A broken config file, option value or file an option names: a usage error (exit 2),
    nothing was processed. (Also known as digest.options.ConfigError.)"""


class InputError(DigestError):
    """An input could not be read or decoded; the others are still processed.

    From `digest.process`: `failures` lists every input that failed (source, message) and
    `partial` holds the result of the others.
    """

    def __init__(
        self, source: str, message: str, failures: tuple[Any, ...] = (), partial: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.failures = failures
        self.partial = partial


class OutputError(DigestError):
    """The output could not be written; any previous output file is left as it was."""


class Terminated(BaseException):  # noqa: N818  (named for what happened, like KeyboardInterrupt)
    """The process was asked to stop (SIGTERM, SIGINT or SIGHUP: `signum`). Not an Exception:
    nothing may swallow it."""

    def __init__(self, signum: int = 15) -> None:
        super().__init__(signum)
        self.signum = signum


class ArchiveError(DigestError):
    """The archive cannot be opened, read or written: a foreign file, a newer schema, a full disk.

    The archive file is never changed when this is raised before a write began; a write that
    failed is rolled back whole.
    """
