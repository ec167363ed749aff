"""``registry staging`` commands (shapes fixed by docs/cli-contract.md).

``registry staging derive --algorithm NAME --version V`` reads JSON lines of algorithm inputs on
stdin and writes, per line, the input object plus ``result``, ``schema_id``, ``output`` and
``errors`` ([{key, message}]) on stdout. A line that is not a JSON object of strings is reported on
stderr (with its line number) and skipped; the other lines are still staged and the exit status is 1.
An unknown algorithm or version is a usage error (exit 2).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

import click

from registry.staging.engine import Algorithm, AlgorithmNotFound, available_algorithms, load_algorithm


class BadLine(ValueError):
    """A stdin line that cannot be staged; the message says why in plain words."""


def parse_line(text: str) -> dict[str, str]:
    """One JSON object whose values are strings (null = not supplied); BadLine otherwise."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise BadLine("expected a JSON object of input keys to code strings")
    wrong = [key for key, value in data.items() if value is not None and not isinstance(value, str)]
    if wrong:
        raise BadLine(f"values must be strings (NAACCR codes keep their leading zeros): {', '.join(wrong)}")
    return data


def derive_lines(algorithm: Algorithm, lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | BadLine]]:
    """(line number, output object or BadLine) for every non-blank input line."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = parse_line(text)
        except BadLine as problem:
            yield number, problem
            continue
        inputs = {key: value for key, value in data.items() if value is not None}
        yield number, {**data, **algorithm.stage(inputs).as_dict()}


def run_derive(algorithm: Algorithm, source: IO[str], sink: IO[str], errors: IO[str]) -> int:
    """Stage every line of ``source`` into ``sink``; returns the exit status (1 if any line was bad)."""
    status = 0
    for number, outcome in derive_lines(algorithm, source):
        if isinstance(outcome, BadLine):
            errors.write(f"line {number}: {outcome}\n")
            status = 1
        else:
            sink.write(json.dumps(outcome, ensure_ascii=False) + "\n")
    sink.flush()
    return status


@click.group("staging")
def cli() -> None:
    """Derive stage with the SEER staging algorithms (EOD Public, Collaborative Stage, Pediatric)."""


@cli.command("derive")
@click.option("--algorithm", "name", required=True, help="Algorithm name, e.g. eod_public, cs, pediatric.")
@click.option("--version", "version", required=True, help="Algorithm version, e.g. 3.3, 02.05.50, 1.3.")
def derive(name: str, version: str) -> None:
    """Read JSON lines of algorithm inputs on stdin; write JSON lines of results on stdout."""
    try:
        algorithm = load_algorithm(name, version)
    except AlgorithmNotFound:
        known = ", ".join(f"{n} {v}" for n, v in available_algorithms())
        raise click.UsageError(f"no staging algorithm {name} {version}; available: {known}") from None
    status = run_derive(algorithm, sys.stdin, sys.stdout, sys.stderr)
    sys.exit(status)


@cli.command("algorithms")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of text.")
def algorithms(as_json: bool) -> None:
    """List the staging algorithms shipped with the product."""
    found = available_algorithms()
    if as_json:
        click.echo(json.dumps([{"algorithm": n, "version": v} for n, v in found]))
    else:
        for name, version in found:
            click.echo(f"{name} {version}")
