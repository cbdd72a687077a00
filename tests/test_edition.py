"""Which paper, day and page: read from file names, folders and mastheads, shown in headings."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest.cli import app
from digest.edition import date_in_name, edition_of

runner = CliRunner()
D = datetime.date


@pytest.mark.parametrize(
    ("name", "text", "paper", "date", "page", "date_from"),
    [
        ("jhwb/2024-03-01/A02.txt", "", None, D(2024, 3, 1), "A02", "folder name"),
        ("江海晚报/20240301/A2版.txt", "", "江海晚报", D(2024, 3, 1), "A2", "folder name"),
        ("江海晚报_20240301_A2.txt", "", "江海晚报", D(2024, 3, 1), "A2", "file name"),
        ("page.txt", "江海晚报 2024年3月1日 星期五 A2版\n\n新区建设提速\n", "江海晚报", D(2024, 3, 1), "A2", "text"),
        ("page.txt", "标题\n正文。\n《滨江日报》（2023年07月02日 01 版）\n", "滨江日报", D(2023, 7, 2), "01", "text"),
        ("2024-03-01.txt", "", None, D(2024, 3, 1), None, "file name"),
        ("seeds/000_ec62a4f18dae8dc6.txt", "王晖率队赴京考察\n", None, None, None, None),
        # a headline that only mentions a date is no masthead
        ("page.txt", "新规2024年3月1日起施行\n正文。\n", None, None, None, None),
        ("-", "滨江日报\n标题\n", "滨江日报", None, None, None),
    ],
)
def test_edition_of(name: str, text: str, paper: str | None, date: D | None, page: str | None,
                    date_from: str | None) -> None:  # fmt: skip
    got = edition_of(name, text)
    assert (got.paper, got.date, got.page, got.date_from) == (paper, date, page, date_from)


def test_an_impossible_date_in_a_name_is_no_date() -> None:
    assert date_in_name("2024-02-30") is None
    assert date_in_name("20241301") is None
    assert date_in_name("x_20240229") == D(2024, 2, 29)


PAGE = "新区建设提速\n\n晚报讯 新区今年完成道路建设三十公里，新建学校两所，惠及居民十万人。\n\n记者 王晓明\n"


def edition(tmp_path: Path) -> Path:
    folder = tmp_path / "江海晚报" / "2024-03-01"
    folder.mkdir(parents=True)
    (folder / "A01.txt").write_text(PAGE, encoding="utf-8")
    (folder / "A02.txt").write_text(PAGE.replace("新区", "老城"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "html"])
def test_headings_name_the_paper_date_and_page_not_the_file(tmp_path: Path, fmt: str) -> None:
    folder = edition(tmp_path)
    result = runner.invoke(app, ["summarize", str(folder), "-f", fmt])
    assert result.exit_code == 0, result.stderr
    assert "江海晚报 · 2024年3月1日 · A01版" in result.stdout
    assert "A01.txt" not in result.stdout
    daily = runner.invoke(app, ["daily", str(folder), "-f", fmt])
    assert "江海晚报 · 2024年3月1日" in daily.stdout and "A02版" in daily.stdout
    assert "A02.txt" not in daily.stdout


def test_a_file_that_says_nothing_is_headed_by_its_name(tmp_path: Path) -> None:
    page = tmp_path / "0f3a9c.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(page), "-f", "text"])
    assert "0f3a9c.txt" in result.stdout


def test_json_carries_paper_date_and_page(tmp_path: Path) -> None:
    folder = edition(tmp_path)
    doc = json.loads(runner.invoke(app, ["articles", str(folder), "-f", "json"]).stdout)["documents"][0]
    assert (doc["paper"], doc["date"], doc["page"]) == ("江海晚报", "2024-03-01", "A01")
    daily = json.loads(runner.invoke(app, ["daily", str(folder), "-f", "json"]).stdout)
    assert (daily["edition"]["paper"], daily["edition"]["date"]) == ("江海晚报", "2024-03-01")
    assert [p["label"] for p in daily["pages"]] == ["A01版", "A02版"]


def test_a_daily_digest_always_shows_a_date(tmp_path: Path) -> None:
    page = tmp_path / "0f3a9c.txt"
    page.write_text(PAGE, encoding="utf-8")
    today = datetime.date.today()
    for fmt in ("html", "text", "markdown", "rich"):
        out = runner.invoke(app, ["daily", str(page), "-f", fmt]).stdout
        assert f"生成于{today.year}年{today.month}月{today.day}日" in out, fmt
    dated = runner.invoke(app, ["daily", str(edition(tmp_path)), "-f", "html"]).stdout
    assert "2024年3月1日" in dated and "生成于" not in dated
