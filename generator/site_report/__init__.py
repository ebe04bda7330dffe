"""The website's own annual report (《政府网站工作年度报表》, 国办函〔2018〕12号) and the inspection
self-check (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号), a kind of content.

Every government site publishes its report on the previous year before 31 January, on its home
page: the figures the platform knows (信息发布, 专栏专题, 解读回应, 办事服务, 互动交流) are computed from
the site's documents and the 政民互动 messages (figures.py), the others are the office's
(`data/site-report/<site>-<year>.yaml`, model.py).  `gongkai check` lists late and missing reports
and judges each government site against the rubric's 单项否决 items (inspection.py).

model.py (the office's figures), stage.py (`load`; `ledger`: late and missing reports, the
inspection), figures.py (the form's rows), inspection.py (the rubric), pages.py (`wzbb/`, search),
templates/ and static/.  Nothing is imported here: loading.py imports model.py.
"""
