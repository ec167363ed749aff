"""``registry naaccr``: validate and convert NAACCR XML and flat files (docs/cli-contract.md).

Exit status 0 when the file is valid / converted, 1 when it is invalid or refused, 2 on wrong usage.
Errors go to stderr in plain words; ``--json`` output alone goes to stdout. A progress bar is shown
only when stdout is a terminal. ``import`` and ``export`` are added to this group by the database
import/export module.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import click

from registry.naaccr.dictionary import Dictionary, DictionaryError
from registry.naaccr.flat.convert import ConvertError, convert
from registry.naaccr.validate import ValidationReport, validate_file
from registry.naaccr.xml.reader import UNKNOWN_ITEM_MODES
from registry.naaccr.xml.userdict import load_user_dictionary

_FILE = click.Path(exists=True, dir_okay=False, readable=True)


@click.group("naaccr")
def cli() -> None:
    """NAACCR XML and flat-file exchange."""


def _user_dictionaries(paths: Sequence[str]) -> list[Dictionary]:
    """Load and check every --user-dictionary; a bad one ends the command with exit status 1."""
    loaded = []
    for path in paths:
        try:
            loaded.append(load_user_dictionary(path))
        except DictionaryError as exc:
            click.echo(f"error: user dictionary refused: {exc}", err=True)
            sys.exit(1)
    return loaded


@contextmanager
def _progress(path: str, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A callback moving a progress bar (on stderr) to a byte position, when enabled."""
    if not enabled:
        yield None
        return
    with click.progressbar(length=os.path.getsize(path), label="validating", file=sys.stderr) as bar:
        state = {"at": 0}

        def advance(position: int) -> None:
            bar.update(max(position - state["at"], 0))
            state["at"] = max(position, state["at"])

        yield advance


def _print_report(path: str, report: ValidationReport) -> None:
    counts = f"{report.patients} patients, {report.tumors} tumors"
    if report.valid:
        click.echo(f"{path}: valid ({counts})")
        return
    click.echo(f"{path}: NOT valid ({counts}, {len(report.errors)} errors)")
    for e in report.errors:
        item = f" {e.naaccr_id}" if e.naaccr_id else ""
        click.echo(f"line {e.line}: {e.kind}{item}: {e.message}")


@cli.command("validate")
@click.argument("file", type=_FILE)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--relaxed", is_flag=True, help="Accept files without the NAACCR namespace.")
@click.option("--user-dictionary", "user_dictionary", multiple=True, type=_FILE, help="A user-defined dictionary.")
@click.option("--unknown-items", type=click.Choice(UNKNOWN_ITEM_MODES), default="error", show_default=True)
def validate_command(
    file: str, as_json: bool, relaxed: bool, user_dictionary: tuple[str, ...], unknown_items: str
) -> None:
    """Check a NAACCR XML (or flat) FILE against the base and user dictionaries."""
    users = _user_dictionaries(user_dictionary)
    show_bar = not as_json and sys.stdout.isatty()
    with _progress(file, show_bar) as progress:
        report = validate_file(
            file, relaxed=relaxed, user_dictionaries=users, unknown_items=unknown_items, progress=progress
        )
    if as_json:
        click.echo(json.dumps(report.to_json()))
    else:
        _print_report(file, report)
    sys.exit(0 if report.valid else 1)


@cli.command("convert")
@click.argument("src", metavar="IN", type=_FILE)
@click.argument("dst", metavar="OUT", type=click.Path(dir_okay=False, writable=True))
@click.option("--version", "version", help="NAACCR version of the output, e.g. 180 (flat) or 250.")
@click.option("--record-type", type=click.Choice(["A", "M", "C", "I"]), help="Record type of the output.")
@click.option("--relaxed", is_flag=True, help="Accept XML without the NAACCR namespace.")
@click.option("--user-dictionary", "user_dictionary", multiple=True, type=_FILE, help="A user-defined dictionary.")
@click.option("--zero-padding", is_flag=True, help="Zero-fill leftZero/rightZero items in flat output.")
def convert_command(
    src: str,
    dst: str,
    version: str | None,
    record_type: str | None,
    relaxed: bool,
    user_dictionary: tuple[str, ...],
    zero_padding: bool,
) -> None:
    """Convert IN to OUT: flat to XML and back (OUT ending in .xml or .xml.gz is XML, else flat)."""
    users = _user_dictionaries(user_dictionary)
    try:
        report = convert(
            src, dst, version=version, record_type=record_type, relaxed=relaxed,
            user_dictionaries=users, zero_padding=zero_padding,
        )  # fmt: skip
    except ConvertError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for e in report.errors:
        click.echo(f"{'error' if report.refused else 'warning'}: line {e.line}: {e.kind}: {e.message}", err=True)
    if report.refused:
        click.echo(f"error: {src} could not be read; nothing was written", err=True)
        sys.exit(1)
    click.echo(f"wrote {dst} ({report.output_format}): {report.patients} patients, {report.tumors} tumors")
