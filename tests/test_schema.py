"""Every command's --format json output is valid against the schema the package ships."""

from __future__ import annotations

import json
import random
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from invented import GIVEN, SURNAMES, WORDS
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from digest.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(files("digest").joinpath("schema/output.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(loaded)
    return loaded


def validator(schema: dict[str, Any], name: str) -> Draft202012Validator:
    """The validator of one command's document ($defs/<name>), with the schema's $defs."""
    return Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"})


@pytest.fixture(scope="module")
def invented(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An invented edition: two pages and a JSONL file, nothing copied from real pages."""
    rng = random.Random(11)
    folder = tmp_path_factory.mktemp("edition")

    def sentence() -> str:
        return "，".join("".join(rng.choices(WORDS, k=rng.randint(2, 5))) for _ in range(rng.randint(1, 3))) + "。"

    for page in ("A01", "A02"):
        parts = []
        for _ in range(3):
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=2))
            parts.append("".join(rng.choices(WORDS, k=4)))
            parts.append(f"晚报讯 {''.join(sentence() for _ in range(4))}")
            parts.append("".join(sentence() for _ in range(3)))
            parts.append(f"记者 {name}")
        (folder / f"{page}.txt").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    with (folder / "feed.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"id": f"r{i}", "title": "".join(rng.choices(WORDS, k=3)),
                                 "text": "".join(sentence() for _ in range(5))}, ensure_ascii=False) + "\n")
    return folder


COMMANDS = {"summarize": "documents", "articles": "documents", "keywords": "documents", "daily": "daily"}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("where", ["seeds", "invented"])
def test_json_output_is_valid(schema: dict[str, Any], invented: Path, command: str, where: str) -> None:
    path = ROOT / "seeds" if where == "seeds" else invented
    result = runner.invoke(app, [command, str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    errors = sorted(validator(schema, COMMANDS[command]).iter_errors(document), key=str)
    assert not errors, errors[0]
    assert Draft202012Validator(schema).is_valid(document)


def test_the_schema_catches_a_wrong_shape(schema: dict[str, Any]) -> None:
    check = validator(schema, "documents")
    good = {"documents": [{"source": "a.txt", "articles": [
        {"id": "a/1", "kind": "news", "headline": [], "dateline": None, "authors": []}]}]}
    assert check.is_valid(good)
    bad = json.loads(json.dumps(good))
    bad["documents"][0]["articles"][0]["authors"] = "王晖"  # a string where a list belongs
    assert not check.is_valid(bad)
    del bad["documents"][0]["articles"][0]["kind"]
    assert not check.is_valid(bad)


def test_the_archive_commands_json_is_valid(schema: dict[str, Any], invented: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "archive.sqlite3")

    def valid(name: str, *args: str) -> dict[str, Any]:
        result = runner.invoke(app, [*args, "--db", db, "-f", "json", "-q"])
        assert result.exit_code == 0, result.stderr
        document: dict[str, Any] = json.loads(result.stdout)
        errors = sorted(validator(schema, name).iter_errors(document), key=str)
        assert not errors, errors[0]
        return document

    valid("archive_add", "archive", "add", str(ROOT / "seeds"), "--date", "2024-03-01")
    valid("archive_add", "archive", "add", str(invented), "--date", "2024-03-01")
    daily = valid("daily", "daily", str(ROOT / "seeds"), "--archive", "--date", "2024-03-02")
    assert all("seen" in a for p in daily["pages"] for a in p["articles"] if "duplicate_of" not in a)
    assert all(t["seen"]["date"] == "2024-03-01" for t in daily["top_stories"])
    assert valid("search", "search", "南通")["hits"]
    assert valid("trends", "trends", "--days", "2")["keywords"]
    assert valid("archive_info", "archive", "info")["articles"] > 0
