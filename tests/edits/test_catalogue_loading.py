"""The edit catalogue loads once per process, completely, whatever the timing (issue #14, item 3).

A fresh gunicorn worker's threads all ask for the catalogue at once; each test runs in a fresh interpreter
(subprocess) so that the first load is really the first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_THREADS = """
import json, threading
from registry.edits import engine
N = 16
barrier = threading.Barrier(N)
out = [None] * N
def first_load(i):
    barrier.wait()
    try:
        out[i] = [e.id for e in engine.all_edits()]
    except Exception as exc:
        out[i] = repr(exc)
threads = [threading.Thread(target=first_load, args=(i,)) for i in range(N)]
for t in threads: t.start()
for t in threads: t.join()
try:
    later = [e.id for e in engine.all_edits()]
except Exception as exc:
    later = repr(exc)
print(json.dumps({"threads": out, "later": later}))
"""

_FAILED_LOAD = """
import json, sys
from registry.edits import engine
sys.modules["registry.edits.rules.generated"] = None   # the last rule module cannot be imported
try:
    engine.all_edits()
    first = "loaded"
except ImportError as exc:
    first = "ImportError"
del sys.modules["registry.edits.rules.generated"]      # the cause goes away: the next call loads everything
print(json.dumps({"first": first, "then": [e.id for e in engine.all_edits()]}))
"""


def _run(code: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _reference() -> list[str]:
    """The catalogue one thread loads alone in a fresh interpreter."""
    code = ("import json; from registry.edits import engine; "
            "print(json.dumps({'ids': [e.id for e in engine.all_edits()]}))")
    return _run(code)["ids"]


def test_concurrent_first_loads_all_get_the_complete_catalogue() -> None:
    reference = _reference()
    assert len(reference) > 100 and {"G001", "IF121", "IF122"} <= set(reference)
    result = _run(_THREADS)
    assert result["threads"] == [reference] * 16
    assert result["later"] == reference


def test_a_failed_load_leaves_nothing_half_built() -> None:
    reference = _reference()
    result = _run(_FAILED_LOAD)
    assert result == {"first": "ImportError", "then": reference}


def test_registering_the_same_edit_again_is_a_no_op_and_a_clash_is_refused() -> None:
    import pytest

    from registry.edits.define import edit, registered
    from registry.edits.engine import all_edits

    all_edits()
    before = registered()
    again = before["IF001"]
    edit("IF001", again.name, again.items, message=again.message, rule=again.rule)(again.check)  # same definition
    assert registered() == before

    def impostor(_record) -> bool:
        return True

    with pytest.raises(ValueError, match="edit id IF001 is defined twice"):
        edit("IF001", "Another edit", ("dateOfBirth",), message="m", rule="r")(impostor)
    assert registered() == before
