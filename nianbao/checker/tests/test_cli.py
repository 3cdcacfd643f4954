import json

import pytest

from nianbao.checker.cli import main
from nianbao.cli import main as nianbao_main

CLEAN = "第一章 人才培养\n1.1 学生发展\n学校专任教师600人。\n"
WRONG = "第一章 人才培养\n1.1 学生发展\n学校专任教师4300人，其中具有高级职称的2100人，占专任教师总数的41.20%。\n"


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


def test_exit_status_is_zero_without_errors_and_one_with_errors(write, capsys):
    # Framework 2020 names parts absent here too, so choose the kind-free check via JSON below.
    assert main([write("ok.txt", CLEAN)]) == 1  # missing framework parts are errors
    out = capsys.readouterr().out
    assert "【错误】" in out and "framework.missing_part" in out
    full = CLEAN + "".join(f"第{n}章 {t}\n" for n, t in zip("二三四五六七", ["服务贡献", "文化传承", "国际合作", "产教融合", "发展保障", "面临挑战"], strict=True))  # fmt: skip
    assert main([write("full.txt", full)]) == 0


def test_json_output_has_file_summary_and_findings(write, capsys):
    path = write("wrong.md", WRONG)
    assert main([path, "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["file"] == path
    assert out["summary"]["error"] == sum(1 for f in out["findings"] if f["severity"] == "error")
    finding = next(f for f in out["findings"] if f["code"] == "percent.mismatch")
    assert set(finding) == {"code", "severity", "message", "location", "excerpt", "values"}
    assert finding["values"] == ["2100人", "4300人", "41.20%"]
    assert finding["location"]["label"] == "第一章 人才培养 > 1.1 学生发展 · 第1段"
    assert finding["location"]["block"] == 2


def test_data_option_accepts_both_json_shapes(write, capsys):
    text = "学校获得年财政专项拨款5200.00万元。\n"
    flat = write("flat.json", json.dumps({"年财政专项拨款": 5000}))
    listed = write(
        "list.json",
        json.dumps({"indicators": [{"name": "年财政专项拨款", "unit": "万元", "value": 5000}]}),
    )
    for data in (flat, listed):
        main([write("r.txt", text), "--json", "--data", data])
        out = json.loads(capsys.readouterr().out)
        assert "data.mismatch" in [f["code"] for f in out["findings"]]


@pytest.mark.parametrize(
    "argv",
    [
        ["missing.txt"],
        ["r.xls"],
        ["r.txt", "--framework", "1999"],
        ["r.txt", "--data", "nope.json"],
        [],
    ],
)
def test_bad_input_exits_two_with_chinese_message(write, capsys, argv):
    write("r.xls", "x")
    write("r.txt", CLEAN)
    argv = [write(a, CLEAN) if a == "r.txt" else a for a in argv]
    argv = [str(write("r.xls", "x")) if a == "r.xls" else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err)


def test_top_level_dispatcher_runs_the_checker(write, capsys):
    assert nianbao_main(["check", write("w.txt", WRONG), "--json"]) == 1
    assert "percent.mismatch" in capsys.readouterr().out
