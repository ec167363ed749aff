"""import runs: the process running them (pid, host) and the uploaded file kept for them

Revision ID: 0010_import_run_process
Revises: 0009_accounts_sessions_throttle
Create Date: 2026-12-03 19:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0010_import_run_process'
down_revision = '0009_accounts_sessions_throttle'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pid', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('host', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('stored_file', sa.String(length=500), nullable=True))
        batch_op.create_index('ix_import_run_status', ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.drop_index('ix_import_run_status')
        batch_op.drop_column('stored_file')
        batch_op.drop_column('host')
        batch_op.drop_column('pid')
