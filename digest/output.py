"""Writing results: atomically to a file, so a failed run never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from digest.errors import OutputError


def write_atomic(path: str, data: str | Iterable[str], before_replace: Callable[[], None] | None = None) -> None:
    """Write `data` (a string, or its pieces as they are made) to `path` via a temporary file in
    the same folder and an atomic rename; if making a piece fails, nothing is replaced.

    `before_replace` is called once everything is written, right before the rename (the command
    line marks there that a stop signal comes too late: from the rename on, the previous file is
    gone, so a run may no longer say it left it).

    A symlink is followed (the file it points to is replaced, the link kept), and a
    device or FIFO (`-o /dev/stdout`) is written to directly: renaming over it would
    replace the device node itself.
    """
    payload = _encoded((data,) if isinstance(data, str) else data)
    target = Path(os.path.realpath(path))
    if _is_special(os.path.abspath(path)) or _is_special(str(target)):
        # /dev/stdout resolves to /proc/self/fd/1 and on to whatever the shell opened, maybe a
        # log file in `>> log`: renaming over it would replace the log. Append to it instead.
        _write_special(path, Path(path), payload)
        return
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write there ({exc.strerror or exc}); check the path") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a folder; give a file name for -o")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_special(path, target, payload)
        return
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        why = "the folder does not exist" if not folder.is_dir() else (exc.strerror or str(exc))
        raise OutputError(f"{path}: cannot write there ({why}); check the folder exists and is writable") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in payload:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o777 if st is not None else 0o666 & ~_umask())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, target)
    except BaseException as exc:  # interrupted or failed: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(
                f"{path}: cannot write ({exc.strerror or exc}); the previous file is unchanged"
            ) from None
        raise


def _is_special(path: str) -> bool:
    return path.startswith(("/dev/", "/proc/"))


def _encoded(pieces: Iterable[str]) -> Iterable[bytes]:
    return (piece.encode("utf-8", errors="replace") for piece in pieces)


def _write_special(path: str, target: Path, payload: Iterable[bytes]) -> None:
    try:
        with open(target, "ab") as fh:
            for piece in payload:
                fh.write(piece)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
