"""concepts remember when their own content last changed

Revision ID: 0007_concept_content_changed
Revises: 0006_concept_mappings
Create Date: 2026-12-03 11:00:00

concept.modified_at moves whenever a partner's copy of the concept goes stale, also when only
what it shows of other concepts changed (a renamed related concept, a corrected source). The
page's "Last changed" means the concept's own text: content_changed_at is set by the importer
only when the concept is added or its own record changes. Existing rows start from
modified_at, the best the stored data knows.
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_concept_content_changed"
down_revision = "0006_concept_mappings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("concept") as batch:
        batch.add_column(sa.Column("content_changed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE concept SET content_changed_at = modified_at")
    with op.batch_alter_table("concept") as batch:
        batch.alter_column(
            "content_changed_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )


def downgrade():
    with op.batch_alter_table("concept") as batch:
        batch.drop_column("content_changed_at")
