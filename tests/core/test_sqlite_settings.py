"""The embedded SQLite database runs in WAL mode so pages stay readable while an import writes."""

from registry import create_app
from registry.extensions import db


def test_sqlite_connections_use_wal(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'wal.db'}", "SECRET_KEY": "x"})
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(db.text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        db.session.remove()
        db.engine.dispose()
