"""casefinding queue and stored edit results per tumor

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:22:45.664459

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401  (JSONB variants render astext_type=Text())
from sqlalchemy.dialects import postgresql

import registry.core.base  # noqa: F401  (custom column types)

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('casefinding_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=30), nullable=False),
    sa.Column('name_last', sa.String(length=40), nullable=True),
    sa.Column('name_first', sa.String(length=40), nullable=True),
    sa.Column('date_of_birth', sa.String(length=8), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('social_security_number', sa.String(length=9), nullable=True),
    sa.Column('medical_record_number', sa.String(length=15), nullable=True),
    sa.Column('primary_site', sa.String(length=4), nullable=True),
    sa.Column('histology', sa.String(length=4), nullable=True),
    sa.Column('date_of_diagnosis', sa.String(length=8), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('tumor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', registry.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', registry.core.base.UtcDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], name=op.f('fk_casefinding_case_facility_id_facility')),
    sa.ForeignKeyConstraint(['tumor_id'], ['tumor.id'], name=op.f('fk_casefinding_case_tumor_id_tumor'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casefinding_case'))
    )
    with op.batch_alter_table('casefinding_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casefinding_case_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_casefinding_case_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casefinding_case_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_casefinding_case_tumor_id'), ['tumor_id'], unique=False)

    op.create_table('edit_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tumor_id', sa.Integer(), nullable=False),
    sa.Column('edit_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('items', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('run_at', registry.core.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tumor_id'], ['tumor.id'], name=op.f('fk_edit_result_tumor_id_tumor'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_edit_result'))
    )
    with op.batch_alter_table('edit_result', schema=None) as batch_op:
        batch_op.create_index('ix_edit_result_severity_tumor', ['severity', 'tumor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_edit_result_tumor_id'), ['tumor_id'], unique=False)



def downgrade():
    with op.batch_alter_table('edit_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_edit_result_tumor_id'))
        batch_op.drop_index('ix_edit_result_severity_tumor')

    op.drop_table('edit_result')
    with op.batch_alter_table('casefinding_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casefinding_case_tumor_id'))
        batch_op.drop_index(batch_op.f('ix_casefinding_case_status'))
        batch_op.drop_index(batch_op.f('ix_casefinding_case_facility_id'))
        batch_op.drop_index(batch_op.f('ix_casefinding_case_created_at'))

    op.drop_table('casefinding_case')
