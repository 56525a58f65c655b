"""drafts and published versions of clusters, sources and the scheme's texts (issue 14)

Revision ID: 0014_cluster_source_drafts
Revises: 0013_consultations
Create Date: 2026-12-03 17:00:00

concept_draft holds drafts of every kind now (`kind`: concept, cluster, source, scheme), so
its unique key becomes (scheme_id, kind, slug): a cluster may share its id with a concept.
part_version keeps every published version of a cluster, a source or the scheme's texts
whole, as concept_version does for concepts. Existing drafts are all of kind "concept".
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_cluster_source_drafts"
down_revision = "0013_consultations"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("concept_draft") as batch:
        batch.drop_constraint("uq_concept_draft_scheme_id", type_="unique")
        batch.create_unique_constraint("uq_concept_draft_scheme_id", ["scheme_id", "kind", "slug"])
    op.create_table(
        "part_version",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("scheme_id", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_pk", sa.Integer(), nullable=True),
        sa.Column("reviewer_pk", sa.Integer(), nullable=True),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_pk"], ["app_user.pk"], name=op.f("fk_part_version_author_pk_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_pk"], ["app_user.pk"], name=op.f("fk_part_version_reviewer_pk_app_user")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_part_version")),
        sa.UniqueConstraint(
            "scheme_id", "kind", "key", "version", name=op.f("uq_part_version_scheme_id")
        ),
    )
    op.create_index(op.f("ix_part_version_author_pk"), "part_version", ["author_pk"])
    op.create_index(op.f("ix_part_version_reviewer_pk"), "part_version", ["reviewer_pk"])


def downgrade():
    op.drop_index(op.f("ix_part_version_reviewer_pk"), table_name="part_version")
    op.drop_index(op.f("ix_part_version_author_pk"), table_name="part_version")
    op.drop_table("part_version")
    # Drafts of other kinds cannot stay under the older key (scheme_id, slug).
    op.execute("DELETE FROM concept_draft WHERE kind <> 'concept'")
    with op.batch_alter_table("concept_draft") as batch:
        batch.drop_constraint("uq_concept_draft_scheme_id", type_="unique")
        batch.create_unique_constraint("uq_concept_draft_scheme_id", ["scheme_id", "slug"])
