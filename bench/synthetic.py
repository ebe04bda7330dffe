"""Deterministic synthetic platforms for build benchmarks: N documents from ~30 organizations.

    make_platform(project, documents=10_000)        # a gongkai project
    make_hugo_site(project, hugo_dir)                # the same documents as a Hugo site

Titles and front matter come from pools written for this benchmark; they and the document shapes
look like a city's disclosure documents: notices with numbered headings, regulations with 第X条
articles, interpretations, work news, about 1,500 characters on average.  Sentences are drawn from
the 3,355 laws in ../shared/corpus when it is there, so that the vocabulary (and with it the work
of every search indexer) is as rich as real text; otherwise from a small pool written here.
"""

from __future__ import annotations

import random
import re
import tarfile
from datetime import date, timedelta
from pathlib import Path

import yaml

ORGS = [("fgw", "发展和改革委员会", "发"), ("jyj", "教育局", "教"), ("kjj", "科学技术局", "科"),
        ("gxj", "工业和信息化局", "工"), ("gaj", "公安局", "公"), ("mzj", "民政局", "民"), ("sfj", "司法局", "司"),
        ("czj", "财政局", "财"), ("rsj", "人力资源和社会保障局", "人社"), ("zrj", "自然资源局", "自然"),
        ("sthj", "生态环境局", "环"), ("zjj", "住房和城乡建设局", "建"), ("jtj", "交通运输局", "交"),
        ("swj", "水务局", "水"), ("nyj", "农业农村局", "农"), ("swuj", "商务局", "商"), ("wlj", "文化广电旅游局", "文旅"),
        ("wjw", "卫生健康委员会", "卫"), ("tyj", "退役军人事务局", "退"), ("yjj", "应急管理局", "应急"),
        ("sjj", "审计局", "审"), ("scj", "市场监督管理局", "市监"), ("tjj", "统计局", "统"), ("ybj", "医疗保障局", "医保"),
        ("lyj", "林业局", "林"), ("cgj", "城市管理局", "城管"), ("xfj", "信访局", "信"), ("tyu", "体育局", "体"),
        ("zwb", "政务服务管理局", "政服")]
ITEMS = [("xxgkzn", "政府信息公开", "政府信息公开指南", "指南"), ("xxgknb", "政府信息公开", "政府信息公开工作年度报告", "年报"),
         ("zcwj", "政策文件", "行政规范性文件", "法定主动公开内容"), ("zcjd", "政策文件", "政策解读", "法定主动公开内容"),
         ("tzgg", "工作动态", "通知公告", "法定主动公开内容"), ("gzdt", "工作动态", "工作动态", "法定主动公开内容"),
         ("czzj", "财政资金", "部门预决算", "法定主动公开内容"), ("tjsj", "统计信息", "统计数据", "法定主动公开内容")]
SUBJECTS = ["城乡居民", "中小企业", "困难群众", "高校毕业生", "农村集体经济组织", "个体工商户", "老年人", "残疾人", "退役军人",
            "外来务工人员", "社区居委会", "物业服务企业", "养老机构", "医疗机构", "学校", "公共文化场馆"]
TOPICS = ["最低生活保障", "住房保障", "就业创业补贴", "基本医疗保险", "义务教育招生", "安全生产检查", "生态环境保护",
          "城市道路维修", "农田水利建设", "食品安全抽检", "公共法律服务", "政务服务事项", "营商环境优化", "老旧小区改造",
          "公共交通线路调整", "森林防火", "全民健身设施", "统计调查", "财政资金使用", "信访事项办理"]
ACTIONS = ["进一步规范", "切实做好", "全面推进", "加快推动", "持续优化", "认真组织", "统筹开展", "依法加强"]
CLAUSES = ["各区县人民政府和有关部门要高度重视，明确责任分工，确保各项措施落到实处",
           "申请人可以通过政务服务网、窗口或者邮寄方式提交材料，承办机构应当在规定期限内作出答复",
           "所需资金由市、区两级财政按照现行体制分担，专款专用，任何单位和个人不得截留、挤占、挪用",
           "对符合条件的对象，自审核通过次月起按月发放，发放情况在村（社区）公示栏公示七日",
           "相关部门应当加强信息共享，避免重复提交材料，能够通过系统核验的不再要求群众提供证明",
           "本通知执行中遇到的问题，请及时向主管部门反映，由其会同有关单位研究解决",
           "监督检查中发现的问题，应当限期整改，整改情况纳入年度绩效考核",
           "各单位要做好政策宣传解读，及时回应社会关切，营造良好舆论氛围",
           "涉及群众切身利益的事项，应当公开征求意见，征求意见时间一般不少于三十日",
           "统计数据以正式公布数据为准，部分数据因四舍五入的原因存在总计与分项合计不等的情况"]
