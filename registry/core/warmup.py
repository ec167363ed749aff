"""Build every per-process catalogue and table before a worker takes traffic.

The save path and the main pages read reference data that is loaded on first use and then kept for the life of
the process: the NAACCR dictionaries and code lists, the edit catalogue and its per-set plans, the EOD/CS staging
algorithms and their NAACCR mapping, the SSDI schemas, the site/histology and surgery tables, the SEER site
recode, the abstract screen's field specs and field HTML, the coding pickers' term lists. A fresh gunicorn worker
(after a deploy, a crash or ``max_requests`` recycling) would otherwise build them inside its first requests, all
of its threads at once, for several seconds. :func:`warm` builds them up front by running the same functions a
save and the screen run, on synthetic records; gunicorn calls it in ``post_worker_init`` (``gunicorn.conf.py``),
after the worker has loaded the app and before it accepts a connection.

Nothing here touches the database: a worker warms the same way whatever it serves.
"""

from __future__ import annotations

from flask import Flask

# Synthetic records (no real person): one per staging era, so that every algorithm the save path can run is loaded
# (EOD + pediatric for 2024+, EOD for 2018-2023, Collaborative Stage for 2004-2015).
_PATIENT = {"dateOfBirth": "19500101", "sexAssignedAtBirth": "2", "race1": "01", "vitalStatus": "1",
            "dateOfLastContact": "20240301"}
_TUMORS = (
    {"dateOfDiagnosis": "20240105", "primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
     "laterality": "1", "classOfCase": "10", "schemaId": "00480", "ageAtDiagnosis": "074"},
    {"dateOfDiagnosis": "20200610", "primarySite": "C619", "histologicTypeIcdO3": "8140", "behaviorCodeIcdO3": "3",
     "classOfCase": "14", "schemaId": "00580", "ageAtDiagnosis": "070"},
    {"dateOfDiagnosis": "20100310", "primarySite": "C341", "histologicTypeIcdO3": "8070", "behaviorCodeIcdO3": "3",
     "laterality": "2", "classOfCase": "10", "ageAtDiagnosis": "060"},
)


def sample_records() -> list[dict[str, str]]:
    return [{**_PATIENT, **tumor} for tumor in _TUMORS]


def warm(app: Flask | None = None) -> None:
    """Load every lazily built catalogue and table of the save path and the main pages (about 3 s, once);
    with ``app``, compile its page templates too."""
    from registry.abstracting.coding import search_histology, search_topography, site_type_warning, staging_help
    from registry.abstracting.field_html import field_html
    from registry.abstracting.fields import field_specs, spec_for
    from registry.abstracting.saving import derive_staging
    from registry.edits.engine import EDIT_SETS, all_edits, run_edits
    from registry.reports.site_column import site_recode_for

    all_edits()  # the edit catalogue first: the one table whose concurrent first load used to fail
    specs = dict(field_specs())
    for record in sample_records():
        derived = {**record, **derive_staging(record)}
        for edit_set in EDIT_SETS:
            run_edits(derived, edit_set)
        help_ = staging_help(derived)
        specs.update((e["id"], spec) for e in help_.site_specific if (spec := spec_for(e["id"])) is not None)
        site_type_warning(record["primarySite"], record["histologicTypeIcdO3"], record["behaviorCodeIcdO3"])
        site_recode_for(record["primarySite"], record["histologicTypeIcdO3"], record["behaviorCodeIcdO3"],
                        record["dateOfDiagnosis"][:4])
    for spec in specs.values():
        field_html(spec, "", None, None, failing=False, conflicted=False)
    search_topography("C50")
    search_histology("8500")
    search_histology("carcinoma")
    if app is not None:
        for name in app.jinja_env.list_templates(extensions=("html",)):
            app.jinja_env.get_template(name)
