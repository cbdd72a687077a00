"""The config file: found, validated, and overridden by command-line options."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest.cli import app
from digest.config import load_config
from digest.options import ConfigError, resolve

runner = CliRunner()
PAGE = "新区建成首座智慧公园\n晚报讯 本周六,新区首座智慧公园正式向市民开放。公园内设有步道和儿童乐园。\n"


@pytest.fixture(autouse=True)
def no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read the real user's config; start each test with none."""
    monkeypatch.delenv("DIGEST_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def opts(**kw: object) -> dict[str, object]:
    return {"paths": ["x.txt"], **kw}


def test_no_config_file_is_no_settings() -> None:
    assert load_config(None) == {}


def test_the_xdg_config_is_found(tmp_path: Path) -> None:
    folder = tmp_path / "xdg" / "digest"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('format = "json"\nsentences = 2\n', encoding="utf-8")
    assert load_config(None) == {"format": "json", "sentences": 2}


def test_digest_config_env_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_CONFIG", str(write(tmp_path, "keywords = 4\n", "mine.toml")))
    assert load_config(None) == {"keywords": 4}


def test_dashes_and_int_for_float_are_accepted(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "max-chars = 120\nratio = 1\n")) == {"max_chars": 120, "ratio": 1.0}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("format = \n", "not valid TOML"),
        ("colour = true\n", "unknown setting 'colour'"),
        ('sentences = "3"\n', "sentences must be a whole number"),
        ("quiet = 1\n", "quiet must be true or false"),
        ("keywords = true\n", "keywords must be a whole number"),
        ('format = "pdf"\n', "format must be one of"),
        ("sentences = 0\n", "sentences must be between 1"),
        ("width = 5\n", "width must be between 20"),
        ("ratio = 2.5\n", "ratio must be between"),
        ('encoding = "klingon"\n', "unknown encoding 'klingon'"),
    ],
)
def test_a_broken_setting_is_one_clear_error(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert problem in str(info.value) and str(path) in str(info.value)


def test_a_config_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes('format = "text"\n# 注释\n'.encode("gbk"))
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(path)


def test_a_folder_as_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path)


def test_an_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_options_override_config_and_config_overrides_defaults() -> None:
    s = resolve(opts(sentences=5, format=None), {"sentences": 2, "format": "markdown", "keywords": 3})
    assert (s.sentences, s.format, s.keywords, s.engine) == (5, "markdown", 3, "digest")
    assert s.summary_options().keywords == 3


def test_quiet_from_config_applies_when_the_flag_is_absent() -> None:
    assert resolve(opts(quiet=False), {"quiet": True}).quiet is True


def test_unknown_encoding_option_is_a_usage_error() -> None:
    with pytest.raises(ConfigError, match="unknown encoding 'nope'"):
        resolve(opts(encoding="nope"), {})


def test_stopwords_file_is_read(tmp_path: Path) -> None:
    words = write(tmp_path, "\ufeff# 注释\n公园\n\n  市民 \n", "stop.txt")
    assert resolve(opts(stopwords=words), {}).summary_options().stopwords == frozenset({"公园", "市民"})


def test_missing_stopwords_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="stopword file"):
        resolve(opts(stopwords=tmp_path / "none.txt"), {}).summary_options()


# --- through the command line ----------------------------------------------------------


def test_cli_broken_config_exits_2_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    page = write(tmp_path, PAGE, "page.txt")
    out = write(tmp_path, "previous\n", "out.txt")
    config = write(tmp_path, "sentences = [\n")
    result = runner.invoke(app, ["summarize", str(page), "--config", str(config), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_cli_config_format_is_used(tmp_path: Path) -> None:
    page = write(tmp_path, PAGE, "page.txt")
    config = write(tmp_path, 'format = "json"\n')
    result = runner.invoke(app, ["summarize", str(page), "--config", str(config)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{")
    result = runner.invoke(app, ["summarize", str(page), "--config", str(config), "-f", "text"])
    assert not result.stdout.startswith("{")
