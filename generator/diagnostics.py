"""Diagnostics: every problem found in a project, collected and printed like a compiler's.

All message texts live in MESSAGES below, one line per stable ASCII code, so the wording of a
problem is defined once and tests can assert it verbatim.  Codes are grouped:
E1xx platform.yaml, E2xx catalogs, E3xx documents, E4xx cross-references, E5xx templates,
E6xx output, W7xx the compliance ledger, E71x/E72x and W71x the 政府公报 (gazette/), E73x–E74x 政民互动 (W73x its
reply time limits), E75x/W75x 意见征集 (consultation/), E76x/W76x 一网通查 (library/federation.py: other
platforms' library.json), E77x–E78x and W77x the 依申请公开 register, cases
and annual reports, E79x/W79x the 政府网站工作年度报表 and the inspection self-check (site_report/), E8xx `gongkai import-doc`, E9xx records tables (data/);
warnings use W with the same grouping.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning"]

# code -> (message, hint).  Both are str.format templates over the values a reporter passes.
MESSAGES: dict[str, tuple[str, str | None]] = {
    # platform.yaml
    "E100": ("找不到平台配置文件 platform.yaml", "在项目根目录创建 platform.yaml，或用 gongkai new DIR 生成一个示例项目"),
    "E101": ("YAML 语法错误：{problem}", "检查缩进、冒号后的空格和引号是否成对"),
    "E102": ("未知字段 \"{key}\"", "{suggest}"),
    "E103": ("缺少必填字段 \"{key}\"", "在 {parent} 中添加 {key}: …"),
    "E104": ("字段 \"{key}\" 的值 {value} 无效：{reason}", "{suggest}"),
    "E105": ("站点 \"{site}\" 引用的组织 \"{org}\" 不存在", "{suggest}"),
    "E106": ("站点编号 \"{site}\" 重复", "每个站点的 id 必须唯一，它也是输出目录名"),
    "E107": ("组织 \"{org}\" 同时由多个门户托管：{sites}", "一个没有独立网站的部门只在一个门户上开设专题"),
    "E108": ("主题 \"{name}\" 不存在", "可用的主题：{available}；项目自己的主题放在 themes/<名称>/，见 docs/THEMES.md"),
    "E109": ("主题的继承关系成环：{chain}", "检查这些主题 theme.yaml 中的 extends，最后应继承一个内置主题（如 default）"),
    "E111": ("首页专栏“{title}”的栏目 \"{column}\" 不在本站", "写成 单位编号/事项编号，且该单位在本站显示（本站主办单位、专题或公共企事业单位）：{suggest}"),
    "E110": ("党政机关网站标识图片 \"{image}\" 不在主题的 static 目录中", "把颁发的标识图片放到 {folder}，或改正文件名"),
    # catalogs/<org>.yaml
    "E201": ("YAML 语法错误：{problem}", "检查缩进、冒号后的空格和引号是否成对"),
    "E202": ("未知字段 \"{key}\"", "{suggest}"),
    "E203": ("缺少必填字段 \"{key}\"", "在 {parent} 中添加 {key}: …"),
    "E204": ("字段 \"{key}\" 的值 {value} 无效：{reason}", "{suggest}"),
    "E205": ("无法识别公开时限 \"{value}\"",
             "请写成以下形式之一：\"信息形成或者变更之日起20个工作日内\"、\"制定或获取信息之日起10个工作日内\"、"
             "\"每年1月31日前\"、\"关联文件公开后3个工作日内\"、\"实时公开\"、\"长期公开\""),
    "E206": ("事项编号 \"{item}\" 重复，首次出现在第 {first_line} 行", "每个事项的 id 在本目录内必须唯一，它是栏目的路径"),
    "E207": ("组织编号 \"{org}\" 重复，已由 {other} 定义", "每个组织只写一个目录文件 catalogs/<id>.yaml"),
    "E208": ("目录文件名 \"{name}\" 与组织编号 \"{org}\" 不一致", "将文件改名为 catalogs/{org}.yaml，或修改 org.id"),
    "E209": ("公开主体处室 \"{office}\" 不在本组织的 offices 中", "{suggest}"),
    # content/**.md
    "E301": ("前置元数据（front matter）有误：{problem}",
             "前置元数据是文件开头两行 --- 之间的 YAML：检查缩进、冒号后的空格和引号是否成对"),
    "E302": ("栏目 \"{item}\" 不存在于 catalogs/{org}.yaml", "{suggest}"),
    "E303": ("组织 \"{org}\" 不存在", "{suggest}"),
    "E304": ("未知字段 \"{key}\"", "{suggest}"),
    "E305": ("缺少必填字段 \"{key}\"", "在前置元数据中添加 {key}: …"),
    "E306": ("字段 \"{key}\" 的值 {value} 无效：{reason}", "{suggest}"),
    "E307": ("字段 \"{key}\" 的日期 {value} 无效", "{suggest}"),
    "E308": ("发文字号 \"{value}\" 不符合 GB/T 9704 格式", "{suggest}"),
    "E309": ("主题分类 \"{value}\" 不在主题分类表中", "{suggest}"),
    "E310": ("发布日期 {published} 早于成文日期 {written}", "检查 written 与 published 是否写反"),
    "E311": ("附件 \"{file}\" 不存在", "把文件放进文档目录 {folder}/，或改正文件名{suggest}"),
    "E312": ("文件路径 \"{path}\" 含有非 ASCII 字符", "文件名和目录名只用小写字母、数字和连字符，它们就是网址，例如 dibao-2025.md"),
    "E313": ("索引号 \"{value}\" 格式无效", "索引号形如 {code}/2025-00001（组织代码/年份-五位流水号）；留空则自动生成"),
    "E314": ("没有写明公开属性（disclosure），本文件不会发布",
             "由单位负责人确定后，在前置元数据中写上 disclosure: 主动公开、依申请公开 或 不予公开；"
             "公开属性不会自动默认为主动公开"),
    "E320": ("发现{kind}：{masked}（个人信息不得公开）",
             "删除该信息；如属依法应当公示的内容，在前置元数据中声明 personal_data: {{allow: [{kind}], reason: 公示依据}}，"
             "发布时按规定打码"),
    "E321": ("PDF 附件中有{kind}：{masked}，PDF 文件无法自动打码",
             "发布已打码的 PDF；或改用 .docx、.xlsx 或文本格式的附件，声明了 personal_data 的信息发布时会自动打码"),
    # cross references
    "E401": ("文档编号 \"{doc}\" 重复：{other} 也定义了它", "同一文档只能是 {doc}.md 或 {doc}/index.md 之一"),
    "E402": ("索引号 \"{value}\" 重复，{other} 已使用", "索引号必须唯一；删除手写的 index_no 让系统自动编号"),
    "E403": ("网址 {url} 有两个来源：{first} 与 {second}", "修改其中一个文件名或栏目编号"),
    "E404": ("链接 \"{target}\" 指向的文件不存在", "{suggest}"),
    "E405": ("解读对象 \"{doc}\" 不存在", "{suggest}"),
    "E406": ("共享位置 \"{target}\" 不存在", "{suggest}"),
    "E407": ("链接 \"{target}\" 指向不公开的文档 {doc}", "不公开的文档不会发布；删除此链接，或改正其公开属性"),
    "E408": ("{field} 引用的文档 \"{doc}\" 不存在", "{suggest}"),
    "E409": ("推荐结果（best_bets）\"{query}\" 中的文档 \"{doc}\" 不存在或不公开", "{suggest}"),
    "E410": ("索引号登记表有误：{problem}", "index-numbers.yaml 由 gongkai build 维护，每行写成 文档编号: {{index_no: 索引号, title: 标题}}；"
             "请从版本库恢复此文件，不要删除已登记的索引号"),
    "E411": ("索引号 \"{value}\" 与本文件已登记的索引号 {registered} 不同", "已发布文件的索引号不能改变：删除 index_no 或改回 "
             "{registered}；确需更正时，在 index-numbers.yaml 中同时修改本文件的登记"),
    # gazette/ (政府公报, SPEC §2.5)
    "E710": ("YAML 语法错误：{problem}", "检查缩进、冒号后的空格和引号是否成对"),
    "E711": ("未知字段 \"{key}\"", "{suggest}"),
    "E712": ("缺少必填字段 \"{key}\"", "在 {parent} 中添加 {key}: …"),
    "E713": ("字段 \"{key}\" 的值 {value} 无效：{reason}", "{suggest}"),
    "E714": ("字段 \"{key}\" 的日期 {value} 无效", "{suggest}"),
    "E715": ("栏目 \"{section}\" 不在 gazette/gazette.yaml 的 sections 中", "{suggest}"),
    "E716": ("{year}年第{issue}期重复：{other} 也是这一期", "每期只写一个文件：删除重复的文件，或改正期号"),
    "E717": ("PDF 文件 \"{pdf}\" 不存在", "把本期公报的 PDF 放在本期文件旁（{folder}/），或改正文件名{suggest}"),
    "E718": ("公报的每一期应放在年份目录中：gazette/<年份>/<期号>.yaml", "例如 gazette/2025/03.yaml；gazette/ 下只放 gazette.yaml 和各年份目录"),
    "E719": ("总期号 {total} 重复：{other} 也是总第{total}期", "总期号从创刊起连续编排，每期不同：核对本期封面"),
    "E720": ("发现{kind}：{masked}（个人信息不得公开）",
             "删除该信息：公报文本照原文发布，不会自动打码；须依法公示个人信息的文件，作为文档发布并声明 personal_data，"
             "再在目录中用 doc: 引用"),
    "E721": ("公报 PDF 中有{kind}：{masked}，PDF 文件无法自动打码", "遮盖或删去该信息后重新导出 PDF"),
    "E722": ("链接 \"{target}\" 指向的文档不存在", "公报正文链接平台上的文档时写文档编号，如 szf/notice.md{suggest}"),
    "E723": ("链接 \"{target}\" 指向不公开的文档 {doc}", "不公开的文档不会发布；删除此链接，或改正其公开属性"),
    "E724": ("找不到公报设置文件 gazette/gazette.yaml", "在 gazette/ 中创建 gazette.yaml，写明 title、org、per_year 和 sections，见 README「政府公报」"),
    "E725": ("主办单位 \"{org}\" 不存在", "{suggest}"),
    "E726": ("{year}年第{issue}期超出该年应出的 {expected} 期", "改正期号；该年确实出版了更多期的，在 gazette.yaml 中写 years: {{{year}: {issue}}}"),
    "E727": ("{year}年早于创刊年份 {since}", "改正 gazette.yaml 中的 since，或把本期放进正确的年份目录"),
    "E728": ("\"{pdf}\" 不是 PDF 文件", "pdf 写本期文件旁的 PDF 文件名，如 03.pdf（排版软件导出的 PDF，以 %PDF 开头）"),
    # data/ (records)
    "E950": ("字段“{field}”引用的文档 \"{doc}\" 不存在", "{suggest}"),
    "E951": ("字段“{field}”引用的文档 \"{doc}\" 不公开", "数据表只能链接主动公开的文档：改为主动公开文档的编号，或删去这个值"),
    # 意见征集 (consultation/): drafts for comment and their feedback
    "E750": ("意见征集的截止日期 {value} 不晚于开始日期", "{suggest}"),
    "E751": ("意见采纳情况（feedback_to）引用的征求意见稿 \"{doc}\" 不存在", "{suggest}"),
    "E752": ("意见采纳情况（feedback_to）引用的文档 \"{doc}\" 不公开",
             "只能反馈主动公开的征求意见稿：改为征求意见稿的编号，或改正该文档的公开属性"),
    "E753": ("意见采纳情况（feedback_to）引用的文档 \"{doc}\" 不是征求意见稿",
             "征求意见稿的前置元数据中写有 consultation（意见征集）：征集期限和反馈方式；{suggest}"),
    # 一网通查 (library/federation.py): other platforms' library.json, merged into the portals' library
    "E760": ("无法读取一网通查数据：{problem}", "重新复制下级平台发布的 gfxwjk/library.json（UTF-8 编码的 JSON，不要手工修改）"),
    "E761": ("缺少必填字段 \"{key}\"", "在 {parent} 中补上 {key}：这份数据由下级平台生成，请对方补全后重新发布，再复制过来"),
    "E762": ("字段 \"{key}\" 的值 {value} 无效：{reason}", "{suggest}；这份数据由下级平台生成，请对方改正后重新发布"),
    "E763": ("一网通查来源“{name}”{problem}",
             "每个来源写 file（library.json 的副本）或 folder（下级平台发布的网站目录）二者之一"),
    "E764": ("找不到一网通查数据 \"{path}\"",
             "路径相对于项目根目录：把下级平台发布的 library.json（或整个网站目录）复制到这里，或改正路径"),
    "E765": ("一网通查目录 \"{folder}\" 中{problem}",
             "folder 写下级平台发布的门户网站目录（其中有 gfxwjk/library.json）；目录中有多个网站时改用 file 指明文件"),
    "E766": ("文件编号 \"{id}\" 重复，首次出现在第 {first} 行", "同一份 library.json 中每个文件的 id 必须唯一：请下级平台核对后重新发布"),
    "E767": ("“{title}”的网址 {link} 已由{other}收录",
             "同一文件只汇入一次：删去重复的来源（已汇入市级文件库的，不再单独汇入其下辖县区），或请下级平台删除重复的条目"),
    "E768": ("链接 \"{link}\" 不是 http(s) 完整网址，也不是安全的相对路径",
             "链接应为 https://… 的完整网址，或相对于来源 base_url、不以 / 开头、不含 .. 的路径：请下级平台改正后重新发布"),
    "E769": ("发现{kind}：{masked}（个人信息不得公开）", "文件库只公开文件的标题、文号和发布机构：请下级平台删除该信息后重新发布"),
    # 依申请公开 and the annual report (data/<org>/: the register, cases, nb-<year>.yaml); {row}: the register's row
    "E770": ("办理结果 \"{value}\" 不是国家统一格式的办理结果（第 {row} 行）", "{hint}"),
    "E771": ("第 {row} 行填写了{given}，没有{missing}", "已答复的申请要同时填写答复日期和办理结果；尚未答复的两项都留空"),
    "E772": ("第 {row} 行的{later} {value} 早于{earlier} {other}", "核对这两个日期是否写错或写反"),
    "E773": ("第 {row} 行有补正收到日期，没有补正告知日期", "填写告知申请人补正的日期（条例第三十条），或删去补正收到日期"),
    "E774": ("第 {row} 行填写了{what}结果，没有{what}日期", "填写申请{what}的日期（按此日期计入当年年报表四），尚未结案的结果写“尚未审结”"),
    "E775": ("无法读取：{problem}", "检查缩进、冒号后的空格和引号是否成对；文件应为 UTF-8 编码的 YAML"),
    "E776": ("未知字段 \"{key}\"", "{suggest}"),
    "E777": ("缺少必填字段 \"{key}\"", "在 {parent} 中添加 {key}: …"),
    "E778": ("字段 \"{key}\" 的值 {value} 无效：{reason}", "{suggest}"),
    "E779": ("{what} \"{file}\" 不存在或文件名不符合要求",
             "年报数据文件命名为 data/<单位编号>/nb-<年份>.yaml（如 nb-2025.yaml）；案例库文件的路径写在 application.cases 中，相对于项目根目录"),
    "E780": ("表{table}中没有名为“{name}”的{what}", "{suggest}"),
    "E781": ("表{table}“{row}”的“{column}”填报 {value}，但{parts}之和为 {total}", "改正总计或各项数字；只填各项时总计自动计算"),
    "E782": ("表三“{column}”列不平衡：本年新收 {new} + 上年结转 {carried} ≠ 办理结果总计 {done} + 结转下年度 {next}",
             "国家统一格式要求第一项加第二项之和等于第三项加第四项之和：核对填报的数字"),
    "E783": ("发现{kind}：{masked}（个人信息不得公开）", "案例和年报只写经过脱敏处理的内容：删除申请人的身份证号、手机号、银行卡号等信息"),
    "E784": ("链接 \"{target}\" 无法解析：年报正文只能链接完整网址", "写成以 http:// 或 https:// 开头的完整网址，或删去链接"),
    # 政府网站工作年度报表 (site_report/: data/site-report/<site>-<year>.yaml)
    "E790": ("YAML 语法错误：{problem}", "检查缩进、冒号后的空格和引号是否成对"),
    "E791": ("未知字段 \"{key}\"", "{suggest}"),
    "E792": ("缺少必填字段 \"{key}\"", "在 {parent} 中添加 {key}: …（报表中由单位填报的数字都要填写，没有的填 0）"),
    "E793": ("字段 \"{key}\" 的值 {value} 无效：{reason}", "{suggest}"),
    "E794": ("网站年度报表数据文件 \"{file}\" 的文件名应为 <站点编号>-<年份>.yaml",
             "例如 data/site-report/portal-2025.yaml：站点编号是 platform.yaml 中 sites 的 id，年份是报表所统计的年度"),
    "E795": ("站点 \"{site}\" 不是本平台的政府网站", "文件名中的站点编号写 platform.yaml 中政府网站的 id：{suggest}"),
    "E796": ("发布日期 {published} 早于统计年度结束（{year}年12月31日）",
             "工作年度报表在统计年度结束后、次年1月31日前发布：核对发布日期和文件名中的年份"),
    "E797": ("发现{kind}：{masked}（个人信息不得公开）", "联系电话写办公电话；报表面向全社会公开，不写个人的证件号、手机号和银行卡号"),
    # templates
    "E501": ("模板语法错误：{problem}", "检查 {{% … %}} 与 {{{{ … }}}} 是否成对闭合"),
    "E502": ("模板渲染错误：{problem}", "检查模板中引用的变量名；可用变量见 docs/THEMES.md"),
    "E503": ("找不到模板 \"{name}\"", "查找过的位置：{searched}"),
    # output
    "E601": ("无法写入输出目录 {path}：{problem}", "检查目录权限和磁盘空间；上次发布的网站保持不变"),
    # gongkai import-doc
    "E801": ("找不到要导入的文件 {file}", "检查文件路径；可以导入 Word（.docx）或 PDF 文件"),
    "E802": ("不能导入 {suffix} 文件", "请导入 Word（.docx）或 PDF 文件；.doc、.wps 文件请先用 Word 或 WPS 另存为 .docx"),
    "E803": ("单位 \"{org}\" 不存在：没有 catalogs/{org}.yaml", "{suggest}"),
    "E804": ("栏目 \"{item}\" 不存在于 catalogs/{org}.yaml", "{suggest}"),
    "E805": ("无法读取 {file}：{problem}", "确认文件能用 Word 或 PDF 阅读器打开，并且没有加密"),
    "E806": ("{file} 是扫描件（没有文字层），读不出其中的文字", "请先用 OCR 文字识别软件转成带文字的 PDF，或改用 Word 原件导入"),
    "E807": ("附件文件 {file} 不存在", "检查 --attach 后的文件路径"),
    "E808": ("{file} 中没有读到任何文字", "确认这是公文的正式文本（Word 或带文字层的 PDF）"),
    "E602": ("页面 {page} 链接到 {target}，但构建没有生成这个文件", "模板中的 url(…) 只能指向生成的页面和文件；"
             "检查该链接的路径，或把缺少的静态文件放进主题的 static/ 目录"),
    # sharded builds (shards.py): what keeps `gongkai publish` from publishing
    "E603": ("分片 {shard} 没有构建结果", "这个分片还没有运行、仍在运行或被中断：重新运行 gongkai build --shard {shard}，"
             "全部分片成功后再发布；已发布的网站保持不变"),
    "E604": ("分片 {shard} 的结果来自另一次构建（内容或选项不同）", "所有分片须以同一个 --run 编号、基于同一份内容构建："
             "重新运行这个分片"),
    # records tables (data/, SPEC §2.4); {cell} is "单元格 C7" in a spreadsheet, "第 3 条记录" in YAML
    "E901": ("找不到数据表文件 \"{file}\"", "records.file 中的路径相对于项目根目录{suggest}"),
    "E902": ("数据表 \"{file}\" 是 {suffix} 文件，无法读取",
             "数据表应为 .csv（UTF-8）、.xlsx 或 .yaml 文件；.xls、.et 文件请先用 Excel 或 WPS 另存为 .xlsx"),
    "E903": ("无法读取数据表：{problem}", "确认文件能用 Excel、WPS 或文本编辑器打开，并且没有加密"),
    "E904": ("数据表 {file} 中没有工作表 \"{sheet}\"", "表中的工作表有：{sheets}；改正 records.sheet，或删去它以读取第一个工作表"),
    "E905": ("找不到表头：前 {rows} 行中没有一行主要由字段名组成", "表头各列应与 fields 中的 name 一致：{names}"),
    "E906": ("表头 \"{header}\"（{cell}）不是 fields 中的字段", "{suggest}"),
    "E907": ("缺少字段 \"{field}\" 的列", "在表头中添加“{field}”一列，或在 fields 中为它写上 required: false"),
    "E908": ("表头 \"{header}\"（{cell}）与 {first} 是同一字段", "每个字段只能有一列（YAML 的一条记录中只能写一次）：删除或改正其中一个"),
    "E909": ("{cell} 有值 \"{value}\"，但这一列没有表头", "给这一列写上 fields 中的字段名，或删除这一列的内容"),
    "E910": ("{cell}（{field}）的值 \"{value}\" 不是数字", "数字列只填数字，如 1234、1,234 或 12.5"),
    "E911": ("{cell}（{field}）的值 \"{value}\" 不是金额", "金额只填数字，如 1234.50、1,234.50、1234.5元 或 ￥1234"),
    "E912": ("{cell}（{field}）的值 \"{value}\" 不是日期",
             "日期写成 2025-05-06、2025/5/6、2025.5.6 或 2025年5月6日，或设为 Excel 的日期格式"),
    "E913": ("{cell}（{field}）的值 \"{value}\" 不是网址", "链接应为以 http:// 或 https:// 开头的完整网址"),
    "E914": ("{cell}（{field}）的值 \"{value}\" 不在可选值中", "{suggest}"),
    "E915": ("{cell}（{field}）的值 \"{value}\" 重复，首次出现在{first}", "主键（key: true）的值在整张表中必须唯一"),
    "E916": ("{cell}（{field}）是主键，不能为空", "每条记录都要填写主键（key: true）字段"),
    "E917": ("{cell}（{field}）中有{kind}：{masked}（个人信息不得公开）",
             "删除该信息；如属依法应当公示的内容，在 fields 中为“{field}”声明 personal: {personal}，发布时按规定打码"),
    # 政民互动 (platform.yaml interaction:, its messages tables and 常见问题 file)
    "E730": ("政民互动的站点 \"{site}\" 不存在", "interaction.site 写 sites 中某个站点的 id（默认为门户）：{suggest}"),
    "E731": ("留言 {id} 的“{field}”为空", "每条留言都要填写标题、留言内容、留言日期和答复单位；请在留言系统中补全后重新导出"),
    "E732": ("答复单位 \"{value}\" 不是本平台的单位", "{suggest}"),
    "E733": ("留言 {id} 有“{present}”但没有“{missing}”", "已答复的留言要同时填写答复内容和答复日期；尚未答复的留言两项都留空（不会发布）"),
    "E734": ("留言 {id} 的答复日期 {replied} 早于留言日期 {asked}", "检查留言日期和答复日期是否写反"),
    "E735": ("留言编号 \"{id}\" 含有字母、数字、连字符和下划线以外的字符", "编号是留言页面网址的一部分：用留言系统导出的编号，如 LY2026-00123"),
    "E736": ("常见问题文件 YAML 语法错误：{problem}", "检查缩进、冒号后的空格和引号是否成对"),
    "E737": ("常见问题文件中有未知字段 \"{key}\"", "{suggest}"),
    "E738": ("常见问题缺少必填字段 \"{key}\"", "在 {parent} 中添加 {key}: …"),
    "E739": ("常见问题的字段 \"{key}\" 的值 {value} 无效：{reason}", "{suggest}"),
    "E740": ("找不到常见问题文件 \"{file}\"", "interaction.faq 中的路径相对于项目根目录{suggest}"),
    "E741": ("常见问题编号 \"{id}\" 重复，首次出现在第 {first} 行", "每个常见问题的 id 必须唯一，它是问题的网址和锚点"),
    "E742": ("常见问题引用的文档 \"{doc}\" 不存在", "{suggest}"),
    "E743": ("常见问题引用的文档 \"{doc}\" 不公开", "常见问题只能链接主动公开的文档：改为主动公开文档的编号，或删去它"),
    "E744": ("常见问题中有{kind}：{masked}（个人信息不得公开）", "删除该信息；常见问题面向全社会公开，不写个人的证件号、手机号和银行卡号"),
    "E745": ("找不到留言表文件 \"{file}\"", "interaction.files 中的路径相对于项目根目录{suggest}"),
    "E746": ("{cell}（{field}）中有{kind}：{masked}（个人信息不得公开）",
             "在留言系统中删除或隐去该信息后重新导出：留言和答复中的身份证号、手机号、银行卡号不得公开（留言人姓名发布时自动打码）"),
    # warnings
    "W101": ("未设置 base_url，不生成 sitemap.xml，也不写规范链接（canonical）",
             "在 platform.yaml 中设置 base_url，例如 https://www.example.gov.cn/"),
    "W102": ("站点 \"{site}\" 的页脚缺少{missing}（政府网站检查指标）",
             "在 platform.yaml 该站点的 identity 中设置 error_report（“我为政府网站找错”的网址）和 "
             "badge（机构编制部门颁发的党政机关网站标识：image 图片、link 核验链接），见 README「平台配置」"),
    "W201": ("组织 \"{org}\" 没有在任何站点上发布", "把它设为某个站点的 org、加入门户的 hosts，或（企业）在门户上设 enterprises: true"),
    "W302": ("本文件已被 {doc} 废止，但有效性写的是 \"{validity}\"", "把 validity 改为 废止"),
    "W303": ("本文件已被 {doc} 修改，但有效性写的是 \"{validity}\"", "把 validity 改为 已修改"),
    "W304": ("{category}没有标明有效性", "添加 validity: 有效（或 已修改、废止、失效、尚未生效）"),
    "W310": ("解读在所解读文件发布后第 {days} 个工作日才发布，超过 3 个工作日", "解读材料应与文件同步发布，最迟在文件公开后 3 个工作日内（国办发〔2016〕19号）"),
    "W311": ("无法计算 {year} 年的工作日：日历库未收录该年的节假日安排", "按国务院办公厅该年部分节假日安排的通知，在 platform.yaml 的 calendar 中补录（见 README「节假日安排」），或升级日历库：pip install -U chinese-calendar"),
    "W320": ("办事指南缺少要素：{missing}（检查指标“服务不实用”）", "在前置元数据中补齐这些要素"),
    "W330": ("附件 {file} 无法自动检查个人信息（{kind} 文件）", "发布前请人工核查；带文字层的 PDF 和 .docx、.xlsx、文本格式的附件会被自动检查"),
    "W410": ("{count} 个文件的索引号还没有登记（如 {example}）", "运行 gongkai build 登记，并把 index-numbers.yaml 随内容一起提交："
             "没有登记的索引号在补录更早的文件后可能改变"),
    "W710": ("{year}年应出{expected}期，已收录{count}期，缺第{missing}期（{folder}）",
             "把缺少的各期放进 {folder}：公报要应收尽收，创刊以来各期都要收录；该年实际出版的期数不同的，改正 years 中该年的期数"),
    "W711": ("总期号不连续：上一期{previous}是总第{before}期，本期应为总第{expected}期，写的是总第{total}期",
             "核对两期封面上的总期号；中间缺少的期应补充收录"),
    "W712": ("目录引用的文档 \"{doc}\" 不存在，这一条目不会显示", "{suggest}"),
    "W713": ("目录引用的文档 \"{doc}\" 不公开，这一条目不会显示",
             "公报公开刊载的文件在平台上应为主动公开：核对该文档的 disclosure，或改正文档编号"),
    "W714": ("政府公报没有在任何站点上发布：没有 org 为 \"{org}\" 的门户（kind: portal）",
             "政府公报发布在主办单位的门户网站上：改正 gazette.yaml 的 org，或在 platform.yaml 中设置该门户"),
    "W715": ("公报 PDF {file} 没有文字层，无法自动检查个人信息", "发布前请人工核查；扫描件可先做文字识别（OCR）"),
    "W701": ("发布日期 {published} 超过公开时限“{rule}”，应不晚于 {deadline}（逾期 {late} 个工作日）",
             "按标准目录的公开时限及时发布；逾期原因请在工作台账中说明"),
    "W702": ("栏目 \"{item}\"（{l1}／{l2}）没有任何主动公开的信息（空白栏目）",
             "补充应公开的信息，或调整标准目录；检查指标：空白栏目达 5 个即单项否决"),
    "W704": ("{org}的标准目录没有“{part}”部分的事项，网站上这一部分是空的",
             "政府信息公开的指南、制度、法定主动公开内容、年报四个部分都必须设置：在 items 中增加 section: {part} 的事项，"
             "例如{example}"),
    "W703": ("栏目 \"{item}\"（{l1}／{l2}）已 {days} 天未更新，应在 {cadence} 天内更新",
             "检查指标：动态类栏目 2 周内、通知公告和政策文件类栏目 6 个月内应有更新"),
    "W760": ("library.json 写明共 {count} 件文件，实际有 {actual} 件", "文件可能没有复制完整：重新复制下级平台发布的 library.json"),
    "W761": ("一网通查来源“{name}”没有任何文件", "确认复制的是下级平台最新发布的 library.json"),
    "W750": ("意见征集已于 {end} 结束，{days} 个工作日后仍未公布意见采纳情况",
             "征集结束后 {limit} 个工作日内应公布意见采纳情况：发布采纳情况说明，并在其前置元数据中写 feedback_to: {doc}"
             "（期限在 platform.yaml 的 consultation.feedback_days 中设置）"),
    "W751": ("意见征集期限只有 {days} 天，少于{what}的 {minimum} 天", "{rule}"),
    "W752": ("意见征集没有写明反馈意见的方式",
             "在 consultation 中写上 address（通信地址）、email（电子邮箱）、phone（联系电话）或 form（在线提交网址），"
             "或在 platform.yaml 的 consultation.form 中设置全平台的在线提交网址"),
    "W730": ("留言 {id}（{asked} 留言）于 {replied} 答复，超过答复时限 {limit} 个工作日（应不晚于 {deadline}），逾期 {late} 个工作日",
             "按时答复群众留言；逾期原因请在工作台账中说明"),
    "W731": ("留言 {id}（{asked} 留言）至 {today} 仍未答复，已超过答复时限 {limit} 个工作日（应不晚于 {deadline}），逾期 {late} 个工作日",
             "尽快答复并重新导出留言表；未答复的留言不会发布，只计入工作台账"),
    "W732": ("留言 {id}（{asked} 留言）超过 3 个月仍未答复（至 {today}）",
             "政府网站检查指标：互动栏目有效留言超过 3 个月未答复的，单项否决；请立即答复"),
    "W770": ("申请 {number}（{received} 收到）已超过答复期限 {deadline}，逾期 {late} 个工作日仍未答复",
             "尽快答复并在台账中填写答复日期和办理结果；需要延期的，应在期限届满前经负责人同意并告知申请人（条例第三十三条）"),
    "W771": ("申请 {number} 应不晚于 {deadline} 答复，还有 {left} 个工作日", "按期答复；确需延长的，经政府信息公开工作机构负责人同意并告知申请人，在台账中把“延期”写为 是"),
    "W772": ("申请 {number} 于 {replied} 答复，超过答复期限 {deadline}（逾期 {late} 个工作日）",
             "核对收到日期、补正和延期的记录；确属超期的，在年报“存在的主要问题及改进情况”中说明"),
    "W773": ("申请 {number} 的补正告知日期 {sent} 超过收到申请（{received}）后 7 个工作日，应不晚于 {deadline}",
             "条例第三十条：申请内容不明确的，应自收到申请之日起7个工作日内一次性告知申请人补正"),
    "W774": ("{year}年年报表{table}“{row}”的“{column}”填报 {entered}，{source}为 {computed}",
             "核对后改正填报的数字，或删去它以采用平台统计的数字；平台没有收录的情况（如建立台账前的申请）在“其他需要报告的事项”中说明"),
    "W780": ("{year}年年报表二“{row}”的“{column}”填报 {entered}，本平台发布的文件统计为 {computed}；年报按平台统计发布",
             "年报中的规章和规范性文件件数取自平台上的文件，与规章和规范性文件库一致：平台少收的文件，作为公开文件补录；"
             "多出的，核对填报的数字"),
    "W775": ("{year}年年报表三“上年结转”的“{column}”为 {carried}，与{before}年年报的“结转下年度” {previous} 不同",
             "上年结转的申请应与上一年度报告结转下年度继续办理的申请一致：核对两份报告的填报数字"),
    "W776": ("{year}年政府信息公开工作年度报告于 {published} 发布，晚于 {deadline}", "条例第四十九条：年度报告应在每年1月31日前（本级政府的报告在3月31日前）向社会公布"),
    "W777": ("{org}{year}年政府信息公开工作年度报告尚未发布（应于 {deadline} 前发布）",
             "在 {file} 中填写年报数据（总体情况、主动公开情况、存在的主要问题等），构建后即生成国家统一格式的年度报告"),
    "W778": ("政府信息公开指南中没有写明依申请公开的{label}“{value}”", "使指南与 {catalog} 中 application（依申请公开）的受理机构、地址和电话一致"),
    "W779": ("有效性为“{validity}”，但没有 repealed_by 或 effective_to，年报无法确定废止日期，不计入废止和现行有效件数",
             "写明废止它的文件（repealed_by）或失效日期（effective_to）"),
    "W790": ("站点 \"{site}\"（{title}）首页不更新：{summary}",
             "政府网站检查指标：首页 2 周内没有更新的，单项否决；在首页各栏目（政策文件、工作动态、通知公告等）及时发布信息"),
    "W791": ("站点 \"{site}\"（{title}）栏目不更新：{summary}",
             "政府网站检查指标单项否决项；逐个栏目见 gongkai check 末尾的自查结果和 W702、W703：补充应公开的信息，"
             "或调整标准目录，合并、撤销无力维护的栏目"),
    "W792": ("站点 \"{site}\"（{title}）互动回应差：{summary}",
             "政府网站检查指标：没有互动交流渠道，或有效留言超过 3 个月未答复的，单项否决；在 platform.yaml 中设置 "
             "interaction（见 README「政民互动」），及时答复留言并重新导出留言表"),
    "W793": ("站点 \"{site}\"（{title}）服务不实用：{summary}",
             "政府网站检查指标：没有办事服务，或办事指南缺少事项名称、设定依据、申请条件、办理材料、办理地点、办理时间、"
             "联系电话、办理流程等关键要素的，单项否决；补齐办事指南的要素（见 W320）"),
    "W794": ("站点 \"{site}\" 的{year}年度政府网站工作年度报表于 {published} 发布，晚于 {deadline}",
             "国办函〔2018〕12号：政府网站工作年度报表于每年1月31日前在网站首页显著位置发布"),
    "W795": ("站点 \"{site}\"（{title}）尚未发布{year}年度政府网站工作年度报表（应于 {deadline} 前发布）",
             "在 {file} 中填写单位填报的数字（访问量、办件量、安全防护、移动新媒体等，见 README「政府网站工作年度报表」），"
             "构建后即生成报表并在首页链接"),
    "W796": ("{year}年度网站工作年度报表的“{field}”填报 {value}，{problem}",
             "核对填报的数字；平台统计的数字来自本站发布的文档（办事指南，写有 consultation 的征求意见稿），有遗漏的请补充发布"),
    "W801": ("原件中未找到{label}，前置元数据中没有写 {key}", "请对照原件补上 {key}{effect}"),
    "W802": ("原件中没有公开属性（如“（此件公开发布）”），前置元数据中没有写 disclosure",
             "按公文的公开属性写上 disclosure: 主动公开、依申请公开 或 不予公开；写上之前这篇文档不能发布"),
    "W803": ("附件说明中的“{title}”没有对应的附件文件", "用 --attach 给出该文件，或导入后把它放进 {folder}/ 并在 attachments 中写上标题"),
    "W804": ("附件 {file} 在附件说明中没有对应的条目", "已以“{title}”为标题复制进文档目录，请核对"),
    "W805": ("无法从标题判断文档类型，type 暂填“其他”", "请改为 文件、解读、公告、公示、报告 等类型之一"),
    "W806": ("署名“{signer}”与单位“{name}”（catalogs/{org}.yaml）不同", "确认 --org 是否选对；联合发文时以主办单位导入"),
}

SEVERITY_LABEL = {"error": "错误", "warning": "警告"}


class Position(BaseModel, frozen=True):
    """Where a problem is: a project-relative file and a 1-based line and column."""

    file: str
    line: int | None = None
    column: int | None = None


class Diagnostic(BaseModel, frozen=True):
    code: str
    severity: Severity
    file: str | None = None
    line: int | None = None
    column: int | None = None
    message: str
    hint: str | None = None

    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.code, self.message)


def did_you_mean(value: object, choices: Iterable[str], what: str = "") -> str:
    """A Chinese hint naming the closest choice, or listing a few valid ones."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
    if close:
        return f"是否应为 \"{close[0]}\"？"
    if not options:
        return f"当前没有可用的{what}" if what else "当前没有可用的取值"
    shown = "、".join(f"\"{o}\"" for o in options[:12])
    more = f" 等 {len(options)} 项" if len(options) > 12 else ""
    return f"可用的{what}有：{shown}{more}"


