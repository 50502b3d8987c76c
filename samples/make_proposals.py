"""Write samples/proposals.xlsx: fictional 政协提案 records for the proposal kinds.

Run: ``.venv/bin/python samples/make_proposals.py``.  The header row uses the
Chinese field titles of :class:`pingyi_docs.proposals.ProposalRecord`, so the
sheet reads back with :func:`pingyi_docs.proposals.read_records`.  All names
and titles are invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from pingyi_docs.proposals import ProposalRecord

__all__ = ["RECORDS", "write"]

OUT = Path(__file__).with_name("proposals.xlsx")
ASSIGNED = date(2026, 3, 20)  # 交办日期（交办会）

# (提案号, 案由, 提案人, 办理方式, 领域, 答复距交办天数 or None, 办理结果, 委员反馈)
RECORDS: list[tuple[int, str, str, str, str, int | None, str | None, str | None]] = [
    (3, "关于完善科技型中小企业梯次培育机制的建议", "周文博", "主办", "企业培育", 58, "A", "满意"),
    (
        7,
        "关于加大研发费用加计扣除政策宣传力度的建议",
        "民盟示例市委",
        "主办",
        "政策落实",
        61,
        "A",
        "满意",
    ),
    (9, "关于建设市级科研仪器共享平台的建议", "陈启航", "主办", "平台建设", 75, "B", "基本满意"),
    (12, "关于加快高校院所科技成果就地转化的建议", "许清和", "主办", "成果转化", 80, "B", "满意"),
    (
        15,
        "关于优化科技专项资金拨付流程的建议",
        "九三学社示例市委",
        "主办",
        "资金管理",
        66,
        "A",
        "满意",
    ),
    (18, "关于支持企业建设省级以上研发机构的建议", "韩晓岚", "协办", "平台建设", 45, None, None),
    (21, "关于培育专业化技术经纪人队伍的建议", "宋知远", "主办", "成果转化", 88, "B", "基本满意"),
    (24, "关于推动孵化器提质增效的建议", "唐一鸣", "主办", "创新载体", 70, "A", "满意"),
    (26, "关于加强青年科技人才引育的建议", "农工党示例市委", "分办", "人才引育", 84, "B", "满意"),
    (29, "关于建立科技金融风险补偿机制的建议", "孟书言", "协办", "科技金融", 52, None, None),
    (31, "关于推进产学研联合攻关的建议", "曹嘉禾", "主办", "成果转化", 90, "A", "满意"),
    (34, "关于提升众创空间专业服务能力的建议", "邓可心", "主办", "创新载体", 77, "B", "满意"),
    (
        36,
        "关于完善科技计划项目评审机制的建议",
        "致公党示例市委",
        "主办",
        "政策落实",
        95,
        "B",
        "基本满意",
    ),
    (39, "关于支持县域科技创新发展的建议", "冯若谷", "分办", "企业培育", 60, "C", "基本满意"),
    (41, "关于建设概念验证中心的建议", "潘静宜", "主办", "成果转化", 86, "C", "满意"),
    (44, "关于加强科技领域知识产权保护的建议", "袁立诚", "协办", "政策落实", 40, None, None),
    (47, "关于鼓励企业参与重大科技专项的建议", "蒋北辰", "主办", "企业培育", 72, "A", "满意"),
    (50, "关于推行科研经费包干制试点的建议", "民进示例市委", "主办", "资金管理", 81, "B", "满意"),
    (53, "关于完善高新技术企业认定服务的建议", "杜明川", "主办", "企业培育", 55, "A", "满意"),
    (55, "关于打造区域科技创新共同体的建议", "严可为", "分办", "平台建设", 99, "C", "不满意"),
    (58, "关于引进高端研发机构的建议", "卢星野", "主办", "平台建设", 83, "B", "满意"),
    (60, "关于加强科普基础设施建设的建议", "台盟示例市委", "协办", "科学普及", 63, None, None),
    (62, "关于开展中小学科技教育进校园活动的建议", "薛映雪", "主办", "科学普及", 67, "A", "满意"),
    (65, "关于优化科技创新券使用范围的建议", "方叙白", "主办", "政策落实", 74, "A", "满意"),
    (68, "关于推进企业数字化研发转型的建议", "石成蹊", "分办", "企业培育", 79, "B", "满意"),
    (70, "关于设立天使投资引导基金的建议", "贺青禾", "协办", "科技金融", 57, None, None),
    (73, "关于加快新型研发机构建设的建议", "邱望舒", "主办", "平台建设", 87, "B", "基本满意"),
    (76, "关于完善科技成果评价机制的建议", "顾怀瑾", "主办", "成果转化", 92, "C", "基本满意"),
    (79, "关于支持外籍科技人才来市创业的建议", "常远舟", "分办", "人才引育", 69, "B", "满意"),
    (82, "关于规范科技中介服务市场的建议", "夏明朗", "主办", "成果转化", 76, "A", "满意"),
    (85, "关于提升科技统计工作质量的建议", "钟楠", "主办", "政策落实", None, None, None),
    (88, "关于加强实验室安全管理的建议", "温知秋", "分办", "平台建设", 64, "A", "满意"),
]

FIELDS = (
    "number",
    "title",
    "proposer",
    "role",
    "field",
    "assigned",
    "replied",
    "category",
    "satisfaction",
    "lead_unit",
)
#: 协办提案的主办单位（虚构）
LEAD_UNIT = "示例市发展和改革委员会"


def _row(
    record: tuple[int, str, str, str, str, int | None, str | None, str | None],
) -> list[object]:
    number, title, proposer, role, field, days, category, satisfaction = record
    replied = ASSIGNED + timedelta(days=days) if days is not None else None
    lead = LEAD_UNIT if role == "协办" else None
    return [number, title, proposer, role, field, ASSIGNED, replied, category, satisfaction, lead]


def write(path: Path = OUT) -> Path:
    """Write the workbook (dates as date cells) and return its path."""
    book = Workbook()
    sheet = book.active
    sheet.title = "提案办理情况"
    sheet.append([ProposalRecord.model_fields[name].title for name in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in RECORDS:
        sheet.append(_row(record))
    for row in sheet.iter_rows(min_row=2):
        for cell in row[5:7]:
            cell.number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGHI", (8, 46, 16, 10, 12, 12, 12, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(path)
    return path


if __name__ == "__main__":
    print(write())
