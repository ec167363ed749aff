"""Data-quality edits modelled on the NAACCR/SEER/CoC EDITS: the engine (``engine.run_edits``), the edit
definitions (``rules/``), their reference tables (``data/``, see PROVENANCE.md), the ``registry edits`` CLI,
runs over the database (``runs``: batches read by ``records``, results stored by ``results``, ``summary``) and
the edits report (``queries``, ``views``)."""
