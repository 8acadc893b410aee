"""The condition evaluator in Python and its twin in the browser agree on shared vectors."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from banshi.conditions import describe, evaluate

HERE = Path(__file__).parent
VECTORS = json.loads((HERE / "vectors" / "conditions.json").read_text(encoding="utf-8"))
SELECTOR = HERE.parent / "templates" / "assets" / "selector.js"


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["why"])
def test_python_evaluator(vector):
    assert evaluate(vector["condition"], vector["answers"]) is vector["expected"]


def test_browser_evaluator_agrees_on_every_vector():
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("node is needed to run the selector's evaluator (apt-get install nodejs)")
    script = (
        "const {evaluate} = require(process.argv[1]);"
        "const vectors = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));"
        "console.log(JSON.stringify(vectors.map(v => evaluate(v.condition, v.answers))));"
    )
    run = subprocess.run(
        [node, "-e", script, str(SELECTOR), str(HERE / "vectors" / "conditions.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout) == [v["expected"] for v in VECTORS]


def test_description_in_words():
    texts = {"entrusted": "是否委托他人代为办理？", "applicant_type": "申请人类型"}
    assert describe({"entrusted": True}, texts) == "是否委托他人代为办理：是"
    assert (
        describe(
            {"any": [{"applicant_type": ["法人", "其他组织"]}, {"not": {"entrusted": False}}]},
            texts,
        )
        == "（申请人类型：法人或其他组织）或（并非（是否委托他人代为办理：否））"
    )
