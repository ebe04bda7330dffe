"""Every kind of bad input gets its diagnostic: exact code, position, Chinese message and hint."""

from __future__ import annotations

import pytest

from conftest import MZJ, PLATFORM, SZF, doc

# name: (files over BASE, expected text of all diagnostics, expected exit code)
CASES = {
    "yaml syntax in a catalog": (
        {"catalogs/mzj.yaml": MZJ.replace("  name: 测试市民政局", "  name: [测试市民政局")},
        'catalogs/mzj.yaml:3:9: 错误[E201]: YAML 语法错误：方括号列表没有闭合，缺少 "," 或 "]"\n'
        "  3 |   name: [测试市民政局\n"
        "    |         ^\n"
        "  提示: 检查缩进、冒号后的空格和引号是否成对", 1),
    "yaml syntax in front matter": (
        {"content/szf/notice.md": "---\ntitle: 通知\norg: szf\nitem zfwj\n---\n正文\n"},
        'content/szf/notice.md:4:1: 错误[E301]: 前置元数据（front matter）有误：YAML 语法错误：找不到应有的冒号 ":"\n'
        "  4 | item zfwj\n"
        "    | ^\n"
        "  提示: 前置元数据是文件开头两行 --- 之间的 YAML：检查缩进、冒号后的空格和引号是否成对", 1),
    "no front matter": (
        {"content/szf/notice.md": "正文\n"},
        "content/szf/notice.md:1:1: 错误[E301]: 前置元数据（front matter）有误：文件开头没有前置元数据（第一行应为 ---）\n"
        "  1 | 正文\n"
        "    | ^\n"
        "  提示: 前置元数据是文件开头两行 --- 之间的 YAML：检查缩进、冒号后的空格和引号是否成对", 1),
    "unknown key": (
        {"content/szf/notice.md": doc("通知", tittle="x")},
        'content/szf/notice.md:8:1: 错误[E304]: 未知字段 "tittle"\n'
        "  8 | tittle: x\n"
        "    | ^\n"
        '  提示: 是否应为 "title"？', 1),
    "missing key": (
        {"content/szf/notice.md": "---\ntitle: 通知\norg: szf\ntype: 文件\nwritten: 2025-05-06\npublished: 2025-05-20\n"
                                  "disclosure: 主动公开\n---\n正文\n"},
        'content/szf/notice.md:2:1: 错误[E305]: 缺少必填字段 "item"\n'
        "  2 | title: 通知\n"
        "    | ^\n"
        "  提示: 在前置元数据中添加 item: …", 1),
    "no disclosure decided": (
        {"content/szf/notice.md": "---\ntitle: 通知\norg: szf\nitem: zfwj\ntype: 文件\nwritten: 2025-05-06\n"
                                  "published: 2025-05-20\n---\n正文\n"},
        "content/szf/notice.md:2:1: 错误[E314]: 没有写明公开属性（disclosure），本文件不会发布\n"
        "  2 | title: 通知\n"
        "    | ^\n"
        "  提示: 由单位负责人确定后，在前置元数据中写上 disclosure: 主动公开、依申请公开 或 不予公开；公开属性不会自动默认为主动公开", 1),
    "bad enum value": (
        {"content/szf/notice.md": doc("通知", disclosure="主动公示")},
        'content/szf/notice.md:8:13: 错误[E306]: 字段 "disclosure" 的值 "主动公示" 无效：不是可选值之一\n'
        "  8 | disclosure: 主动公示\n"
        "    |             ^\n"
        '  提示: 是否应为 "主动公开"？', 1),
    "bad date": (
        {"content/szf/notice.md": doc("通知", published="2025-02-30")},
        'content/szf/notice.md:7:12: 错误[E307]: 字段 "published" 的日期 "2025-02-30" 无效\n'
        "  7 | published: 2025-02-30\n"
        "    |            ^\n"
        "  提示: 2025年没有2月30日：请核对日期，写成 YYYY-MM-DD", 1),
    "unknown organization": (
        {"content/szf/notice.md": doc("通知", org="szff")},
        'content/szf/notice.md:3:6: 错误[E303]: 组织 "szff" 不存在\n'
        "  3 | org: szff\n"
        "    |      ^\n"
        '  提示: 是否应为 "szf"？', 1),
    "unknown column": (
        {"content/mzj/dibao.md": doc("低保", org="mzj", item="dibao-polcy")},
        'content/mzj/dibao.md:4:7: 错误[E302]: 栏目 "dibao-polcy" 不存在于 catalogs/mzj.yaml\n'
        "  4 | item: dibao-polcy\n"
        "    |       ^\n"
        '  提示: 是否应为 "dibao-policy"？', 1),
    "another organization's column": (
        {"content/mzj/copied.md": doc("低保", org="mzj", item="zfwj")},
        'content/mzj/copied.md:4:7: 错误[E302]: 栏目 "zfwj" 不存在于 catalogs/mzj.yaml\n'
        "  4 | item: zfwj\n"
        "    |       ^\n"
        "  提示: “zfwj”是 catalogs/szf.yaml 的栏目：org 是否应为 szf？", 1),
    "unknown interpreted document": (
        {"content/szf/jd.md": doc("解读", item="zcjd", type="解读", interprets="[szf/notise]")},
        'content/szf/jd.md:8:14: 错误[E405]: 解读对象 "szf/notise" 不存在\n'
        "  8 | interprets: [szf/notise]\n"
        "    |              ^\n"
        '  提示: 是否应为 "szf/notice"？', 1),
    "unknown sharing target": (
        {"content/mzj/dibao.md": doc("低保", org="mzj", item="dibao-policy", also="[portl]")},
        'content/mzj/dibao.md:8:8: 错误[E406]: 共享位置 "portl" 不存在\n'
        "  8 | also: [portl]\n"
        "    |        ^\n"
        '  提示: 是否应为 "portal"？', 1),
    "duplicate document id": (
        {"content/szf/notice/index.md": doc("通知二")},
        'content/szf/notice.md:1:1: 错误[E401]: 文档编号 "szf/notice" 重复：content/szf/notice/index.md 也定义了它\n'
        "  1 | ---\n"
        "    | ^\n"
        "  提示: 同一文档只能是 szf/notice.md 或 szf/notice/index.md 之一", 1),
    "duplicate 索引号": (
        {"content/szf/a.md": doc("甲", index_no="000000001/2025-00007"),
         "content/szf/b.md": doc("乙", index_no="000000001/2025-00007")},
        'content/szf/b.md:8:11: 错误[E402]: 索引号 "000000001/2025-00007" 重复，content/szf/a.md 已使用\n'
        "  8 | index_no: 000000001/2025-00007\n"
        "    |           ^\n"
        "  提示: 索引号必须唯一；删除手写的 index_no 让系统自动编号", 1),
    "duplicate catalog item": (
        {"catalogs/szf.yaml": SZF + "  - id: zfwj\n    l1: 其他\n    l2: 其他\n    time_limit: 长期公开\n    office: 办公室\n"},
        'catalogs/szf.yaml:18:9: 错误[E206]: 事项编号 "zfwj" 重复，首次出现在第 8 行\n'
        "  18 |   - id: zfwj\n"
        "     |         ^\n"
        "  提示: 每个事项的 id 在本目录内必须唯一，它是栏目的路径", 1),
    "two sources for one URL": (
        {"content/notice.md": doc("另一个通知")},
        "content/szf/notice.md:3:6: 错误[E403]: 网址 portal/doc/notice/index.html 有两个来源：content/notice.md 与 content/szf/notice.md\n"
        "  3 | org: szf\n"
        "    |      ^\n"
        "  提示: 修改其中一个文件名或栏目编号", 1),
    "broken internal link": (
        {"content/szf/a.md": doc("甲", body="见[通知](notise.md)。")},
        'content/szf/a.md:10: 错误[E404]: 链接 "notise.md" 指向的文件不存在\n'
        "  10 | 见[通知](notise.md)。\n"
        '  提示: 是否应为 "notice.md"？链接写成相对于本文件的路径，例如 ../mzj/dibao-2025.md', 1),
    "link to a non-public document": (
        {"content/szf/secret.md": doc("纪要", disclosure="不予公开"), "content/szf/a.md": doc("甲", body="见[纪要](secret.md)。")},
        'content/szf/a.md:10: 错误[E407]: 链接 "secret.md" 指向不公开的文档 szf/secret\n'
        "  10 | 见[纪要](secret.md)。\n"
        "  提示: 不公开的文档不会发布；删除此链接，或改正其公开属性", 1),
    "template syntax error": (
        {"themes/default/templates/list.html": '{% extends "default:list.html" %}\n{% block content %}\n{{ page.title }\n{% endblock %}\n'},
        "themes/default/templates/list.html:3: 错误[E501]: 模板语法错误：unexpected '}'\n"
        "  3 | {{ page.title }\n"
        "  提示: 检查 {% … %} 与 {{ … }} 是否成对闭合", 1),
    "template runtime error": (
        {"themes/default/templates/list.html": '{% extends "default:list.html" %}\n{% block content %}\n<p>{{ page.no_such_field }}</p>\n{% endblock %}\n'},
        "themes/default/templates/list.html:3: 错误[E502]: 模板渲染错误：UndefinedError: 'generator.pages.Page object' "
        "has no attribute 'no_such_field'（渲染 portal/zfxxgk/fdzdgknr/zfwj/index.html 时）\n"
        "  3 | <p>{{ page.no_such_field }}</p>\n"
        "  提示: 检查模板中引用的变量名；可用变量见 docs/THEMES.md", 1),
    "unreadable 公开时限": (
        {"catalogs/mzj.yaml": MZJ.replace("制定或获取信息之日起10个工作日内", "尽快公开")},
        'catalogs/mzj.yaml:11:11: 错误[E205]: 无法识别公开时限 "尽快公开"\n'
        "  11 |     公开时限: 尽快公开\n"
        "     |               ^\n"
        '  提示: 请写成以下形式之一："信息形成或者变更之日起20个工作日内"、"制定或获取信息之日起10个工作日内"、'
        '"每年1月31日前"、"关联文件公开后3个工作日内"、"实时公开"、"长期公开"', 1),
    "发文字号 not in GB/T 9704 form": (
        {"content/szf/notice.md": doc("通知", doc_number="测府发[2025]第01号")},
        'content/szf/notice.md:8:13: 错误[E308]: 发文字号 "测府发[2025]第01号" 不符合 GB/T 9704 格式\n'
        "  8 | doc_number: 测府发[2025]第01号\n"
        "    |             ^\n"
        '  提示: 改为 "测府发〔2025〕1号"（GB/T 9704：六角括号〔〕，不加“第”，不编虚位）', 1),
    "unknown 主题分类": (
        {"content/szf/notice.md": doc("通知", topic="[综合政务, 政务公布]")},
        'content/szf/notice.md:8:8: 错误[E309]: 主题分类 "政务公布" 不在主题分类表中\n'
        "  8 | topic: [综合政务, 政务公布]\n"
        "    |        ^\n"
        '  提示: 是否应为 "政务公开"？', 1),
    "unknown key in platform.yaml": (
        {"platform.yaml": PLATFORM.replace("    hosts: [mzj]", "    hosts: [mzj]\n    colour: red")},
        'platform.yaml:9:5: 错误[E102]: 未知字段 "colour"\n'
        "  9 |     colour: red\n"
        "    |     ^\n"
        '  提示: 可用的字段有："description"、"enterprises"、"highlights"、"hosts"、"id"、"identity"、"kind"、"ledger"、"library_scope"、"offline_bundle"、"org"、"title" 等 13 项', 2),
    "unknown organization in platform.yaml": (
        {"platform.yaml": PLATFORM.replace("    hosts: [mzj]", "    hosts: [mzjj]")},
        'catalogs/mzj.yaml:2:7: 警告[W201]: 组织 "mzj" 没有在任何站点上发布\n'
        "  2 |   id: mzj\n"
        "    |       ^\n"
        "  提示: 把它设为某个站点的 org、加入门户的 hosts，或（企业）在门户上设 enterprises: true\n"
        'platform.yaml:8:13: 错误[E105]: 站点 "portal" 引用的组织 "mzjj" 不存在\n'
        "  8 |     hosts: [mzjj]\n"
        "    |             ^\n"
        '  提示: 是否应为 "mzj"？', 2),
    "unknown theme": (
        {"platform.yaml": PLATFORM.replace("sites:", "theme: citty\nsites:"),
         "themes/city/theme.yaml": "extends: default\n"},
        'platform.yaml:3:8: 错误[E108]: 主题 "citty" 不存在\n'
        "  3 | theme: citty\n"
        "    |        ^\n"
        "  提示: 可用的主题：city、default；项目自己的主题放在 themes/<名称>/，见 docs/THEMES.md", 2),
    "themes extending each other": (
        {"platform.yaml": PLATFORM.replace("sites:", "theme: a\nsites:"), "themes/a/theme.yaml": "extends: b\n",
         "themes/b/theme.yaml": "extends: a\n"},
        "themes/b/theme.yaml:1:10: 错误[E109]: 主题的继承关系成环：a → b → a\n"
        "  1 | extends: a\n"
        "    |          ^\n"
        "  提示: 检查这些主题 theme.yaml 中的 extends，最后应继承一个内置主题（如 default）", 2),
    "badge image not in the theme": (
        {"platform.yaml": PLATFORM + "      badge: {image: badge.svg, link: https://bszs.conac.cn/sitename?id=1}\n",
         "themes/default/static/badge.png": "png"},
        'platform.yaml:14:22: 错误[E110]: 党政机关网站标识图片 "badge.svg" 不在主题的 static 目录中\n'
        "  14 |       badge: {image: badge.svg, link: https://bszs.conac.cn/sitename?id=1}\n"
        "     |                      ^\n"
        "  提示: 把颁发的标识图片放到 themes/default/static/，或改正文件名", 2),
    "office not in the organization": (
        {"catalogs/mzj.yaml": MZJ.replace("公开主体: 社会救助科", "公开主体: 社会救组科")},
        'catalogs/mzj.yaml:12:11: 错误[E209]: 公开主体处室 "社会救组科" 不在本组织的 offices 中\n'
        "  12 |     公开主体: 社会救组科\n"
        "     |               ^\n"
        '  提示: 是否应为 "社会救助科"？', 1),
    "missing attachment": (
        {"content/szf/pkg/index.md": doc("附件文档", attachments="[{file: biao.cvs, title: 表}]"),
         "content/szf/pkg/biao.csv": "x"},
        'content/szf/pkg/index.md:8:22: 错误[E311]: 附件 "biao.cvs" 不存在\n'
        "  8 | attachments: [{file: biao.cvs, title: 表}]\n"
        "    |                      ^\n"
        '  提示: 把文件放进文档目录 content/szf/pkg/，或改正文件名；是否应为 "biao.csv"？', 1),
    "published before written": (
        {"content/szf/notice.md": doc("通知", published="2025-05-01")},
        "content/szf/notice.md:7:12: 错误[E310]: 发布日期 2025-05-01 早于成文日期 2025-05-06\n"
        "  7 | published: 2025-05-01\n"
        "    |            ^\n"
        "  提示: 检查 written 与 published 是否写反", 1),
    "full-width colon after a key": (
        {"content/szf/notice.md": doc("通知").replace("title: 通知", "title：通知")},
        "content/szf/notice.md:2:6: 错误[E301]: 前置元数据（front matter）有误：YAML 语法错误：“title”后面是全角冒号“：”，"
        "字段名和值之间要用英文冒号加空格“: ”\n"
        "  2 | title：通知\n"
        "    |      ^\n"
        "  提示: 前置元数据是文件开头两行 --- 之间的 YAML：检查缩进、冒号后的空格和引号是否成对", 1),
    "full-width space after a colon": (
        {"content/szf/notice.md": doc("通知").replace("org: szf", "org:\u3000szf")},
        "content/szf/notice.md:3:5: 错误[E301]: 前置元数据（front matter）有误：YAML 语法错误：这一行有全角空格“　”，"
        "缩进和冒号后的空格都要用半角空格\n"
        "  3 | org:\u3000szf\n"
        "    |     ^\n"
        "  提示: 前置元数据是文件开头两行 --- 之间的 YAML：检查缩进、冒号后的空格和引号是否成对", 1),
    "full-width space before a key": (
        {"content/szf/notice.md": doc("通知").replace("\norg: szf", "\n\u3000org: szf")},
        'content/szf/notice.md:2:1: 错误[E305]: 缺少必填字段 "org"\n'
        "  2 | title: 通知\n"
        "    | ^\n"
        "  提示: 在前置元数据中添加 org: …\n"
        'content/szf/notice.md:3:1: 错误[E304]: 未知字段 "\u3000org"\n'
        "  3 | \u3000org: szf\n"
        "    | ^\n"
        '  提示: 字段名里有全角空格“　”，缩进要用半角空格：改为 "org"', 1),
    "Chinese quotes around a value with a colon": (
        {"content/szf/notice.md": doc("通知").replace("title: 通知", "title: “关于: 通知”")},
        "content/szf/notice.md:2:8: 错误[E301]: 前置元数据（front matter）有误：YAML 语法错误：中文引号“”不能把值括起来："
        '值里有“: ”（冒号加空格）时，改用英文引号 "…" 把整个值括起来\n'
        "  2 | title: “关于: 通知”\n"
        "    |        ^\n"
        "  提示: 前置元数据是文件开头两行 --- 之间的 YAML：检查缩进、冒号后的空格和引号是否成对", 1),
    "a colon inside an unquoted value": (
        {"content/szf/notice.md": doc("通知").replace("title: 通知", "title: 关于印发: 通知")},
        "content/szf/notice.md:2:8: 错误[E301]: 前置元数据（front matter）有误：YAML 语法错误：值里有“: ”（冒号加空格），"
        'YAML 会把它当成新的字段：请用英文引号 "…" 把整个值括起来\n'
        "  2 | title: 关于印发: 通知\n"
        "    |        ^\n"
        "  提示: 前置元数据是文件开头两行 --- 之间的 YAML：检查缩进、冒号后的空格和引号是否成对", 1),
    "a topic's short name": (
        {"content/szf/notice.md": doc("通知", topic="[农业]")},
        'content/szf/notice.md:8:8: 错误[E309]: 主题分类 "农业" 不在主题分类表中\n'
        "  8 | topic: [农业]\n"
        "    |        ^\n"
        '  提示: 一级分类写全称：是否应为 "农业、林业、水利"？', 1),
    "a second-level topic alone": (
        {"content/szf/notice.md": doc("通知", topic="[社会福利]")},
        'content/szf/notice.md:8:8: 错误[E309]: 主题分类 "社会福利" 不在主题分类表中\n'
        "  8 | topic: [社会福利]\n"
        "    |        ^\n"
        "  提示: “社会福利”是二级分类，写成 [民政、扶贫、救灾, 社会福利]", 1),
    "a date written in Chinese": (
        {"content/szf/notice.md": doc("通知", published="2025年5月20日")},
        'content/szf/notice.md:7:12: 错误[E307]: 字段 "published" 的日期 "2025年5月20日" 无效\n'
        "  7 | published: 2025年5月20日\n"
        "    |            ^\n"
        "  提示: 改为 2025-05-20（日期写成 YYYY-MM-DD）", 1),
    "an organization's name for its id": (
        {"content/szf/notice.md": doc("通知", org="测试市人民政府")},
        'content/szf/notice.md:3:6: 错误[E306]: 字段 "org" 的值 "测试市人民政府" 无效：格式不符\n'
        "  3 | org: 测试市人民政府\n"
        "    |      ^\n"
        "  提示: 这里写单位编号（catalogs/ 下目录文件的文件名，如 mzj），不是单位名称", 1),
    "non-ASCII file name": (
        {"content/szf/通知.md": doc("通知")},
        'content/szf/通知.md:1:1: 错误[E312]: 文件路径 "szf/通知" 含有非 ASCII 字符\n'
        "  1 | ---\n"
        "    | ^\n"
        "  提示: 文件名和目录名只用小写字母、数字和连字符，它们就是网址，例如 dibao-2025.md", 1),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_input_is_reported_exactly(make_project, name):
    files, expected, exit_code = CASES[name]
    project = make_project(files)
    result = project.build(write=False)
    assert project.text(result) == expected
    assert result.exit_code == exit_code


def test_a_document_kind_is_understood_as_its_type(make_project):
    """通知, 意见, 办法 … are kinds of 公文 (文种): a document of that kind is a 文件."""
    project = make_project({"content/szf/notice.md": doc("关于做好防汛工作的通知", type="通知"),
                            "content/szf/rules.md": doc("示例市城市绿化管理办法", type="办法")})
    result = project.build()
    assert result.diagnostics == []
    entries = project.read("portal/zcwj/index.html")
    assert "关于做好防汛工作的通知" in entries and "示例市城市绿化管理办法" in entries


def test_all_problems_are_reported_at_once(make_project):
    project = make_project({
        "content/szf/a.md": doc("甲", tittle="x"),
        "content/szf/b.md": doc("乙", published="2025-13-01"),
        "content/mzj/c.md": doc("丙", org="mzj", item="nope"),
    })
    result = project.build(write=False)
    assert project.codes(result) == ["E302", "E304", "E307"]  # sorted by file: mzj/c, szf/a, szf/b


def test_a_broken_catalog_item_does_not_cascade(make_project):
    """One bad item is reported once; documents in the catalog's other columns still build."""
    broken = MZJ + "  - id: dibao-guide\n    l1: 最低生活保障\n    l2: 办事指南\n    time_limit: 尽快\n    office: 社会救助科\n"
    project = make_project({
        "catalogs/mzj.yaml": broken,
        "content/mzj/guide.md": doc("指南", org="mzj", item="dibao-guide", type="办事指南"),
        "content/mzj/policy.md": doc("政策", org="mzj", item="dibao-policy"),
    })
    result = project.build(write=False)
    assert project.codes(result) == ["E205"]


def test_missing_platform_yaml_is_a_config_error(make_project):
    project = make_project({"platform.yaml": None}, base=False)
    project.write("catalogs/szf.yaml", SZF)
    result = project.build()
    assert result.exit_code == 2
    assert project.text(result).startswith("platform.yaml: 错误[E100]: 找不到平台配置文件 platform.yaml")


def test_every_code_is_documented():
    from conftest import REPO
    from generator.diagnostics import MESSAGES

    documented = (REPO / "docs" / "ERRORS.md").read_text(encoding="utf-8")
    for code, (message, _) in MESSAGES.items():
        assert f"| {code} |" in documented, f"{code} missing from docs/ERRORS.md"
