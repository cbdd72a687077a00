"""Atomic output: a failed write leaves the previous file exactly as it was."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from digest.errors import OutputError
from digest.output import write_atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_utf8_and_replaces_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "digest.txt"
    out.write_text("旧的\n", encoding="utf-8")
    write_atomic(str(out), "新的摘要\n")
    assert out.read_bytes() == "新的摘要\n".encode()
    assert leftovers(tmp_path) == []


def test_keeps_the_previous_files_permissions(tmp_path: Path) -> None:
    out = tmp_path / "digest.txt"
    out.write_text("旧的\n", encoding="utf-8")
    out.chmod(0o640)
    write_atomic(str(out), "新\n")
    assert out.stat().st_mode & 0o777 == 0o640


def test_a_new_file_gets_the_umask_permissions_not_mkstemps_0600(tmp_path: Path) -> None:
    out = tmp_path / "new.txt"
    old = os.umask(0o022)
    try:
        write_atomic(str(out), "x\n")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        write_atomic(str(tmp_path / "no" / "such" / "out.txt"), "x")
    message = str(info.value)
    assert "out.txt" in message and "does not exist" in message and "\n" not in message


def test_a_folder_as_target_is_an_error_and_stays_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "dir"
    target.mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(str(target), "x")
    assert target.is_dir()


def test_read_only_folder_leaves_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root, chmod cannot make a folder read-only: refuse the temporary file instead.
    out = tmp_path / "digest.json"
    out.write_text("{}\n", encoding="utf-8")

    def refuse(*args: object, **kw: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="Permission denied"):
        write_atomic(str(out), "new")
    assert out.read_text(encoding="utf-8") == "{}\n"


def test_failed_rename_leaves_previous_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "digest.json"
    out.write_text("old\n", encoding="utf-8")

    def fail(*args: object, **kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match="previous file is unchanged"):
        write_atomic(str(out), "new\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_interrupt_during_write_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "digest.txt"
    out.write_text("old\n", encoding="utf-8")

    def interrupt(*args: object, **kw: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(str(out), "new\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_a_symlink_target_is_written_through_and_the_link_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.txt"
    link.symlink_to(real)
    write_atomic(str(link), "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


def test_a_device_is_written_to_not_replaced() -> None:
    # Renaming over /dev/null would replace the device node (we run as root).
    write_atomic("/dev/null", "摘要\n")
    assert Path("/dev/null").is_char_device()


def test_lone_surrogates_cannot_break_the_write(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    write_atomic(str(out), "a\ud800b")
    assert out.read_bytes() == b"a?b"


def test_dev_stdout_appends_to_a_log_file_instead_of_replacing_it(tmp_path: Path) -> None:
    # `digest ... -o /dev/stdout >> log`: /dev/stdout resolves to the log file itself.
    import subprocess
    import sys

    log = tmp_path / "cron.log"
    log.write_text("earlier run\n", encoding="utf-8")
    inode = log.stat().st_ino
    code = "from digest.output import write_atomic; write_atomic('/dev/stdout', '摘要\\n')"
    with open(log, "ab") as fh:
        subprocess.run([sys.executable, "-c", code], stdout=fh, check=True, timeout=60)
    assert log.read_text(encoding="utf-8") == "earlier run\n摘要\n"
    assert log.stat().st_ino == inode  # the same file, not a new one renamed over it


def test_pieces_are_written_as_they_come_and_a_failing_one_leaves_nothing(tmp_path: Path) -> None:
    """JSON output comes in pieces (one article each); none is held until the end."""
    out = tmp_path / "digest.json"
    out.write_text("昨天\n", encoding="utf-8")
    piece = "新" * 100_000  # well past any write buffer
    seen: list[int] = []

    def pieces(fail: bool) -> object:
        yield piece
        yield piece
        (tmp,) = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        seen.append(tmp.stat().st_size)  # the first two are on disk already
        if fail:
            raise ValueError("a bug while rendering")
        yield "完\n"

    with pytest.raises(ValueError):
        write_atomic(str(out), pieces(fail=True))  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8") == "昨天\n" and leftovers(tmp_path) == []
    write_atomic(str(out), pieces(fail=False))  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8") == piece * 2 + "完\n" and leftovers(tmp_path) == []
    assert seen[0] >= len(piece.encode()) and seen[1] >= len(piece.encode())
