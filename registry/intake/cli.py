"""`registry linkage review`: the open person-linkage review items of intake."""

from __future__ import annotations

import json

import click

from registry.intake.review import open_reviews


@click.group("linkage")
def cli() -> None:
    """Person linkage of incoming reports."""


@cli.command("review")
@click.option("--json", "as_json", is_flag=True, help="Print the open review items as JSON on stdout.")
def review_command(as_json: bool) -> None:
    """List the open review items: incoming patients waiting for a registrar's link / new person decision."""
    items = open_reviews()
    if as_json:
        click.echo(json.dumps(items))
        return
    for item in items:
        score = "" if item["score"] is None else f"{item['score']:.1f}"
        click.echo(f"{item['id']}\t{item['source']}\t{item['patient_key']}\t{item['candidate_patient_id'] or ''}\t"
                   f"{score}")
    click.echo(f"{len(items):,} open review item(s).", err=True)
