"""公开时限 texts become rules; anything else is rejected (see test_diagnostics for the message)."""

import pytest

from generator.models import normalize_doc_number
from generator.timelimit import parse_time_limit


@pytest.mark.parametrize("text, trigger, days, publicity", [
    ("信息形成或者变更之日起20个工作日内", "formed_or_changed", 20, None),
    ("自该信息形成或者变更之日起二十个工作日内", "formed_or_changed", 20, None),
    ("制定或获取信息之日起10个工作日内", "obtained", 10, None),
    ("制定或获取信息之日起10个工作日内，公示7个工作日", "obtained", 10, 7),
    ("关联文件公开后3个工作日内", "related_published", 3, None),
    ("关联规范性文件公开3个工作日内", "related_published", 3, None),
    ("实时公开", "realtime", 0, None),
])
def test_working_day_rules(text, trigger, days, publicity):
    rule = parse_time_limit(text)
    assert (rule.trigger, rule.working_days, rule.publicity_days, rule.text) == (trigger, days, publicity, text)


def test_annual_and_standing_rules():
    annual = parse_time_limit("每年1月31日前")
    assert (annual.trigger, annual.month, annual.day) == ("annual", 1, 31)
    assert parse_time_limit("长期公开").trigger == "standing"


@pytest.mark.parametrize("text", ["尽快", "及早公开", "每年13月1日前", ""])
def test_unreadable_texts_are_rejected(text):
    assert parse_time_limit(text) is None


@pytest.mark.parametrize("written, fixed", [
    ("示民发[2020]12号", "示民发〔2020〕12号"),
    ("示民发（2020）012号", "示民发〔2020〕12号"),
    ("示民发〔2020〕第12号", "示民发〔2020〕12号"),
    ("示民发2020年12号", None),
])
def test_doc_number_fixes(written, fixed):
    assert normalize_doc_number(written) == fixed


def test_short_forms_for_the_ledger_table():
    forms = ["信息形成或者变更之日起20个工作日内", "制定或获取信息之日起10个工作日内", "关联文件公开后3个工作日内",
             "每年1月31日前", "实时公开", "长期公开"]
    assert [parse_time_limit(f).summary for f in forms] == [
        "形成后20个工作日", "获取后10个工作日", "文件公开后3个工作日", "每年1月31日前", "实时", "长期"]
