"""Data-quality edits modelled on the NAACCR/SEER/CoC EDITS: the engine (``engine.run_edits``), the edit
definitions (``rules/``), their reference tables (``data/``, see PROVENANCE.md) and the ``registry edits`` CLI."""
