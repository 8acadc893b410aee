"""``when`` conditions over situation answers (情形): data, never expressions.

A condition is ``{question: value}`` (every pair must hold; a list value means any of them),
``{all: [...]}``, ``{any: [...]}`` or ``{not: condition}``. The browser's situation selector
evaluates the same conditions (``templates/assets/selector.js``); both are tested against the
shared vectors in ``tests/vectors/conditions.json``.
"""

from __future__ import annotations

from collections.abc import Iterator


def _all(results) -> bool | None:
    results = list(results)
    if False in results:
        return False
    return None if None in results else True


def _any(results) -> bool | None:
    results = list(results)
    if True in results:
        return True
    return None if None in results else False


def evaluate(condition: dict | None, answers: dict) -> bool | None:
    """True or False for these answers, or None while a question it needs is unanswered.

    Three-valued (Kleene) so that a notice can list, with their condition, the materials that
    depend on what the applicant has not said yet, instead of silently dropping them.
    """
    if condition is None:
        return True
    if "all" in condition:
        return _all(evaluate(c, answers) for c in condition["all"])
    if "any" in condition:
        return _any(evaluate(c, answers) for c in condition["any"])
    if "not" in condition:
        result = evaluate(condition["not"], answers)
        return None if result is None else not result
    return _all(_compare(answers, q, expected) for q, expected in condition.items())


def _compare(answers: dict, question: str, expected) -> bool | None:
    if question not in answers:
        return None
    options = expected if isinstance(expected, list) else [expected]
    return answers[question] in options


def shown_answer(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def question_label(text: str) -> str:
    """A question as the label of its answer: 是否委托他人代为办理？ reads
    是否委托他人代为办理：是."""
    return text.rstrip("？?：: ")


def describe(condition: dict, texts: dict[str, str]) -> str:
    """The condition in words, e.g. ``是否委托他人代为办理：是``; ``texts`` maps question ids
    to their text."""
    if "all" in condition:
        return "且".join(f"（{describe(c, texts)}）" for c in condition["all"])
    if "any" in condition:
        return "或".join(f"（{describe(c, texts)}）" for c in condition["any"])
    if "not" in condition:
        return f"并非（{describe(condition['not'], texts)}）"
    parts = []
    for question, expected in condition.items():
        options = expected if isinstance(expected, list) else [expected]
        parts.append(
            f"{question_label(texts.get(question, question))}："
            f"{'或'.join(shown_answer(o) for o in options)}"
        )
    return "，".join(parts)


def comparisons(condition: dict, path: tuple = ()) -> Iterator[tuple[str, object, tuple]]:
    """Every ``question: value`` in a condition, with its path below the condition."""
    for key, value in condition.items():
        if key in ("all", "any"):
            for i, child in enumerate(value):
                yield from comparisons(child, path + (key, i))
        elif key == "not":
            yield from comparisons(value, path + ("not",))
        elif isinstance(value, list):
            for i, option in enumerate(value):
                yield key, option, path + (key, i)
        else:
            yield key, value, path + (key,)


def questions(condition: dict | None) -> list[str]:
    """The questions a condition asks, in order, each once."""
    if not condition:
        return []
    return list(dict.fromkeys(q for q, _, _ in comparisons(condition)))
