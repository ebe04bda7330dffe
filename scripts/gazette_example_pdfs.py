"""Write the example's placeholder gazette PDFs (gazette/<year>/*.pdf): a cover and the issue's
contents with a real Chinese text layer (reportlab's CID font STSong-Light, not embedded, so each
file stays a few KB).  Run after editing an issue of the example:
    python scripts/gazette_example_pdfs.py
Needs reportlab (a test dependency)."""

from pathlib import Path

import yaml
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent


def title_of(doc_id: str) -> str:
    path = ROOT / "content" / f"{doc_id}.md"
    if not path.is_file():
        path = ROOT / "content" / doc_id / "index.md"
    front = path.read_text(encoding="utf-8").split("---")[1]
    return yaml.safe_load(front)["title"]


def write(issue_file: Path, name: str) -> None:
    issue = yaml.load(issue_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    year = issue_file.parent.name
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    page = canvas.Canvas(str(issue_file.parent / issue["pdf"]), pagesize=A4, invariant=1, pageCompression=1)
    page.setTitle(f"{name}{year}年第{issue['issue']}期")
    page.setFont("STSong-Light", 30)
    page.drawCentredString(width / 2, height - 160, name)
    page.setFont("STSong-Light", 16)
    page.drawCentredString(width / 2, height - 210, f"{year}年第{issue['issue']}期（总第{issue['total']}期）")
    page.drawCentredString(width / 2, height - 240, f"{issue['date']} 出版")
    page.setFont("STSong-Light", 11)
    page.drawCentredString(width / 2, 80, "示例占位文件：正式公报以印刷版为准")
    page.showPage()
    page.setFont("STSong-Light", 18)
    page.drawCentredString(width / 2, height - 90, "目　　录")
    y, section = height - 130, None
    for entry in issue.get("contents", []):
        if entry["section"] != section:
            section = entry["section"]
            page.setFont("STSong-Light", 13)
            page.drawString(72, y, f"【{section}】")
            y -= 22
        title = entry.get("title") or title_of(entry["doc"])
        page.setFont("STSong-Light", 10.5)
        page.drawString(88, y, title[:44])
        page.drawRightString(width - 72, y, entry.get("page", ""))
        y -= 18
    page.showPage()
    page.save()


def main() -> None:
    name = yaml.safe_load((ROOT / "gazette" / "gazette.yaml").read_text(encoding="utf-8"))["title"]
    for issue_file in sorted((ROOT / "gazette").glob("*/*.yaml")):
        write(issue_file, name)


if __name__ == "__main__":
    main()
