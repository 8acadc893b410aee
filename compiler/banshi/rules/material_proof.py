"""证明事项 and 告知承诺制: a proof names its issuer, and only a proof may take a commitment.

A 证明 (``proof: true``) is a certificate one body issues about a fact (无犯罪记录证明 from the
public security organ); the 证明事项清单 publishes who issues each one, so ``issuer`` is required.
Under 告知承诺制 (``commitment: true``) the applicant may sign a commitment instead of bringing
the proof: that is a choice about a proof, never about an application form or a licence, and the
window hands out a template (``commitment_form``, checked to exist by ``material.file``).

Passing::

    rules/materials.yaml:
      materials/2/proof: true
      materials/2/issuer: 村（居）民委员会
      materials/2/commitment: true
      materials/2/commitment_form: catalog/forms/个体工商户登记申请书.txt

Failing::

    rules/materials.yaml:
      materials/1/commitment: true
      materials/1/commitment_form: catalog/forms/个体工商户登记申请书.txt
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "material.proof"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "证明事项 and 告知承诺制: a proof names its issuer, and only a proof may take a commitment."
    )


def _problems(material):
    proof, commitment = material.get("proof", False), material.get("commitment", False)
    name = material["name"]
    if proof and not material.get("issuer"):
        yield (
            "proof",
            _("{name} is a proof (证明): name its issuer (出具单位), e.g. issuer: 公安机关").format(
                name=name
            ),
        )
    if commitment and not proof:
        yield (
            "commitment",
            _(
                "{name} is not a proof (证明): only a proof may be replaced by a "
                "signed commitment (告知承诺制); add proof: true or remove commitment"
            ).format(name=name),
        )
    if commitment and not material.get("commitment_form"):
        yield (
            "commitment",
            _(
                "{name} may be replaced by a commitment: add commitment_form, the "
                "template of the 告知承诺书 the window hands out"
            ).format(name=name),
        )
    if material.get("commitment_form") and not commitment:
        yield (
            "commitment_form",
            _(
                "{name} has a commitment_form but no commitment: true; add it, or remove the form"
            ).format(name=name),
        )


def check(catalog, scope):
    for material in catalog.materials.values():
        for key, message in _problems(material):
            yield Problem.at(material.origin.at(key), ID, message)
