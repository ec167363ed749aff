"""Issue #15's 95 breast cases: an input left out of a line is not the same as an input sent blank.

The issue streamed the CS AJCC 7 regression file through ``registry staging derive`` and saw 95 breast cases
(C500/8000, 2013) come back ``STAGED`` with AJCC 6 and 7 N and stage group empty; each case "sent alone" gave
the expected values. Reproduced on this tree: the 95 appear exactly when the stream leaves out the inputs the
regression file has blank, and they appear the same way whether a case is sent alone, first, last or in any
order. The difference is ``nodes_eval`` (CS Lymph Nodes Eval): a blank cell (one space) in the file, absent from the
stream.

The reference engine's rule (``DecisionEngine.process`` of the reference staging library): an input whose value
is *not supplied* takes the schema's default (``nodes_eval`` defaults to ``9`` in the breast schema); an input
supplied blank stays blank and is not validated. The reference harness passes every cell, blanks included, so
its expected values are those of a blank ``nodes_eval``. With ``9`` the nodes table answers ERROR for these
inputs and the N, and so the stage group, are empty with the errors listed. Our engine keeps the reference's
rule; these tests pin that the answer depends on the case's own inputs (absent or blank), never on the order.
"""

from __future__ import annotations

import json
import random

from click.testing import CliRunner
from staging_reference import cs_cells, cs_expected, cs_inputs, cs_lines

from registry.staging.cli import cli
from registry.staging.engine import fresh_algorithms, load_algorithm

AJCC7 = "cs_AJCC_7.V020550.10000.txt.gz"
N_AND_STAGE = ("ajcc6_n", "ajcc6_stage", "ajcc7_n", "ajcc7_stage",
               "stor_ajcc6_n", "stor_ajcc6_stage", "stor_ajcc7_n", "stor_ajcc7_stage")


def _without_blanks(inputs: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in inputs.items() if v.strip()}


def _derive(lines: list[dict[str, str]]) -> list[dict]:
    stdin = "".join(json.dumps(line) + "\n" for line in lines)
    result = CliRunner().invoke(cli, ["derive", "--algorithm", "cs", "--version", "02.05.50"], input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _wrong_n_or_stage(answer: dict, expected: dict[str, str]) -> bool:
    return answer["result"] == "STAGED" and any(answer["output"].get(k, "") != expected[k] for k in N_AND_STAGE)


def test_the_issues_95_cases_come_from_absent_inputs_not_from_order() -> None:
    rows = [cs_cells(line) for line in cs_lines(AJCC7)]
    rows = [cells for cells in rows if len(cells) == 80]
    with fresh_algorithms():
        answers = _derive([_without_blanks(cs_inputs(cells)) for cells in rows])
    wrong = [i for i, (answer, cells) in enumerate(zip(answers, rows, strict=True))
             if _wrong_n_or_stage(answer, cs_expected(cells))]
    assert len(wrong) == 95  # the issue's count, with blank inputs left out of the stream
    for i in wrong:
        inputs = cs_inputs(rows[i])
        assert (inputs["site"], inputs["hist"], inputs["year_dx"]) == ("C500", "8000", "2013")
        assert inputs["nodes_eval"].strip() == "" and "nodes_eval" not in answers[i]  # blank cell, left out

    # the same 95 cases, each alone in a fresh engine and then all of them shuffled, answer exactly as in the stream
    shuffled = random.Random(15).sample(wrong, len(wrong))
    with fresh_algorithms():
        alone = {i: _derive([_without_blanks(cs_inputs(rows[i]))])[0] for i in wrong[:5]}
    with fresh_algorithms():
        again = dict(zip(shuffled, _derive([_without_blanks(cs_inputs(rows[i])) for i in shuffled]), strict=True))
    for i in wrong:
        assert again[i] == answers[i]
    for i, answer in alone.items():
        assert answer == answers[i]

    # sent with the blank cell, as the reference harness sends it, every one gives the expected N and stage group
    with fresh_algorithms():
        blank = _derive([cs_inputs(rows[i]) for i in wrong])
    assert not [i for i, a in zip(wrong, blank, strict=True) if _wrong_n_or_stage(a, cs_expected(rows[i]))]


def test_absent_input_takes_the_schema_default_blank_stays_blank() -> None:
    cs = load_algorithm("cs", "02.05.50")
    assert cs.schema("breast").input_map["nodes_eval"].default == "9"
    rows = [cells for cells in map(cs_cells, cs_lines(AJCC7)) if len(cells) == 80]
    inputs = next(cs_inputs(cells) for cells in rows
                  if cs_inputs(cells)["nodes"] == "250" and not cs_inputs(cells)["nodes_eval"].strip()
                  and cs_inputs(cells)["site"] == "C500" and cs_expected(cells)["ajcc7_n"] == "N1")
    absent = {k: v for k, v in inputs.items() if k != "nodes_eval"}
    explicit_default = {**inputs, "nodes_eval": "9"}
    assert cs.stage(inputs).output["ajcc7_n"] == "N1"
    assert cs.stage(absent).output == cs.stage(explicit_default).output
    assert cs.stage(absent).output["ajcc7_n"] == ""
