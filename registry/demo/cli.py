"""`registry demo`: fill the database with a synthetic registry."""

from __future__ import annotations

import sys
import time

import click

from registry.accounts.cli import cli_actor
from registry.core.progress import progress_bar
from registry.demo.loader import ensure_demo_accounts, load_demo, patient_count
from registry.edits.runs import run_database_edits
from registry.extensions import db
from registry.staging.rederive import rederive
from registry.submissions.operations import save_profile
from registry.submissions.profiles import demo_profile_text


@click.command("demo")
@click.option("--patients", default=5000, show_default=True, type=click.IntRange(1, 10_000_000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has patients.")
@click.option("--accounts", is_flag=True, help="Also create one demo account per role and print the sign-ins.")
def cli(patients: int, seed: int, if_empty: bool, accounts: bool) -> None:
    """Fill the database with a realistic synthetic registry (deterministic for a seed)."""
    actor = cli_actor()
    if if_empty and patient_count():
        click.echo(f"The database already has {patient_count():,} patients; no demo data added.", err=True)
    else:
        started = time.perf_counter()
        with progress_bar(patients, "Generating demo patients") as advance:
            loaded = load_demo(patients, seed, actor, progress=advance)
        db.session.commit()
        # As an import would: derive stage items, then run the edits so the work queues are filled.
        with progress_bar(None, "Deriving stage") as advance:
            rederive(actor, progress=advance)
        with progress_bar(None, "Running edits") as advance:
            run_database_edits(progress=advance)
        save_profile(demo_profile_text(), actor)  # the demo state's submission profile
        db.session.commit()
        click.echo(f"Loaded {loaded:,} demo patients (staged and edited) in {time.perf_counter() - started:.1f} s.",
                   err=True)
    if accounts:
        made = ensure_demo_accounts(actor)
        db.session.commit()
        for username, role, password in made:
            click.echo(f"  sign in as {username!r} ({role}) with password {password!r}")
        if not made:
            click.echo("The demo account names are taken by other accounts; none changed.", err=True)
    sys.stdout.flush()