NUMERALS = "一二三四五六七八九十"


def cn(n: int) -> str:
    """1..99 in Chinese numerals."""
    if n <= 10:
        return "十" if n == 10 else NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def org_list(count: int) -> list[tuple[str, str, str]]:
    return [("szf", "人民政府", "府")] + ORGS[:count - 1]


def sentence_pool(corpus: Path | None) -> list[str]:
    """Sentences of the real laws (without their 第X条 labels), or [] when the corpus is absent."""
    if corpus is None or not corpus.exists():
        return []
    pool = []
    with tarfile.open(corpus) as tar:
        for member in tar:  # in archive order: reading a .tar.gz out of order rereads it
            if member.isfile() and member.name.endswith(".md"):
                body = tar.extractfile(member).read().decode("utf-8").split("---", 2)[-1]
                body = re.sub(r"第[零一二三四五六七八九十百千]+条\s*|#+[^\n]*|（[一二三四五六七八九十]+）", "", body)
                pool += [s.strip().rstrip("：；，、") + "。" for s in re.split(r"[。\n]", body) if 12 <= len(s.strip()) <= 90]
    return pool


def make_platform(project: Path, documents: int, orgs: int = 30, seed: int = 7,
                  pool: list[str] | None = None) -> list[Path]:
    """Write a gongkai project with `documents` documents; returns the document files."""
    rng = random.Random(seed)
    text = Text(rng, pool or [])
    chosen = org_list(orgs)
    portal_hosts = [o[0] for o in chosen[1:20]]
    own_sites = chosen[20:]
    (project / "catalogs").mkdir(parents=True, exist_ok=True)
    sites = [{"id": "portal", "title": "示例市人民政府", "kind": "portal", "org": "szf", "hosts": portal_hosts,
              "identity": _identity(1, "示例市人民政府办公室")}]
    sites += [{"id": org_id, "title": f"示例市{name}", "kind": "department", "org": org_id,
               "identity": _identity(n + 2, f"示例市{name}")} for n, (org_id, name, _) in enumerate(own_sites)]
    _dump(project / "platform.yaml", {"name": "示例市政府网站集约化平台（基准测试）",
                                      "base_url": "https://www.example.gov.cn/", "page_size": 20, "sites": sites})
    for n, (org_id, name, _) in enumerate(chosen):
        _dump(project / "catalogs" / f"{org_id}.yaml", {
            "org": {"id": org_id, "name": f"示例市{name}", "kind": "government" if org_id == "szf" else "department",
                    "code": f"{11400000 + n:08d}X", "offices": ["办公室", "政策法规科", "业务科"]},
            "items": [{"id": item_id, "l1": l1, "l2": l2, "time_limit": "信息形成或者变更之日起20个工作日内",
                       "office": "办公室", "section": section} for item_id, l1, l2, section in ITEMS]})
    start = date(2021, 1, 4)
    files = []
    for number in range(documents):
        org_id, name, short = chosen[number % len(chosen)]
        item_id = ITEMS[rng.randrange(len(ITEMS))][0]
        published = start + timedelta(days=rng.randrange(5 * 365))
        front, body = _document(rng, text, name, short, item_id, published, number)
        front.update(org=org_id, item=item_id)
        path = project / "content" / org_id / f"{published.year}" / f"d{number:06d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body,
                        encoding="utf-8")
        files.append(path)
    return files


