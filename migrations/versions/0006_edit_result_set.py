"""edit results: the edit set that produced them, and an index by edit for the edits report

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 23:40:04.144838

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('edit_result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edit_set', sa.String(length=20), server_default='hospital', nullable=False))
        batch_op.create_index('ix_edit_result_edit_tumor', ['edit_id', 'tumor_id'], unique=False)


def downgrade():
    with op.batch_alter_table('edit_result', schema=None) as batch_op:
        batch_op.drop_index('ix_edit_result_edit_tumor')
        batch_op.drop_column('edit_set')
