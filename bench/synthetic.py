"""Deterministic synthetic projects for build benchmarks: a city platform of ~30 organizations, or a province.

    make_platform(project, documents=10_000)        # a gongkai project
    make_hugo_site(project, hugo_dir)                # the same documents as a Hugo site
    make_province(project, documents=100_000)        # a province, 10³ to 10⁶ documents on up to ~1,000 sites
    python bench/synthetic.py province --documents 100000 --out /tmp/prov100k

Titles and front matter come from pools written for this benchmark; they and the document shapes
look like a city's disclosure documents: notices with numbered headings, regulations with 第X条
articles, interpretations, work news, about 1,500 characters on average.  Sentences are drawn from
the 3,355 laws in ../shared/corpus when it is there, so that the vocabulary (and with it the work
of every search indexer) is as rich as real text; otherwise from a small pool written here.

The province (`province_shape` gives the figures for a size) has S sites, by default documents/1000
within 15..1000: a portal per government, the provincial one (site `sheng`) first; C = √S/1.5 cities
(2..21, sites `c01`…) and K = S·0.18 counties (2..9·C, at most 180; sites `c01-x01`…, in turn over
the cities); each government has departments (8..29 from ORGS, counties 4..16), and the remaining
S − 1 − C − K sites go to departments (the provincial n-th, then each city's n-th, for n = 1, 2, …,
then the counties'), the other departments being 专题 on their government's portal.  Every city
has six enterprises (water, power, gas, bus, a hospital, a school: 办事指南 with every element,
停供通知 with an outage, 公告; a service profile), all shown on the provincial portal
(`enterprises: true`).  Documents fall to organizations by weight: the provincial government 30,
a city's 12, a county's 3, a department a Pareto draw (α 1.16, at most 60; county ones × 0.4), an
enterprise 0.3–1.5, so a few organizations are big and most are small; every government has at
least one 规范性文件.  A government's columns (GOV_ITEMS) are 指南, 制度, 年报, 规范性文件 (5 %,
category 行政规范性文件, 8 % of them 失效), other policies (8 %), 解读 (5 %), 通知公告 (27 %, 1 % of
them 依申请公开), 工作动态 (40 %), 预决算 and 统计数据.  A 解读 explains a policy of its own
government (45 %), of the provincial government (15 %) or its own, published the same day.  `also`
shares 3–5 % of the documents: a department site's notices and 规范性文件 on its government's
portal, a city's or county's 规范性文件 in the provincial portal's 政策文件, a county's notices on
its city's portal, an enterprise's outage notices on its city's portal.  Dates: 2021–2025.

    documents  sites  portals  organizations  规范性文件  解读 (of another org's policy)  shared
    1,000      15     7        73             56          53 (16)                          35
    10,000     15     7        73             459         475 (184)                        269
    100,000    100    26       374            4,919       4,883 (2,533)                    ≈ 5,000
    1,000,000  1,000  202      3,846          ≈ 50,000    ≈ 50,000                         ≈ 40,000
"""

from __future__ import annotations

import argparse
import math
import random
import re
import tarfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
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
                  pool: list[str] | None = None, varied_layouts: bool = False) -> list[Path]:
    """Write a gongkai project with `documents` documents; returns the document files.
    `varied_layouts`: front matter laid out as clerks write it (`_varied_front_matter`)."""
    rng = random.Random(seed)
    layouts = random.Random(f"layouts-{seed}") if varied_layouts else None
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
        head = ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" if layouts is None
                else _varied_front_matter(front, layouts))
        path.write_text(head + body, encoding="utf-8")
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
        body = _regulation_body(rng, text, topic, subject)
    elif item_id == "zcjd":
        front["title"] = f"《关于{rng.choice(ACTIONS)}{topic}工作的通知》政策解读"
        front["type"] = "解读"
        body = _interpretation_body(rng, text, topic, subject)
    else:
        front["title"] = f"示例市{name}关于{rng.choice(ACTIONS)}{topic}的通知"
        body = _notice_body(rng, text, topic, subject)
    return front, body