def _document(rng: random.Random, text: Text, name: str, short: str, item_id: str, published: date,
              number: int) -> tuple[dict, str]:
    topic, subject = rng.choice(TOPICS), rng.choice(SUBJECTS)
    front: dict = {"written": (published - timedelta(days=rng.randrange(1, 9))).isoformat(),
                   "published": published.isoformat(), "type": "文件", "disclosure": "主动公开"}
    if item_id == "zcwj":
        front["title"] = f"示例市{name}关于{rng.choice(ACTIONS)}{subject}{topic}工作的若干规定"
        front["doc_number"] = f"示{short}规〔{published.year}〕{number % 97 + 1}号"
        front["category"] = "行政规范性文件"
        front["validity"] = "有效"
        chapters, article = [], 0
        for c in range(1, rng.randrange(3, 6)):
            chapter = f"## 第{cn(c)}章 {rng.choice(['总则', '申请和审核', '保障措施', '监督管理', '附则'])}\n\n"
            for _ in range(rng.randrange(3, 7)):
                article += 1
                chapter += f"第{cn(article)}条 {text.sentence(topic, subject)}\n\n"
            chapters.append(chapter)
        body = "".join(chapters)
    elif item_id == "zcjd":
        front["title"] = f"《关于{rng.choice(ACTIONS)}{topic}工作的通知》政策解读"
        front["type"] = "解读"
        body = "".join(f"## {q}\n\n{text.paragraph(topic, subject)}\n\n"
                       for q in ("一、制定背景", "二、主要内容", "三、适用对象", "四、办理方式"))
    else:
        front["title"] = f"示例市{name}关于{rng.choice(ACTIONS)}{topic}的通知"
        body = f"各有关单位：\n\n{text.paragraph(topic, subject)}\n\n" + "".join(
            f"## {cn(h)}、{rng.choice(['工作目标', '主要任务', '实施步骤', '保障措施', '有关要求'])}\n\n"
            f"{text.paragraph(topic, subject)}\n\n" for h in range(1, rng.randrange(2, 5)))
    return front, body


class Text:
    """Sentences and paragraphs about one topic, from the law sentences or the written pool."""

    def __init__(self, rng: random.Random, pool: list[str]):
        self.rng, self.pool = rng, pool

    def sentence(self, topic: str, subject: str) -> str:
        if self.pool:
            return self.rng.choice(self.pool)
        return f"{self.rng.choice(ACTIONS)}{subject}{topic}工作，{self.rng.choice(CLAUSES)}。"

    def paragraph(self, topic: str, subject: str) -> str:
        return "".join(self.sentence(topic, subject) for _ in range(self.rng.randrange(2, 6)))


def _identity(n: int, sponsor: str) -> dict:
    return {"site_code": f"52990{n:05d}", "icp": f"示ICP备00000001号-{n}", "sponsor": sponsor,
            "contact": f"0851-8{n:03d}0000"}


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


HUGO_CONFIG = """baseURL = "https://www.example.gov.cn/"
languageCode = "zh-cn"
title = "示例市人民政府"
disableKinds = ["RSS"]
[pagination]
  pagerSize = 20
[taxonomies]
  org = "orgs"
  column = "columns"
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><a href="/">{{ .Site.Title }}</a></header><main data-pagefind-body>{{ block "main" . }}{{ end }}</main>
<footer>示例市人民政府办公室主办</footer></body></html>""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasNext }}<a href="{{ .Next.URL }}">下一页</a>{{ end }}{{ end }}{{ end }}""",
    "single.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.doc_number }} {{ .Date.Format "2006-01-02" }}</p>
{{ .Content }}{{ end }}""",
}


def make_hugo_site(project: Path, hugo_dir: Path) -> None:
    """The project's documents as a Hugo site: list and single templates, two taxonomies, pagination."""
    (hugo_dir / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (hugo_dir / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (hugo_dir / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    catalogs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (project / "catalogs").glob("*.yaml")]
    names = {c["org"]["id"]: c["org"]["name"] for c in catalogs}
    columns = {item["id"]: item["l2"] for c in catalogs for item in c["items"]}
    for source in sorted((project / "content").rglob("*.md")):
        _, front_text, body = source.read_text(encoding="utf-8").split("---", 2)
        front = yaml.safe_load(front_text)
        hugo_front = {"title": front["title"], "date": str(front["published"]), "doc_number": front.get("doc_number", ""),
                      "orgs": [names[front["org"]]], "columns": [columns[front["item"]]]}
        target = hugo_dir / "content" / "docs" / source.relative_to(project / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\n" + yaml.safe_dump(hugo_front, allow_unicode=True) + "---\n" + body, encoding="utf-8")
