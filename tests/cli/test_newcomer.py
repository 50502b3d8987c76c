"""A newcomer's first afternoon: the seven most common mistakes (issue 18).

Watched at a desk with the README open, a new colleague typically

1. types the output name without ``-o``            (render document 通知.yaml 通知.docx)
2. names the 文种 instead of the kind              (render 通知 通知.yaml -o 通知.docx)
3. gets the data file's name slightly wrong        (通知.yml for 通知.yaml)
4. breaks the YAML: a colon inside a value          (附注: 联系人: 王明)
5. asks for Word's old format                      (-o 通知.doc)
6. types a date that does not exist                (成文日期 2026-11-31)
7. runs the same command twice                     (the .docx is already there)

Each ends with exactly one Chinese line that says what to do, a non-zero exit code
and nothing written; fixing what the line says makes the next step work.
"""

from __future__ import annotations

from pathlib import Path

from tests.cli.run import NOTICE, one_sentence, run

MISTAKES = [
    # (arguments, data file text or None to keep, exit code, what the line must tell)
    (["render", "document", "通知.yaml", "通知.docx"], None, 2, "请写成 --output 通知.docx"),
    (["render", "通知", "通知.yaml", "-o", "通知.docx"], None, 2, "通知请用通用公文 document"),
    (["render", "document", "通知.yml", "-o", "通知.docx"], None, 1, "是否想用 通知.yaml？"),
    (
        ["render", "document", "通知.yaml", "-o", "通知.docx"],
        NOTICE + "note: 联系人: 王明\n",
        1,
        "含冒号的文字请加引号",
    ),
    (
        ["render", "document", "通知.yaml", "-o", "通知.doc"],
        None,
        2,
        "输出文件应以 .docx、.pdf、.ofd 结尾",
    ),
    (
        ["render", "document", "通知.yaml", "-o", "通知.docx"],
        NOTICE.replace("2026-11-23", "2026-11-31"),
        1,
        "2026年11月没有31日",
    ),
]


def test_seven_common_mistakes_each_end_with_one_sentence_that_says_what_to_do(
    tmp_path: Path,
) -> None:
    data = tmp_path / "通知.yaml"
    data.write_text(NOTICE, encoding="utf-8")
    for args, text, code, advice in MISTAKES:
        if text is not None:
            data.write_text(text, encoding="utf-8")
        result = run(*args, cwd=tmp_path)
        assert result.code == code, (args, result.stderr)
        line = one_sentence(result)
        assert advice in line, (args, line)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["通知.yaml"], args
        data.write_text(NOTICE, encoding="utf-8")  # the fix
    # done right, then the seventh mistake: the same command again
    first = run("render", "document", "通知.yaml", "-o", "通知.docx", cwd=tmp_path)
    assert first.code == 0 and first.err_lines == ["已生成 通知.docx"]
    before = (tmp_path / "通知.docx").read_bytes()
    again = run("render", "document", "通知.yaml", "-o", "通知.docx", cwd=tmp_path)
    assert again.code == 1
    assert "如需覆盖请使用 --force" in one_sentence(again)
    assert (tmp_path / "通知.docx").read_bytes() == before
