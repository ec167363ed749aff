"""Moving NAACCR files in and out of the database: import runs, upserts, rejection files, export."""
