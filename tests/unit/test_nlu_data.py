from pathlib import Path

from bot.nlu_data import plain_text, read_examples


def test_plain_text_removes_both_annotation_forms() -> None:
    assert plain_text('my [WM-8012](model) leaks in [上海]{"entity": "city"}') == (
        "my WM-8012 leaks in 上海"
    )


def test_reads_examples_by_language_and_intent(tmp_path: Path) -> None:
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "zh" / "a.yml").write_text(
        'version: "3.1"\nnlu:\n  - intent: greet\n    examples: |\n      - 你好\n      - 在吗\n'
        "  - regex: phone\n    examples: |\n      - \\d+\n",
        encoding="utf-8",
    )
    (tmp_path / "en" / "a.yml").write_text(
        'version: "3.1"\nnlu:\n  - intent: greet\n    examples: |\n      - hi [there](x)\n',
        encoding="utf-8",
    )
    assert read_examples(tmp_path) == {
        "zh": {"greet": ["你好", "在吗"]},
        "en": {"greet": ["hi [there](x)"]},
    }
