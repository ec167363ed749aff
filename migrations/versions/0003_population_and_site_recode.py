"""population estimates (rate denominators) and the stored SEER site recode of each tumor

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 23:30:38.856676

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('population',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('county', sa.String(length=3), nullable=False),
    sa.Column('seer_registry', sa.String(length=2), nullable=False),
    sa.Column('race', sa.String(length=1), nullable=False),
    sa.Column('origin', sa.String(length=1), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('age_group', sa.SmallInteger(), nullable=False),
    sa.Column('population', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_population')),
    sa.UniqueConstraint('year', 'state', 'county', 'race', 'origin', 'sex', 'age_group', name='uq_population_cell')
    )
    with op.batch_alter_table('population', schema=None) as batch_op:
        batch_op.create_index('ix_population_state_year', ['state', 'year'], unique=False)

    with op.batch_alter_table('tumor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('site_recode', sa.String(length=5), nullable=True))
        batch_op.create_index(batch_op.f('ix_tumor_site_recode'), ['site_recode'], unique=False)



def downgrade():
    with op.batch_alter_table('tumor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tumor_site_recode'))
        batch_op.drop_column('site_recode')

    with op.batch_alter_table('population', schema=None) as batch_op:
        batch_op.drop_index('ix_population_state_year')

    op.drop_table('population')
