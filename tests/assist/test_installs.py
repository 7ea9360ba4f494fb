"""A fix never installs a guessed package name, whoever wrote it."""

from __future__ import annotations

from spark_nb.assist.diagnose import diagnose
from spark_nb.assist.rules.distributions import unknown_installs
from tests.assist.test_generate import ScriptedEngine


def test_unknown_installs_are_the_names_no_table_or_metadata_knows():
    cell = "%pip install scikit-learn pandsa reqeusts==1.0\n!pip install -U numpy ./local_pkg\n"
    assert unknown_installs(cell) == ["pandsa", "reqeusts"]
    assert unknown_installs("import pandas as pd\n") == []


def test_a_model_fix_that_installs_a_guessed_name_is_not_offered():
    answer = ("The module is missing.\n```python\n%pip install pandsa\nimport pandsa\n```\n")
    engine = ScriptedEngine(answer, answer)
    d = diagnose("import pandsa\n", "ModuleNotFoundError: No module named 'pandsa'", {}, engine=engine)
    offered = [f for f in d.fixes if f.origin == "model"]
    assert offered == []
    rejected = [f for f in d.rejected if f.origin == "model"]
    assert rejected and any("the fix installs `pandsa`" in c.message for c in rejected[0].checks)
    assert all("pip install" not in (f.source or "") for f in d.fixes)
