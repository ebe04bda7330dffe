"""意见征集 and 重大决策预公开 (SPEC §2.5): drafts for comment and their feedback, as a kind of content.

A draft (征求意见稿) is a document whose front matter has `consultation:` (its period and how to
comment; models.Consultation); its 采纳情况 is a document with `feedback_to:` naming it, a relation
resolved both ways with the others (documents.py).  This package adds what is not a document's:
the portal's `yjzj/` list of every organization's drafts (pages.py: `shares`, `site_part`), the block
their pages show (templates/partials/consultation.html) and the findings `gongkai check` reports
(checks.py: `ledger`).  Status (未开始 / 征集中 / 已结束) is judged against the build date and again on
the reader's clock by the theme's gongkai.js (data-period-*).
"""
