from pathlib import Path

import pytest

from bot.knowledge import load_knowledge_base
from bot.knowledge.render import Facts, PlaceholderError
from bot.stack import PROJECT_ROOT


@pytest.fixture(scope="module")
def facts() -> Facts:
    import yaml

    kb = load_knowledge_base(PROJECT_ROOT / "knowledge_base")
    service = yaml.safe_load(Path(PROJECT_ROOT / "knowledge_base/service.yml").read_text("utf-8"))
    return Facts(kb.charges, kb.company, kb.statutory, kb.categories, service)


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("{fee:call_out}", "50 元", "CNY 50"),
        ("{years:refrigerator.main_parts}", "10 年", "10 years"),
        ("{statutory_years:refrigerator.whole_unit}", "1 年", "1 year"),
        ("{days:statutory_return}", "7 天", "7 days"),
        ("{days:exchange}", "30 天", "30 days"),
        ("{months:drum_clean_months}", "1 个月", "month"),
        ("{months:filter_life_months.pp}", "6 个月", "6 months"),
        (
            "{main_parts:washing_machine}",
            "电机、程控器（主控板）",
            "motor, program controller (main board)",
        ),
    ],
)
def test_placeholders_render_from_one_source(facts: Facts, text: str, zh: str, en: str) -> None:
    assert facts.render(text, "zh") == zh
    assert facts.render(text, "en") == en


@pytest.mark.parametrize(
    "text",
    ["{fee:nothing}", "{years:toaster.whole_unit}", "{colour:red}", "{fee call_out}x{a:b c}"],
)
def test_bad_placeholders_are_errors(facts: Facts, text: str) -> None:
    with pytest.raises(PlaceholderError):
        facts.render(text, "en")
