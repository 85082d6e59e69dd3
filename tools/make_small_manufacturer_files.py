"""Write the Word, Excel and PDF evidence of examples/small-manufacturer (run once; the files are committed).

    python3 tools/make_small_manufacturer_files.py

The policy and the responsibilities are Word files whose headings are numbered by hand (一、 （一）),
as many Chinese organizations write them; the 2024 energy bills are an Excel ledger with a title row,
a merged header and a total row; the internal auditor's training certificate is a two-page PDF with a
text layer (needs a CJK font: fonts-wqy-zenhei). Dates inside the files are fixed so a rerun writes the
same content.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
from fpdf import FPDF

BUNDLE = Path(__file__).resolve().parent.parent / "examples" / "small-manufacturer"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
WHEN = dt.datetime(2024, 10, 8, 9, 0, 0)


def _doc() -> docx.Document:
    d = docx.Document()
    d.core_properties.author = "孝感明远精密机械有限公司"
    d.core_properties.created = WHEN
    d.core_properties.modified = WHEN
    d.core_properties.last_modified_by = "综合办公室"
    return d


def policy(path: Path) -> None:
    d = _doc()
    d.add_heading("孝感明远精密机械有限公司 碳管理方针", 1)
    d.add_paragraph("文件编号：MY-CMS-001　版本：A/0　发布日期：2024-10-08　批准：总经理 赵明远")
    d.add_paragraph("一、方针")
    d.add_paragraph("节能降碳，精益制造，人人参与，持续改进。")
    d.add_paragraph("二、承诺")
    for heading, text in [
        ("（一）合规", "遵守国家和湖北省节能、碳排放相关法律法规和客户的低碳要求，履行合规义务。"),
        ("（二）摸清排放", "逐步摸清本公司的碳排放，2025 年完成首次碳盘查。"),
        ("（三）降低排放", "优先采用高效电机、空压机余热回收和屋顶光伏等措施，降低单位产值碳排放，应对气候变化。"),
        ("（四）沟通", "将本方针传达到全体员工，并向客户和相关方公开。"),
    ]:
        d.add_paragraph(heading)
        d.add_paragraph(text)
    d.save(str(path))


def roles(path: Path) -> None:
    d = _doc()
    d.add_heading("碳管理工作职责", 1)
    d.add_paragraph("文件编号：MY-CMS-002　版本：A/0　发布日期：2024-10-08　批准：总经理 赵明远")
    d.add_paragraph("一、职责分工")
    rows = [("岗位", "职责"),
            ("总经理", "对碳管理体系的有效性负责，批准方针和资源"),
            ("管理者代表（生产副总 张琳）", "组织体系建设，向总经理报告进展"),
            ("设备动力科", "能源计量、用电和天然气数据收集"),
            ("综合办公室", "文件管理、培训和对外沟通")]
    table = d.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for r, (post, duty) in enumerate(rows):
        table.cell(r, 0).text = post
        table.cell(r, 1).text = duty
    d.save(str(path))


def energy_bills(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024年"
    ws.append(["孝感明远精密机械有限公司 2024年电费单和天然气结算单汇总"])
    ws.merge_cells("A1:E1")
    ws.append(["月份", "外购电力", None, "天然气", None])
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:E2")
    ws.append([None, "电量（kWh）", "电费（元）", "用量（m³）", "金额（元）"])
    power = [412_300, 356_800, 431_500, 428_900, 440_200, 452_700, 468_300, 471_900, 447_600, 439_100, 425_800, 418_400]
    gas = [18_400, 15_200, 17_900, 16_300, 15_800, 14_900, 14_200, 14_600, 15_300, 16_800, 18_200, 19_500]
    for m in range(12):
        ws.append([f"2024-{m + 1:02d}", power[m], round(power[m] * 0.68, 2), gas[m], round(gas[m] * 3.85, 2)])
    ws.append(["合计", sum(power), round(sum(power) * 0.68, 2), sum(gas), round(sum(gas) * 3.85, 2)])
    ws.column_dimensions["A"].width = 12
    wb.properties.created = WHEN
    wb.properties.modified = WHEN
    wb.save(str(path))


def certificate(path: Path) -> None:
    pdf = FPDF()
    pdf.set_creation_date(WHEN.replace(tzinfo=dt.timezone.utc))
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=20)
    pdf.add_page()
    pdf.cell(0, 20, "培训合格证书", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("wqy", size=12)
    for line in ["证书编号：HBCT-2024-1187",
                 "张琳 同志于 2024 年 11 月 18 日至 20 日参加碳管理体系内审员培训，",
                 "经考核合格，特发此证。",
                 "培训机构：湖北省碳管理培训中心（虚构）",
                 "发证日期：2024 年 11 月 20 日"]:
        pdf.multi_cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.cell(0, 12, "附页：培训内容", new_x="LMARGIN", new_y="NEXT")
    for line in ["1. 碳管理体系要求与术语", "2. 温室气体排放核算与报告", "3. 内部审核的策划、实施和报告", "4. 案例练习：审核发现与不符合项的编写"]:
        pdf.multi_cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def main() -> None:
    policy(BUNDLE / "docs" / "policy.docx")
    roles(BUNDLE / "docs" / "roles.docx")
    energy_bills(BUNDLE / "records" / "energy-bills-2024.xlsx")
    certificate(BUNDLE / "records" / "internal-auditor-certificate.pdf")


if __name__ == "__main__":
    main()