def _regulation_body(rng: random.Random, text: Text, topic: str, subject: str) -> str:
    """Chapters (## 第X章) of numbered articles (第X条)."""
    chapters, article = [], 0
    for c in range(1, rng.randrange(3, 6)):
        chapter = f"## 第{cn(c)}章 {rng.choice(['总则', '申请和审核', '保障措施', '监督管理', '附则'])}\n\n"
        for _ in range(rng.randrange(3, 7)):
            article += 1
            chapter += f"第{cn(article)}条 {text.sentence(topic, subject)}\n\n"
        chapters.append(chapter)
    return "".join(chapters)


def _interpretation_body(rng: random.Random, text: Text, topic: str, subject: str) -> str:
    return "".join(f"## {q}\n\n{text.paragraph(topic, subject)}\n\n"
                   for q in ("一、制定背景", "二、主要内容", "三、适用对象", "四、办理方式"))


def _notice_body(rng: random.Random, text: Text, topic: str, subject: str) -> str:
    return f"各有关单位：\n\n{text.paragraph(topic, subject)}\n\n" + "".join(
        f"## {cn(h)}、{rng.choice(['工作目标', '主要任务', '实施步骤', '保障措施', '有关要求'])}\n\n"
        f"{text.paragraph(topic, subject)}\n\n" for h in range(1, rng.randrange(2, 5)))


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


# ---------------------------------------------------------------- a province

PROVINCE = "示例省"
CITY_CHARS, CITY_ENDS = "东西南北青云安临清平兴长宁江丰永瑞德华嘉海", "州阳江山川宁都溪"
COUNTY_CHARS, COUNTY_ENDS = "柳桃石松梅兰竹溪河源桥林泉峰岭湖坪塘湾沙", "水溪源河阳安平丰城江"
COUNTY_DEPTS = ["fgw", "jyj", "gaj", "mzj", "sfj", "czj", "rsj", "zrj", "zjj", "jtj", "nyj", "wjw", "scj", "yjj",
                "tjj", "ybj"]
# a government organization's columns: id, 一级事项, 二级事项, section, document type, share of its documents
GOV_ITEMS = [("xxgkzn", "政府信息公开", "政府信息公开指南", "指南", "其他", 0.5),
             ("xxgkzd", "政府信息公开", "政府信息公开制度", "制度", "其他", 0.3),
             ("xxgknb", "政府信息公开", "政府信息公开工作年度报告", "年报", "年报", 0.5),
             ("zcwj", "政策文件", "行政规范性文件", "法定主动公开内容", "文件", 5),
             ("qtwj", "政策文件", "其他政策文件", "法定主动公开内容", "文件", 8),
             ("zcjd", "政策文件", "政策解读", "法定主动公开内容", "解读", 5),
             ("tzgg", "工作动态", "通知公告", "法定主动公开内容", "公告", 27),
             ("gzdt", "工作动态", "工作动态", "法定主动公开内容", "动态", 40),
             ("czzj", "财政资金", "部门预决算", "法定主动公开内容", "报告", 6),
             ("tjsj", "统计信息", "统计数据", "法定主动公开内容", "统计数据", 7)]
ENTERPRISES = [("water", "自来水有限公司", "供水", "停水"), ("power", "供电局", "供电", "停电"),
               ("gas", "燃气有限公司", "供气", "停气"), ("bus", "公共交通集团有限公司", "公共交通", None),
               ("hosp", "第一人民医院", "卫生健康", None), ("school", "第一中学", "教育", None)]
ENTERPRISE_ITEMS = [("dwgk", "单位概况", "基本信息", "单位概况", None, 0), ("sfbz", "价格收费", "收费标准及依据", "收费标准", None, 0),
                    ("fwcn", "服务承诺", "服务承诺", "服务承诺", None, 0), ("bszn", "业务办理", "办事指南", None, "办事指南", 25),
                    ("tgxx", "停供信息", "停供和调整通知", None, "停供通知", 45), ("fwgg", "服务信息", "服务公告", None, "公告", 30)]
SERVICES = ["新装报装", "过户更名", "故障报修", "缴费查询", "预约挂号", "入学登记", "老年卡办理", "发票开具"]


