"""``registry staging`` commands (shapes fixed by docs/cli-contract.md).

``registry staging derive --algorithm NAME --version V`` reads JSON lines of algorithm inputs on
stdin and writes, per line, the input object plus ``result``, ``schema_id``, ``output`` and
``errors`` ([{key, message}]) on stdout. A line that is not a JSON object of strings is reported on
stderr (with its line number) and skipped; the other lines are still staged and the exit status is 1.
An unknown algorithm or version is a usage error (exit 2).

``registry staging rederive [--algorithm NAME] [--dx-year-from Y] [--dx-year-to Y] [--json]`` derives the
staging items of the stored tumors again (``rederive.py``) and prints a summary: tumors read, tumors changed,
tumors with no algorithm for their year, and per algorithm the tumors by result code (``failed`` sums the
failing codes). The JSON summary is ``{"tumors", "changed", "failed": {code: n}, "not_applicable",
"results": {"name version": {code: n}}, "seconds"}``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

import click

from registry.staging.engine import Algorithm, AlgorithmNotFound, available_algorithms, load_algorithm
from registry.staging.naaccr_mapping import CS, EOD, PEDIATRIC

if TYPE_CHECKING:
    from registry.staging.wiring import DeriveSummary

ALGORITHM_NAMES = sorted(name for name, _version in (EOD, CS, PEDIATRIC))


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


def _print_summary(summary: DeriveSummary, seconds: float) -> None:
    click.echo(f"Rederived {summary.tumors:,} tumors: {summary.changed:,} changed, "
               f"{summary.not_applicable:,} with no algorithm for their year of diagnosis; {seconds:.1f} s.", err=True)
    for label, by_result in sorted(summary.results.items()):
        counts = ", ".join(f"{result} {n:,}" for result, n in sorted(by_result.items()))
        click.echo(f"  {label}: {counts}", err=True)


@cli.command("rederive")
@click.option("--algorithm", "name", type=click.Choice(ALGORITHM_NAMES),
              help="Only this algorithm, on the years of diagnosis it covers (default: every algorithm by year).")
@click.option("--dx-year-from", "year_from", type=int, help="First year of diagnosis to rederive.")
@click.option("--dx-year-to", "year_to", type=int, help="Last year of diagnosis to rederive.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
def rederive_command(name: str | None, year_from: int | None, year_to: int | None, as_json: bool) -> None:
    """Derive the staging items of every stored tumor again and store the ones that changed."""
    from registry.accounts.cli import cli_actor
    from registry.core.progress import progress_bar
    from registry.staging.rederive import count_tumors, rederive

    if year_from is not None and year_to is not None and year_from > year_to:
        raise click.UsageError("--dx-year-from is after --dx-year-to")
    started = time.perf_counter()
    with progress_bar(count_tumors(name, year_from, year_to), "rederiving") as advance:
        summary = rederive(cli_actor(), only=name, year_from=year_from, year_to=year_to, progress=advance)
    seconds = time.perf_counter() - started
    if as_json:
        click.echo(json.dumps({**summary.to_json(), "seconds": round(seconds, 2)}))
    else:
        _print_summary(summary, seconds)
