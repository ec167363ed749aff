"""Staging: SEER staging algorithms (EOD Public 3.3, Collaborative Stage 02.05.50, Pediatric 1.3).

The algorithms are the public decision-table zips, read as shipped; see ``engine.py`` for the API and
``naaccr_mapping.py`` for deriving a NAACCR record's staging items.
"""
