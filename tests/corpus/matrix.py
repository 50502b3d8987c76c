"""The generated document corpus (生成文档语料): a matrix of optional elements.

Every format (文件, 信函, 讲话, 纪要, 命令) of the generic ``document`` kind, and every
other registered kind, with the optional elements switched on and off: 份号/密级/
紧急程度, 发文字号 or none, 签发人, 主送 or none, 附件 0/1/3, 附注, 抄送 or none,
印章 modes (a seal picture included), joint organs, a long title, very short and
very long bodies, and text full of marks, quotes, digits and Latin letters.

The matrix is drawn deterministically (a seeded *balanced* design: each case takes,
for every factor, one of its least used levels so far), so a case id always names
the same document and ``xfail`` lists stay meaningful.  All text is written for
the project (fictional bodies: 示例市……).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from doctemplates.assemble import data_for_kind
from doctemplates.data import load_data
from doctemplates.kinds import available_kinds

__all__ = ["Case", "all_cases", "select"]

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEED = 9704
DOCUMENT_CASES_PER_FORMAT = 40
KIND_CASES = 10

ORGANS = ("示例市科学技术局", "示例市财政局", "示例市教育局")
SENTENCES = (
    "为进一步优化全市科技创新服务，推动科技政策落地见效，现就有关事项通知如下。",
    "各单位要提高认识、加强领导，结合实际制定具体措施，确保各项任务按时完成。",
    "对工作中遇到的新情况、新问题，要及时研究解决；重大事项要及时请示报告。",
    "全年组织成果对接活动二十余场，技术合同成交额较上年增长两成以上！",
    "如何把政策红利转化为发展动力？关键在于抓落实、见实效、惠企业。",
    "请于2027年3月31日前将工作进展报送局办公室（联系电话：0000-12345678）。",
    "支持企业建设“研发中心”，对认定的市级平台给予一次性补助50万元。",
    "依据《示例市科技创新促进条例》第十二条，建立健全科技项目评审专家库。",
    "专项行动分三个阶段：动员部署、集中推进、总结评估——每个阶段都有明确目标……",
    "项目资金实行专账管理，单独核算，专款专用，任何单位不得截留、挤占、挪用。",
)
#: Marks, brackets, quotes, digits, Latin letters and XML specials in one paragraph.
MIXED = (
    "统计口径：R&D经费投入强度达到2.85%，同比提高0.12个百分点；"
    "PCT国际专利申请<120>件，较上年（98件）增长22.4%；"
    "“揭榜挂帅”项目15项，‘赛马’项目8项，涉及AI、5G和新材料等领域。"
)
LONG_TITLE = (
    "示例市科学技术局示例市财政局关于进一步加强市级科技计划项目和资金管理"
    "推动科技创新服务提质增效若干措施的通知"
)


@dataclass(frozen=True)
class Case:
    """One generated document: its id, kind, data and the factor levels that made it."""

    id: str
    kind: str
    data: dict[str, Any]
    levels: dict[str, str] = field(default_factory=dict)
    seal_picture: bool = False

    @property
    def format(self) -> str:
        return str(self.data.get("format", self.levels.get("format", "")))


def _balanced(
    rng: random.Random, factors: dict[str, Sequence[str]], count: int
) -> Iterator[dict[str, str]]:
    """``count`` level choices: for each factor a least used level so far (random tie-break)."""
    used = {name: dict.fromkeys(levels, 0) for name, levels in factors.items()}
    for _ in range(count):
        choice = {}
        for name, tally in used.items():
            low = min(tally.values())
            level = rng.choice([lv for lv, n in tally.items() if n == low])
            tally[level] += 1
            choice[name] = level
        yield choice


def _sentences(rng: random.Random, count: int) -> list[str]:
    return [rng.choice(SENTENCES) + rng.choice(SENTENCES) for _ in range(count)]


def _body(rng: random.Random, length: str, mixed: bool) -> list[dict[str, Any]]:
    if length == "short":
        return [{"paragraphs": ["特此通知。"]}]
    if length == "medium":
        body: list[dict[str, Any]] = [{"paragraphs": _sentences(rng, 1)}]
        body += [
            {"heading": "总体要求", "paragraphs": _sentences(rng, 2)},
            {
                "heading": "重点任务",
                "children": [
                    {"heading": "强化政策落实", "paragraphs": _sentences(rng, 1)},
                    {"heading": "规范项目管理", "run_in": True, "paragraphs": _sentences(rng, 1)},
                ],
            },
        ]
    else:  # long: several pages, four levels
        body = [{"paragraphs": _sentences(rng, 2)}]
        for heading in ("总体目标", "重点任务", "保障措施", "工作要求"):
            children = [
                {
                    "heading": f"{heading}之{n}",
                    "paragraphs": _sentences(rng, 2),
                    "children": [
                        {
                            "heading": f"细化措施{m}",
                            "run_in": True,
                            "paragraphs": _sentences(rng, 1),
                            "children": [
                                {
                                    "heading": "明确责任",
                                    "run_in": True,
                                    "paragraphs": _sentences(rng, 1),
                                }
                            ]
                            if m == 1
                            else [],
                        }
                        for m in (1, 2)
                    ],
                }
                for n in ("一", "二")
            ]
            body.append(
                {"heading": heading, "paragraphs": _sentences(rng, 1), "children": children}
            )
    if mixed:
        body.append({"paragraphs": [MIXED]})
    return body


DOCUMENT_FACTORS: dict[str, Sequence[str]] = {
    "marks": ("none", "copy+secret", "copy+secret+urgent", "urgent"),  # 份号/密级/紧急
    "number": ("yes", "no"),  # 发文字号
    "signers": ("0", "1", "2"),  # 签发人 (上行文)
    "recipients": ("none", "one", "many"),  # 主送
    "attachments": ("0", "1", "3"),  # 附件
    "note": ("no", "yes"),  # 附注
    "record": ("none", "cc+printer", "printer", "cc"),  # 版记
    "seal": ("seal", "none", "stamp", "picture"),  # 印章
    "organs": ("1", "2", "3"),  # 联合行文
    "title": ("normal", "long"),
    "body": ("short", "medium", "long"),
    "mixed": ("no", "yes"),  # marks, digits, Latin, XML specials
}


def _document(fmt: str, levels: dict[str, str], rng: random.Random) -> dict[str, Any]:
    organs = list(ORGANS[: int(levels["organs"])])
    data: dict[str, Any] = {
        "format": fmt,
        "organs": organs,
        "title": LONG_TITLE
        if levels["title"] == "long"
        else "示例市科学技术局关于开展科技服务提质增效行动的通知",
        "body": _body(rng, levels["body"], levels["mixed"] == "yes"),
        "signature": {"date": "2026-11-20", "seal_mode": "seal"},
    }
    marks = "" if fmt == "命令" else levels["marks"]  # a 令 has no lines 1–3 (§10.2)
    if fmt == "命令":
        data["order_number"] = rng.randint(1, 120)
    if "copy" in marks:
        data["copy_number"] = rng.randint(1, 999999)
    if "secret" in marks:
        data["classification"] = rng.choice(("秘密★1年", "机密★6个月", "机密"))
    if "urgent" in marks:
        data["urgency"] = rng.choice(("特急", "加急"))
    if levels["number"] == "yes" and fmt != "命令":
        data["doc_number"] = f"示科{'函' if fmt == '信函' else '发'}〔2026〕{rng.randint(1, 120)}号"
    if levels["signers"] != "0" and levels["number"] == "yes" and fmt != "命令":
        data["signers"] = ["王明远", "李思齐"][: int(levels["signers"])]
    if levels["recipients"] == "one":
        data["recipients"] = ["示例市人民政府"]
    elif levels["recipients"] == "many":
        data["recipients"] = [
            "各区科技局",
            "局机关各处室",
            "各直属单位",
            "各高新技术产业园区管委会",
        ]
    data["attachments"] = [
        {"title": f"科技服务提质增效行动任务清单（第{n}部分）", "paragraphs": _sentences(rng, 2)}
        for n in range(1, int(levels["attachments"]) + 1)
    ]
    if levels["note"] == "yes":
        data["note"] = "此件公开发布"
    record = levels["record"]
    if record != "none":
        data["record"] = {}
        if "cc" in record:
            data["record"]["cc"] = ["示例市人大常委会办公室", "示例市政协办公室"]
        if "printer" in record:
            data["record"].update(printer="示例市科学技术局办公室", print_date="2026-11-21")
    seal = levels["seal"]
    data["signature"]["seal_mode"] = "seal" if seal == "picture" else seal
    if seal == "stamp":
        data["signature"]["signer_title"] = "局长"
    if seal == "picture":
        data["signature"]["seal_image"] = "seal.png"
    if fmt == "讲话":
        data["speaker"] = "示例市科学技术局局长　王明远"
        data["speech_date"] = "2026-11-18"
        data["subtitle"] = "——在全市科技服务提质增效行动动员会上的讲话"
    if fmt == "纪要":
        data["attendance"] = [
            {"label": "出席", "names": ["王明远", "李思齐", "赵恒", "周立新"]},
            {"label": "请假", "names": ["陈一凡（出差）"]},
        ]
    return data


def _document_cases() -> list[Case]:
    cases = []
    for fmt in ("文件", "信函", "讲话", "纪要", "命令"):
        rng = random.Random(f"{SEED}-{fmt}")
        for n, levels in enumerate(_balanced(rng, DOCUMENT_FACTORS, DOCUMENT_CASES_PER_FORMAT)):
            data = _document(fmt, levels, rng)
            cases.append(
                Case(
                    f"document-{fmt}-{n:02d}",
                    "document",
                    data,
                    {"format": fmt, **levels},
                    seal_picture=levels["seal"] == "picture",
                )
            )
    return cases


# --- the other kinds: their sample, varied ---------------------------------------------

KIND_FACTORS: dict[str, Sequence[str]] = {
    "number": ("sample", "none"),
    "seal": ("seal", "none", "stamp"),
    "record": ("sample", "none", "cc"),
    "length": ("sample", "short", "long"),
}


def _lists(value: Any, change: Callable[[list[Any]], list[Any]]) -> Any:
    """Apply ``change`` to every list of texts or sections inside ``value``."""
    if isinstance(value, dict):
        return {k: _lists(v, change) for k, v in value.items()}
    if isinstance(value, list):
        items = [_lists(v, change) for v in value]
        texty = items and all(isinstance(v, str | dict) for v in items)
        return change(items) if texty else items
    return value


def _kind_data(sample: dict[str, Any], fields: set[str], levels: dict[str, str]) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    if levels["number"] == "none" and "doc_number" in fields:
        data.pop("doc_number", None)
    if "seal_mode" in fields:
        data["seal_mode"] = levels["seal"]
    if "record" in fields:
        if levels["record"] == "none":
            data.pop("record", None)
        elif levels["record"] == "cc":
            data["record"] = {"cc": ["示例市人大常委会办公室", "示例市政协提案委员会"]}
    # (phases carry dates that must not overlap: they keep the sample's)
    body_fields = {"opening", "guiding", "practices", "shortcomings", "next_steps", "sections",
                   "parts", "closing", "assessment", "problems", "suggestions", "safeguards",
                   "requirements", "contents"}  # fmt: skip
    for name in body_fields & fields & data.keys():
        if levels["length"] == "short":
            data[name] = _lists(data[name], lambda items: items[:1])
        elif levels["length"] == "long":
            data[name] = _lists(data[name], lambda items: items + items[-1:] * 2)
    return data


def _kind_cases() -> list[Case]:
    cases = []
    for name, kind in sorted(available_kinds().items()):
        if name == "document":
            continue
        sample_path = SAMPLES / f"{name}.yaml"
        sample = data_for_kind(kind, load_data(sample_path))
        fields = set(kind.model.model_fields)
        rng = random.Random(f"{SEED}-{name}")
        for n, levels in enumerate(_balanced(rng, KIND_FACTORS, KIND_CASES)):
            cases.append(Case(f"{name}-{n:02d}", name, _kind_data(sample, fields, levels), levels))
    return cases


def all_cases() -> list[Case]:
    """Every case of the corpus, in a fixed order."""
    return _document_cases() + _kind_cases()


def select(cases: Sequence[Case], count: int | None) -> list[Case]:
    """``count`` cases spread evenly over the corpus (every kind and format), or all."""
    if count is None or count >= len(cases):
        return list(cases)
    step = len(cases) / count
    return [cases[int(i * step)] for i in range(count)]
