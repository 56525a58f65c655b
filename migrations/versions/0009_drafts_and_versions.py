"""drafts and published versions of concepts (issue 14)

Revision ID: 0009_drafts_and_versions
Revises: 0008_accounts
Create Date: 2026-12-03 14:00:00

concept_draft holds the unpublished next version of a concept (at most one per concept),
its record whole as JSON; concept_version every published version, whole, with author,
reviewer, change note and the data revision that published it. Both are keyed by scheme
and slug, not by the concept row, so that history outlives a removal. Concepts stored
before this revision have no rows: they count as version 1, and their state is recorded as
version 1 at their first change.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_drafts_and_versions"
down_revision = "0008_accounts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "concept_draft",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scheme_id", sa.String(length=100), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "in_review",
                "rejected",
                name="draft_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("author_pk", sa.Integer(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_pk"], ["app_user.pk"], name=op.f("fk_concept_draft_author_pk_app_user")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_concept_draft")),
        sa.UniqueConstraint("scheme_id", "slug", name=op.f("uq_concept_draft_scheme_id")),
    )
    op.create_index(op.f("ix_concept_draft_author_pk"), "concept_draft", ["author_pk"])
    op.create_table(
        "concept_version",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scheme_id", sa.String(length=100), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_pk", sa.Integer(), nullable=True),
        sa.Column("reviewer_pk", sa.Integer(), nullable=True),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_pk"], ["app_user.pk"], name=op.f("fk_concept_version_author_pk_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_pk"],
            ["app_user.pk"],
            name=op.f("fk_concept_version_reviewer_pk_app_user"),
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_concept_version")),
        sa.UniqueConstraint(
            "scheme_id", "slug", "version", name=op.f("uq_concept_version_scheme_id")
        ),
    )
    op.create_index("ix_concept_version_published_at", "concept_version", ["published_at"])
    op.create_index(op.f("ix_concept_version_author_pk"), "concept_version", ["author_pk"])
    op.create_index(op.f("ix_concept_version_reviewer_pk"), "concept_version", ["reviewer_pk"])


def downgrade():
    op.drop_index(op.f("ix_concept_version_reviewer_pk"), table_name="concept_version")
    op.drop_index(op.f("ix_concept_version_author_pk"), table_name="concept_version")
    op.drop_index("ix_concept_version_published_at", table_name="concept_version")
    op.drop_table("concept_version")
    op.drop_index(op.f("ix_concept_draft_author_pk"), table_name="concept_draft")
    op.drop_table("concept_draft")
