"""Every ``when`` asks a defined question and expects one of its answers.

A condition that names a question nobody is asked, or an answer that question cannot have,
hides a material from every applicant (or shows it to all). Boolean questions are answered
``true``/``false``; choice questions with one of their ``options``.

Passing::

    catalog/items/000131128000.yaml:
      handling/0/materials/3/when: {applicant_type: [自然人, 法人]}

Failing::

    catalog/items/000131128000.yaml:
      handling/0/materials/3/when: {applicant_type: 个人}
"""

from banshi.conditions import comparisons
from banshi.i18n import _
from banshi.problems import Problem
from banshi.rules._nearest import Nearest

ID = "ref.situation"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("Every ``when`` asks a defined question and expects one of its answers.")


def _answer_problem(question, value) -> str | None:
    if question["type"] == "boolean":
        if not isinstance(value, bool):
            said = _("question {id} is answered true or false, not {value}")
            return said.format(id=question["id"], value=value)
        return None
    if value not in question["options"]:
        options = "、".join(question["options"])
        said = _("{value} is not an option of question {id} ({options})")
        return said.format(value=value, id=question["id"], options=options)
    return None


def check(catalog, scope):
    known = Nearest(catalog.questions)
    for handling in scope.handling():
        for i, row in enumerate(handling["materials"]):
            if "when" not in row:
                continue
            origin = handling.origin.at("materials", i, "when")
            for name, value, path in comparisons(row["when"]):
                question = catalog.questions.get(name)
                if question is None:
                    if not catalog.knows("question", name):
                        yield Problem.at(
                            origin.at(*path[:-1] if isinstance(path[-1], int) else path),
                            ID,
                            _(
                                "question {id} is not defined in rules/situations.yaml.{hint}"
                            ).format(id=name, hint=known.hint(name)),
                        )
                    continue
                message = _answer_problem(question, value)
                if message:
                    yield Problem.at(origin.at(*path), ID, message)
