"""Linkage thresholds read from the app config (``registry.cfg`` or ``REGISTRY_LINKAGE_*`` variables).

* ``LINKAGE_LINK_THRESHOLD`` (5.0): match weight (bits) at or above which an incoming record is linked
  automatically to its best registry person;
* ``LINKAGE_REVIEW_THRESHOLD`` (-6.0): at or above this (and below the link threshold) the record goes to a
  registrar's review; below it the record is a new person;
* ``LINKAGE_AMBIGUITY_MARGIN`` (5.0): a second registry person scoring within this many bits of the best sends a
  would-be link to review.

docs/linkage.md explains the scale and how the defaults were chosen.
"""

from __future__ import annotations

from collections.abc import Mapping

from registry.linkage.engine import Thresholds


def thresholds_from(config: Mapping) -> Thresholds:
    """Thresholds from a config mapping (Flask's ``app.config``); a bad value raises ValueError."""
    defaults = Thresholds()
    try:
        return Thresholds(
            link=float(config.get("LINKAGE_LINK_THRESHOLD", defaults.link)),
            review=float(config.get("LINKAGE_REVIEW_THRESHOLD", defaults.review)),
            margin=float(config.get("LINKAGE_AMBIGUITY_MARGIN", defaults.margin)),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"linkage thresholds in the app config: {exc}") from exc


def linkage_thresholds() -> Thresholds:
    """The thresholds of the running app."""
    from flask import current_app

    return thresholds_from(current_app.config)
