"""依申请公开 and the annual report (政府信息公开工作年度报告) in the national format, a kind of content.

Every government organization's section gets its 依申请公开 page (`<section root>/ysqgk/`: how to
apply, the printable form, the statistics and the 案例库) and, for each year the office entered the
report's data, its annual report (`<section root>/nb/<year>/`) with the national tables computed from
the platform's own data: the 规章 and 规范性文件 of the organization, and the register (台账) of
applications, which is never published row by row.

model.py (the `application:` block, the register's columns, the national categories, cases and
report data), stage.py (reading them: the build's `load`; the deadlines and findings of `check`
and the ledger's rows), report.py (the national tables), pages.py (the pages and search entries),
templates/ and static/.  Nothing is imported here: models.py imports model.py.
"""
