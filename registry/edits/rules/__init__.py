"""Edit definitions, registered on import: dates, site/morphology, treatment, patient, schema and generated edits."""