class Reporter:
    """Collects diagnostics; stages report into it and never stop at the first problem."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def report(self, code: str, where: Position | None = None, **values: object) -> Diagnostic:
        message_t, hint_t = MESSAGES[code]
        diagnostic = Diagnostic(
            code=code,
            severity="warning" if code.startswith("W") else "error",
            file=where.file if where else None,
            line=where.line if where else None,
            column=where.column if where else None,
            message=message_t.format(**values),
            hint=hint_t.format(**values) if hint_t else None,
        )
        self._items.append(diagnostic)
        return diagnostic

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._items.extend(diagnostics)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        unique = {d: None for d in self._items}  # drop exact repeats, keep order
        return sorted(unique, key=Diagnostic.sort_key)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


def format_text(diagnostics: Iterable[Diagnostic], root: Path | None = None) -> str:
    """Compiler-style text: `file:line:col: 错误[E302]: …`, the source line, a caret and the hint."""
    blocks = []
    for d in diagnostics:
        where = ":".join(str(p) for p in (d.file, d.line, d.column) if p is not None)
        head = f"{where}: " if where else ""
        lines = [f"{head}{SEVERITY_LABEL[d.severity]}[{d.code}]: {d.message}"]
        excerpt = _excerpt(root, d)
        if excerpt:
            lines.extend(excerpt)
        if d.hint:
            lines.append(f"  提示: {d.hint}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} 个错误，{warnings} 个警告"


def format_json(diagnostics: Iterable[Diagnostic], ledger: list | None = None, tables: list | None = None,
                inspection: list | None = None) -> str:
    """`tables`: the kinds' parts of the ledger (ledger.LedgerTable), under "ledger_tables" when given;
    `inspection`: each site judged against the inspection rubric (ledger.SiteInspection), under
    "inspection" when given (gongkai check always gives it)."""
    payload = {
        "diagnostics": [d.model_dump() for d in diagnostics],
        "ledger": ledger or [],
    }
    if tables:
        payload["ledger_tables"] = tables
    if inspection is not None:
        payload["inspection"] = inspection
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _excerpt(root: Path | None, d: Diagnostic) -> list[str]:
    if root is None or d.file is None or d.line is None:
        return []
    try:
        text = (root / d.file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    if not 0 < d.line <= len(text):
        return []
    number = str(d.line)
    source = text[d.line - 1]
    lines = [f"  {number} | {source}"]
    if d.column:
        lines.append(f"  {' ' * len(number)} | {_caret_pad(source, d.column)}^")
    return lines


def _caret_pad(source: str, column: int) -> str:
    """Spaces up to a 1-based column; CJK characters take two cells in a terminal."""
    prefix = source[: column - 1]
    return "".join("  " if ord(ch) > 0x2E80 else (ch if ch == "\t" else " ") for ch in prefix)