@dataclass
class Org:
    id: str
    name: str       # full name, e.g. 东州市民政局
    short: str      # 发文字号 prefix, e.g. 东民
    kind: str       # government | department | enterprise
    gov: str        # the government of its level (itself for a government)
    portal: str     # the portal its documents are shared onto ("" if none: a department the portal hosts)
    weight: float   # its share of the documents
    sector: str | None = None
    outage: str | None = None  # 停水 / 停电 / 停气 for utilities


def province_shape(documents: int, sites: int | None = None) -> dict[str, int]:
    """How big each part of the province is for `documents` documents on `sites` sites."""
    sites = max(15, min(1000, sites or documents // 1000))
    cities = max(2, min(21, round(math.sqrt(sites) / 1.5)))
    counties = max(2, min(9 * cities, round(sites * 0.18), 180))
    return {"sites": sites, "cities": cities, "counties": counties,
            "departments": max(8, min(29, sites // 10 + 8)), "county_departments": max(4, min(16, sites // 20 + 4))}


def make_province(project: Path, documents: int, sites: int | None = None, seed: int = 7,
                  corpus: Path | list[str] | None = None, varied_layouts: bool = False) -> dict[str, int]:
    """Write a province (see the module's docstring) with `documents` documents on about `sites`
    sites (default documents/1000, within 15..1000); `corpus`: the laws archive or its sentences
    (sentence_pool); `varied_layouts`: front matter laid out as clerks write it (`_varied_front_matter`).
    Returns the figures of what was written."""
    rng = random.Random(seed)
    shape = province_shape(documents, sites)
    text = Text(rng, corpus if isinstance(corpus, list) else sentence_pool(corpus))
    orgs, site_list = _province_orgs(rng, shape)
    project.mkdir(parents=True, exist_ok=True)
    _dump(project / "platform.yaml", {"name": f"{PROVINCE}政府网站集约化平台（基准测试）",
                                      "base_url": "https://www.example.gov.cn/", "page_size": 20, "sites": site_list})
    (project / "catalogs").mkdir(exist_ok=True)
    for n, org in enumerate(orgs):
        _dump(project / "catalogs" / f"{org.id}.yaml", _province_catalog(org, n))
    plan = _plan_documents(rng, orgs, documents)
    layouts = random.Random(f"layouts-{seed}") if varied_layouts else None
    shares = _write_documents(rng, text, project, orgs, plan, {s["id"] for s in site_list}, layouts)
    return {"documents": documents, "sites": len(site_list), "organizations": len(orgs),
            "portals": sum(s["kind"] == "portal" for s in site_list), **shares}


def _province_orgs(rng: random.Random, shape: dict[str, int]) -> tuple[list[Org], list[dict]]:
    """The organizations, governments first, and the sites: a portal per government, then the
    departments with a site of their own (provincial ones first, then the cities' and the counties'
    in turn) until `shape["sites"]`; the other departments are hosted by their government's portal."""
    orgs: list[Org] = []
    governments: list[tuple[Org, list[Org]]] = []  # each government with its departments

    def government(org_id: str, place: str, short: str, portal: str, weight: float, depts: list[tuple], level: str):
        gov = Org(org_id, f"{place}人民政府", f"{short}府", "government", org_id, portal, weight)
        scale = 0.4 if level == "x" else 1.0
        members = [Org(f"{org_id}-{d}", f"{place}{name[:-1] + '厅' if level == 'p' and name.endswith('局') else name}",
                       short + abbr, "department", org_id, org_id, min(rng.paretovariate(1.16), 60.0) * scale)
                   for d, name, abbr in depts]
        orgs.append(gov)
        orgs.extend(members)
        governments.append((gov, members))

    government("sheng", PROVINCE, "示", "sheng", 30.0, ORGS[:shape["departments"]], "p")
    cities = [CITY_CHARS[i % len(CITY_CHARS)] + CITY_ENDS[i // len(CITY_CHARS) % len(CITY_ENDS)]
              for i in range(shape["cities"])]
    for c, city in enumerate(cities, 1):
        government(f"c{c:02d}", f"{city}市", city[0], f"c{c:02d}", 12.0, ORGS[:shape["departments"]], "c")
    county_depts = [o for o in ORGS if o[0] in COUNTY_DEPTS][:shape["county_departments"]]
    for k in range(shape["counties"]):
        c = k % shape["cities"] + 1
        name = COUNTY_CHARS[k % len(COUNTY_CHARS)] + COUNTY_ENDS[k // len(COUNTY_CHARS) % len(COUNTY_ENDS)]
        government(f"c{c:02d}-x{k // shape['cities'] + 1:02d}", f"{cities[c - 1]}市{name}县", name[0] + "县",
                   f"c{c:02d}", 3.0, county_depts, "x")
    for c, city in enumerate(cities, 1):
        orgs += [Org(f"c{c:02d}-{e}", f"{city}市{name}", city[0] + sector[-1], "enterprise", f"c{c:02d}", f"c{c:02d}",
                     rng.uniform(0.3, 1.5), sector, outage) for e, name, sector, outage in ENTERPRISES]
    # department sites: the n-th department of every government in turn (provincial, cities', counties')
    budget = shape["sites"] - len(governments)
    turns = sorted(((n, g) for g, (_, members) in enumerate(governments) for n in range(len(members))),
                   key=lambda t: (t[1] > shape["cities"], t[0], t[1]))
    own = {governments[g][1][n].id for n, g in turns[:max(0, budget)]}
    sites = []
    for gov, members in governments:
        sites.append({"id": gov.id, "title": gov.name, "kind": "portal", "org": gov.id,
                      "hosts": [m.id for m in members if m.id not in own], "enterprises": gov.id == "sheng",
                      # the provincial portal lists the province's whole library (一网通查), linking to each
                      # document's own site rather than copying it; the others hold their own
                      "library_scope": "linked" if gov.id == "sheng" else "own",
                      "identity": _identity(len(sites) + 1, gov.name + ("办公厅" if gov.id == "sheng" else "办公室"))})
    for gov, members in governments:
        for m in members:
            if m.id in own:
                sites.append({"id": m.id, "title": m.name, "kind": "department", "org": m.id,
                              "identity": _identity(len(sites) + 1, m.name)})
            else:
                m.portal = ""  # hosted: already on its government's portal
    return orgs, sites


def _province_catalog(org: Org, n: int) -> dict:
    enterprise = org.kind == "enterprise"
    offices = ["综合办公室", "客户服务中心", "营业部"] if enterprise else ["办公室", "政策法规科", "业务科"]
    catalog: dict = {"org": {"id": org.id, "name": org.name, "kind": org.kind, "code": f"{11500000 + n:08d}X",
                             "offices": offices, "address": f"{org.name[:3]}人民路{n % 300 + 1}号",
                             "phone": f"0851-8{n % 10000:04d}000"}}
    if enterprise:
        catalog["org"]["sector"] = org.sector
        catalog["org"]["service"] = {
            "hotline": f"0851-9{n % 10000:04d}00", "complaint": "12345政务服务热线",
            "outlets": [{"name": f"{place}营业厅", "address": f"{org.name[:3]}{place}区人民路{n % 90 + 1}号",
                         "hours": "周一至周六 8:30-17:30"} for place in ("城东", "城西")],
            "commitments": ["资料齐全的，受理后5个工作日内办结", "服务热线24小时受理，投诉3个工作日内回复"],
            "prices": [{"item": f"{org.sector}服务（居民）", "standard": "按物价部门核定标准执行"}]}
    items = ENTERPRISE_ITEMS if enterprise else GOV_ITEMS
    catalog["items"] = [{"id": item_id, "l1": l1, "l2": l2, "time_limit": "信息形成或者变更之日起20个工作日内",
                         "office": offices[0], **({"profile": part} if enterprise and part else {}),
                         **({} if enterprise else {"section": part})}
                        for item_id, l1, l2, part, _, _ in items]
    return catalog


def _plan_documents(rng: random.Random, orgs: list[Org], documents: int) -> list[tuple[int, int, int]]:
    """(organization, column, day) of each document: a 规范性文件 of every government first, then
    organizations drawn by weight and columns by their share; days from 2021-01-04 over five years."""
    governments = [n for n, org in enumerate(orgs) if org.kind == "government"]
    gov_column = [i for i, item in enumerate(GOV_ITEMS) if item[0] == "zcwj"][0]
    chosen = governments[:documents] + rng.choices(range(len(orgs)), cum_weights=list(
        accumulate(org.weight for org in orgs)), k=max(0, documents - len(governments)))
    columns = {kind: (list(range(len(items))), list(accumulate(item[5] for item in items)))
               for kind, items in (("gov", GOV_ITEMS), ("enterprise", ENTERPRISE_ITEMS))}
    plan = []
    for number, org in enumerate(chosen):
        indexes, weights = columns["enterprise" if orgs[org].kind == "enterprise" else "gov"]
        column = gov_column if number < len(governments) else rng.choices(indexes, cum_weights=weights)[0]
        plan.append((org, column, rng.randrange(5 * 365)))
    return plan


def _write_documents(rng: random.Random, text: Text, project: Path, orgs: list[Org], plan: list[tuple[int, int, int]],
                     site_ids: set[str], layouts: random.Random | None) -> dict[str, int]:
    """Write every document; returns how many share (`also`) and interpret (解读) across organizations.
    With `layouts`, each front matter is laid out by `_varied_front_matter` drawing from it."""
    start = date(2021, 1, 4)
    index = {org.id: n for n, org in enumerate(orgs)}
    policies: dict[int, list[int]] = defaultdict(list)  # organization -> its policy documents (解读 targets)
    titles: dict[int, str] = {}
    for number, (org, column, day) in enumerate(plan):
        if orgs[org].kind != "enterprise" and GOV_ITEMS[column][0] in ("zcwj", "qtwj"):
            policies[org].append(number)
            titles[number] = (f"{orgs[org].name}关于{rng.choice(ACTIONS)}{rng.choice(SUBJECTS)}{rng.choice(TOPICS)}"
                              f"工作的{'若干规定' if GOV_ITEMS[column][0] == 'zcwj' else '实施意见'}")
    everything = [n for numbers in policies.values() for n in numbers]
    folders: set[Path] = set()
    counts = {"shared": 0, "interpretations": 0, "cross_interpretations": 0, "regulations": 0}
    sequence: dict[tuple[int, int, str], int] = defaultdict(int)
    for number, (org_n, column, day) in enumerate(plan):
        org = orgs[org_n]
        item_id, _, _, _, doc_type, _ = (ENTERPRISE_ITEMS if org.kind == "enterprise" else GOV_ITEMS)[column]
        if doc_type == "停供通知" and not org.outage:
            doc_type = "公告"  # a bus line's or a school's change of service
        topic, subject = rng.choice(TOPICS), rng.choice(SUBJECTS)
        front: dict = {"org": org.id, "item": item_id, "type": doc_type}
        target = None
        if item_id == "zcjd":  # explains a policy of its own, of its government or of the province
            pick = rng.random()
            source = index[org.gov] if pick < 0.45 else index["sheng"] if pick < 0.6 else org_n
            candidates = policies.get(source) or policies.get(org_n) or everything
            target = rng.choice(candidates) if candidates else None
            if target is not None:  # published with the policy, in the same year's folder
                day = plan[target][2]
                plan[number] = (org_n, column, day)
                front["title"] = f"《{titles[target]}》政策解读"
                counts["interpretations"] += 1
                counts["cross_interpretations"] += plan[target][0] != org_n
            else:
                front["title"] = f"{org.name}关于{topic}工作的政策解读"
        published = start + timedelta(days=day)
        written = published - timedelta(days=0 if target is not None else rng.randrange(1, 9))
        if item_id in ("zcwj", "qtwj"):
            front["title"] = titles[number]
            sequence[(org_n, published.year, item_id)] += 1
            front["doc_number"] = (f"{org.short}{'规' if item_id == 'zcwj' else '发'}〔{published.year}〕"
                                   f"{sequence[(org_n, published.year, item_id)]}号")
        elif "title" not in front:
            front["title"] = _province_title(rng, org, item_id, topic, published)
        front |= {"written": written, "published": published,
                  "disclosure": "依申请公开" if item_id == "tzgg" and rng.random() < 0.01 else "主动公开"}
        if item_id == "zcwj":
            counts["regulations"] += 1
            lapsed = rng.random() < 0.08
            front |= {"category": "行政规范性文件", "validity": "失效" if lapsed else "有效", "effective_from": published}
            if lapsed:
                front["effective_to"] = published + timedelta(days=365)
        if target is not None:
            front["interprets"] = [_province_doc_id(orgs, plan, target, start)]
        also = _also(rng, org, item_id, doc_type)
        if also and also[0].split("/")[0] in site_ids:
            front["also"] = also
            counts["shared"] += 1
        if doc_type == "停供通知":
            front["outage"] = {"start": f"{published + timedelta(days=2)} 22:00",
                               "end": f"{published + timedelta(days=3)} 06:00",
                               "area": f"{rng.choice(['城东', '城西', '城南', '城北'])}片区"}
        elif doc_type == "办事指南":
            front |= _guide_elements(org, rng.choice(SERVICES))
        if item_id == "zcwj":
            body = _regulation_body(rng, text, topic, subject)
        elif item_id == "zcjd":
            body = _interpretation_body(rng, text, topic, subject)
        else:
            body = _notice_body(rng, text, topic, subject)
        path = project / "content" / _province_doc_id(orgs, plan, number, start)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        head = _front_matter(front) if layouts is None else _varied_front_matter(front, layouts)
        path.with_suffix(".md").write_text(head + body, encoding="utf-8")
    return counts


def _province_doc_id(orgs: list[Org], plan: list[tuple[int, int, int]], number: int, start: date) -> str:
    org, _, day = plan[number]
    return f"{orgs[org].id}/{(start + timedelta(days=day)).year}/d{number:07d}"


def _province_title(rng: random.Random, org: Org, item_id: str, topic: str, published: date) -> str:
    year = published.year
    return {"xxgkzn": f"{org.name}政府信息公开指南（{year}年版）", "xxgkzd": f"{org.name}政府信息公开工作制度",
            "xxgknb": f"{org.name}{year - 1}年政府信息公开工作年度报告", "gzdt": f"{org.name}召开{topic}工作推进会",
            "czzj": f"{org.name}{year}年部门预算公开说明", "tjsj": f"{year}年{published.month}月{topic}统计数据",
            "bszn": f"{org.name}{topic}办事指南", "tgxx": f"{org.name}关于{published.month}月{published.day}日计划"
            f"{org.outage or '线路调整'}的通知", "fwgg": f"{org.name}关于{topic}服务调整的公告",
            }.get(item_id) or f"{org.name}关于{rng.choice(ACTIONS)}{topic}的通知"


def _also(rng: random.Random, org: Org, item_id: str, doc_type: str) -> list[str]:
    """Where a document is shared besides its own site: a department's notices and policies on its
    government's portal, a city's or county's 规范性文件 in the provincial portal's 政策文件, a county's
    notices on its city's portal, an enterprise's outage notices on its city's portal."""
    chance = rng.random()
    if org.kind == "department" and org.portal and item_id in ("tzgg", "gzdt", "zcwj") and chance < 0.2:
        return [org.portal if item_id != "zcwj" else f"{org.portal}/zcwj"]
    if org.kind == "government" and org.id != "sheng" and item_id == "zcwj" and chance < 0.5:
        return ["sheng/zcwj"]
    if org.kind == "government" and org.portal != org.id and item_id == "tzgg" and chance < 0.2:
        return [org.portal]
    if doc_type == "停供通知" and chance < 0.5:
        return [f"{org.portal}/tzgg"]
    return []


def _guide_elements(org: Org, service: str) -> dict:
    """The 办事指南 elements the inspection requires (REFERENCE §6)."""
    return {"service_name": service, "legal_basis": ["《供水、供气、供热等公共企事业单位信息公开实施办法》(建城规〔2021〕4号)"],
            "conditions": ["申请人为本单位服务范围内的用户"], "materials": ["申请表", "居民身份证或营业执照"],
            "steps": ["申请", "受理", "办结"], "processing_time": "5个工作日", "location": f"{org.name}各营业厅",
            "office_hours": "工作日 8:30-17:30", "consult_phone": "12345"}


def _front_matter(front: dict) -> str:
    """YAML front matter written directly (yaml.safe_dump per document is the slow part at 10⁶):
    strings double-quoted, with backslashes and quotes escaped (the pools hold no control characters)."""
    return "---\n" + "".join(f"{key}: {_scalar(value)}\n" for key, value in front.items()) + "---\n"


def _varied_front_matter(front: dict, rng: random.Random) -> str:
    """The front matter as clerks write it, so that nearly every document's layout (the lines and
    columns of its keys and values) is its own: optional keys or not (keywords, a summary on one
    line or folded over several), the title first or not, lists and mappings in block or flow
    style, comments and blank lines here and there, values aligned in a column or a key's value
    a few spaces after its colon.  Draws only from `rng`, so the documents' content is that of the
    default layout."""
    front = dict(front)
    if rng.random() < 0.3:  # written from a template that puts the title first
        front = {"title": front.pop("title"), **front}
    if rng.random() < 0.7:
        front["keywords"] = rng.sample(TOPICS + SUBJECTS, rng.randrange(1, 7))
    if rng.random() < 0.4:
        clauses = rng.sample(CLAUSES, rng.randrange(1, 5))
        front["summary"] = clauses[0] + "。" if len(clauses) == 1 else clauses
    align = max(map(len, front)) + 2 if rng.random() < 0.15 else 0
    lines = ["---"]
    if rng.random() < 0.3:
        lines.append(f"# {rng.choice(['起草', '校对', '审核', '联系人'])}：{rng.choice(ORGS)[1]}办公室")
    for key, value in front.items():
        if rng.random() < 0.25:
            lines.append(rng.choice(["", f"# {key}", "# 以下字段请勿删除"]))
        head = f"{key}:".ljust(align) if align else f"{key}:" + " " * (1 if rng.random() < 0.8 else rng.randrange(2, 4))
        if key == "summary" and isinstance(value, list):  # a folded paragraph over several lines
            lines += [f"{key}: >-"] + [f"  {clause}。" for clause in value]
        elif isinstance(value, (list, dict)) and value and rng.random() < 0.6:
            indent = rng.choice(["", "  "]) if isinstance(value, list) else "  "
            items = value if isinstance(value, list) else [f"{k}: {_scalar(v)}" for k, v in value.items()]
            lines += [f"{key}:"] + [f"{indent}- {_scalar(item)}" if isinstance(value, list) else f"{indent}{item}"
                                    for item in items]
        else:
            lines.append(head + _scalar(value))
    return "\n".join(lines) + "\n---\n"


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(map(_scalar, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_scalar(item)}" for key, item in value.items()) + "}"
    return str(value)  # dates, numbers


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "laws.tar.gz"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic gongkai project for benchmarks.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("province", "a province: portals, departments, counties, enterprises (make_province)"),
                            ("platform", "a city platform of ~30 organizations (make_platform)")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--documents", type=int, default=10_000)
        command.add_argument("--out", type=Path, required=True, help="the project folder to write")
        command.add_argument("--seed", type=int, default=7)
        command.add_argument("--corpus", type=Path, default=CORPUS,
                             help="laws archive the sentences come from (default: ../shared/corpus/laws.tar.gz)")
        command.add_argument("--varied-layouts", action="store_true",
                             help="lay out each front matter as clerks do (optional keys, block lists, comments)")
        if name == "province":
            command.add_argument("--sites", type=int, help="about how many sites (default documents/1000, 15..1000)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.command == "province":
        figures = make_province(args.out, args.documents, args.sites, args.seed, args.corpus, args.varied_layouts)
    else:
        make_platform(args.out, args.documents, seed=args.seed, pool=sentence_pool(args.corpus),
                      varied_layouts=args.varied_layouts)
        figures = {"documents": args.documents}
    print(", ".join(f"{key} {value:,}" for key, value in figures.items()),
          f"written to {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
