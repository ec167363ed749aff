"""intake: source records, the linkage review queue, per-item provenance on patient and tumor

Existing patients and tumors keep their values and get no source record: they are the registry's own abstract
(registry.intake.models). Patient.source_registry_id widens to hold a source name (a file source is
"file:<sha256>").

Revision ID: 0011_source_records
Revises: 0010_import_run_process
Create Date: 2026-12-03 21:10:00.000000

"""
from alembic import op
import registry.core.base
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0011_source_records'
down_revision = '0010_import_run_process'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table(
        'source_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('source', sa.String(length=80), nullable=False),
        sa.Column('patient_key', sa.String(length=20), nullable=False),
        sa.Column('tumor_key', sa.String(length=40), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('current', sa.Boolean(), nullable=False),
        sa.Column('items', JSON, nullable=False),
        sa.Column('import_run_id', sa.Integer(), nullable=True),
        sa.Column('received_at', registry.core.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=True),
        sa.Column('tumor_id', sa.Integer(), nullable=True),
        sa.Column('patient_system_id_hosp', sa.String(length=20), nullable=True),
        sa.Column('medical_record_number', sa.String(length=20), nullable=True),
        sa.Column('accession_number_hosp', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(['import_run_id'], ['import_run.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['tumor_id'], ['tumor.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('source_record', schema=None) as batch_op:
        batch_op.create_index('ix_source_record_key', ['source', 'patient_key', 'tumor_key', 'current'],
                              unique=False)
        for column in ('import_run_id', 'patient_id', 'tumor_id', 'patient_system_id_hosp',
                       'medical_record_number', 'accession_number_hosp'):
            batch_op.create_index(f'ix_source_record_{column}', [column], unique=False)
    op.create_table(
        'linkage_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_record_id', sa.Integer(), nullable=False),
        sa.Column('candidate_patient_id', sa.Integer(), nullable=True),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('levels', JSON, nullable=True),
        sa.Column('reason', sa.String(length=200), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', registry.core.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['candidate_patient_id'], ['patient.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['source_record_id'], ['source_record.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('linkage_review', schema=None) as batch_op:
        batch_op.create_index('ix_linkage_review_source_record_id', ['source_record_id'], unique=False)
        batch_op.create_index('ix_linkage_review_status', ['status'], unique=False)
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.add_column(sa.Column('item_sources', JSON, nullable=True))
        batch_op.alter_column('source_registry_id', existing_type=sa.String(length=10), type_=sa.String(length=80),
                              existing_nullable=False)
    with op.batch_alter_table('tumor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('item_sources', JSON, nullable=True))


def downgrade():
    with op.batch_alter_table('tumor', schema=None) as batch_op:
        batch_op.drop_column('item_sources')
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.alter_column('source_registry_id', existing_type=sa.String(length=80), type_=sa.String(length=10),
                              existing_nullable=False)
        batch_op.drop_column('item_sources')
    op.drop_table('linkage_review')
    op.drop_table('source_record')
