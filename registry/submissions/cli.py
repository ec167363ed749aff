"""``registry submissions``: load profiles, build and list state submission batches, record the answer.

Follows shared/docs/cli-contract.md: exit 0 success, 1 refused input or a failed check (a batch blocked by
error-level edits, an unknown or invalid profile), 2 wrong usage; errors to stderr in plain words; ``--json``
output alone on stdout; a progress bar only when stdout is a terminal. ``build`` with nothing new or changed
to send writes no file, says so on stderr and exits 0.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from sqlalchemy import func, select

from registry.accounts.cli import cli_actor
from registry.core.progress import progress_bar
from registry.extensions import db
from registry.submissions.build import NothingToSend, build_batch
from registry.submissions.models import SubmissionBatch, SubmissionProfile
from registry.submissions.operations import BatchStateError, close_batch, get_profile, mark_sent, save_profile
from registry.submissions.profiles import ProfileError, demo_profile_text, parse_profile
from registry.submissions.selection import case_conditions
from registry.submissions.timeliness import timeliness


@click.group("submissions")
def cli() -> None:
    """State submissions: profiles, batches, timeliness."""


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def _profile_or_fail(name: str) -> SubmissionProfile:
    row = get_profile(name)
    if row is None:
        names = ", ".join(db.session.scalars(select(SubmissionProfile.name).order_by(SubmissionProfile.name)))
        _fail(f"no submission profile named {name!r} (have: {names or 'none'})")
    return row


def batch_json(batch: SubmissionBatch) -> dict[str, object]:
    """One batch as JSON (``submissions list --json`` rows and ``build --json``)."""
    return {"id": batch.id, "profile": batch.profile.name, "number": batch.number, "status": batch.status,
            "file": batch.file_path, "sha256": batch.sha256, "patients": batch.patients, "tumors": batch.tumors,
            "new": batch.new_count, "corrections": batch.correction_count, "held": batch.held_count,
            "warnings": batch.warning_count, "built_by": batch.built_by,
            "built_at": batch.built_at.isoformat(timespec="seconds"),
            "sent_at": batch.sent_at.isoformat(timespec="seconds") if batch.sent_at else None}


@cli.command("load-profile")
@click.argument("file", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--demo", is_flag=True, help="Load the packaged demo profile (Maryland).")
def load_profile_command(file: str | None, demo: bool) -> None:
    """Create or replace a submission profile from a YAML FILE."""
    if bool(file) == demo:
        raise click.UsageError("give a profile FILE or --demo")
    text = demo_profile_text() if demo else Path(file).read_text(encoding="utf-8")
    try:
        row = save_profile(text, cli_actor())
    except ProfileError as exc:
        _fail("the profile was refused:\n  " + "\n  ".join(exc.problems))
    db.session.commit()
    click.echo(f"profile {row.name} ({row.recipient}) saved")


@cli.command("build")
@click.option("--profile", "profile_name", required=True, help="The submission profile's name.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True), help="The file to write "
              "(gzipped NAACCR XML; the manifest goes beside it as NAME.manifest.json).")
@click.option("--json", "as_json", is_flag=True, help="Print the batch as JSON.")
def build_command(profile_name: str, out: str, as_json: bool) -> None:
    """Build the next batch of a profile: select, run the edits gate, write the file and record the batch."""
    row = _profile_or_fail(profile_name)
    try:
        profile = parse_profile(row.yaml)
    except ProfileError as exc:
        _fail(f"profile {profile_name} is not valid: {exc}")
    total = db.session.scalar(select(func.count()).select_from(
        select(1).where(*case_conditions(profile.selection)).subquery())) if sys.stdout.isatty() else None
    try:
        with progress_bar(total, "building") as advance:
            batch = build_batch(row, cli_actor(), out=out, progress=advance)
    except NothingToSend as exc:
        click.echo(str(exc), err=True)
        return
    db.session.commit()
    if as_json:
        click.echo(json.dumps({**batch_json(batch), "failures": batch.failures or []}))
    else:
        _print_batch(batch)
    if batch.status == "blocked":
        sys.exit(1)


def _print_batch(batch: SubmissionBatch) -> None:
    for f in (batch.failures or [])[:50]:
        click.echo(f"patient {f['patientIdNumber']} tumor {f['tumorRecordNumber']}: {f['edit']}: {f['message']}",
                   err=True)
    if batch.status == "blocked":
        click.echo(f"batch {batch.number} BLOCKED: {batch.manifest['counts']['records_with_errors']} tumors fail "
                   "error-level edits; nothing was written", err=True)
        return
    click.echo(f"batch {batch.number}: wrote {batch.file_path} ({batch.patients} patients, {batch.tumors} tumors: "
               f"{batch.new_count} new, {batch.correction_count} corrections; {batch.held_count} held by edits)")


@cli.command("list")
@click.option("--profile", "profile_name", help="Only this profile's batches.")
@click.option("--json", "as_json", is_flag=True, help="Print the batches as JSON.")
def list_command(profile_name: str | None, as_json: bool) -> None:
    """List submission batches, newest first."""
    stmt = select(SubmissionBatch).order_by(SubmissionBatch.built_at.desc(), SubmissionBatch.id.desc())
    if profile_name:
        stmt = stmt.where(SubmissionBatch.profile_id == _profile_or_fail(profile_name).id)
    rows = [batch_json(b) for b in db.session.scalars(stmt)]
    if as_json:
        click.echo(json.dumps(rows))
        return
    for r in rows:
        click.echo(f"{r['id']:>5} {r['profile']:<16} #{r['number']:<4} {r['status']:<9} {r['tumors']:>7} tumors  "
                   f"{r['built_at']}  {r['file'] or ''}")
    click.echo(f"{len(rows)} batches")


@cli.command("mark")
@click.argument("batch_id", type=int)
@click.argument("status", type=click.Choice(["sent", "accepted", "rejected"]))
@click.option("--report", type=click.Path(exists=True, dir_okay=False), help="The recipient's report to attach.")
@click.option("--note", default="", help="A note on the recipient's answer.")
def mark_command(batch_id: int, status: str, report: str | None, note: str) -> None:
    """Record that batch BATCH_ID was sent, or accepted or rejected by the recipient."""
    batch = db.session.get(SubmissionBatch, batch_id)
    if batch is None:
        _fail(f"no submission batch {batch_id}")
    try:
        if status == "sent":
            mark_sent(batch, cli_actor())
        else:
            data = Path(report).read_bytes() if report else None
            close_batch(batch, status == "accepted", cli_actor(), note=note,
                        report_name=Path(report).name if report else None, report=data)
    except BatchStateError as exc:
        _fail(str(exc))
    db.session.commit()
    click.echo(f"batch {batch.number} of {batch.profile.name} is now {batch.status}")


@cli.command("timeliness")
@click.option("--profile", "profile_name", required=True)
@click.option("--json", "as_json", is_flag=True)
def timeliness_command(profile_name: str, as_json: bool) -> None:
    """Cases per diagnosis month abstracted and submitted within the profile's deadline."""
    row = _profile_or_fail(profile_name)
    rows = timeliness(parse_profile(row.yaml), row.id)
    if as_json:
        click.echo(json.dumps([{**r.__dict__} for r in rows]))
        return
    for r in rows:
        click.echo(f"{r.month}  {r.cases:>6} cases  abstracted in time {r.abstracted_on_time:>6} "
                   f"({r.abstracted_pct:5.1f}%)  submitted in time {r.submitted_on_time:>6} ({r.submitted_pct:5.1f}%)")
