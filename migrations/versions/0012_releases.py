"""releases: named snapshots of the published framework (issue 15, part B)

Revision ID: 0012_releases
Revises: 0011_feedback_draft_link
Create Date: 2026-12-03 17:00:00

release names a snapshot of a scheme (unique name per scheme), with its title, notes, issue
date, who made it, the data revision it froze and the release before it; release_concept
says which published version (concept_version.version) of every concept it holds;
release_export keeps its download files as bytes with their SHA-256, written once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_releases"
down_revision = "0011_feedback_draft_link"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "release",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scheme_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_pk", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("previous_pk", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_pk"], ["app_user.pk"], name=op.f("fk_release_created_by_pk_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["previous_pk"], ["release.pk"], name=op.f("fk_release_previous_pk_release")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_release")),
        sa.UniqueConstraint("scheme_id", "name", name=op.f("uq_release_scheme_id")),
    )
    op.create_index(op.f("ix_release_created_by_pk"), "release", ["created_by_pk"])
    op.create_index(op.f("ix_release_previous_pk"), "release", ["previous_pk"])
    op.create_table(
        "release_concept",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_pk"],
            ["release.pk"],
            name=op.f("fk_release_concept_release_pk_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_release_concept")),
        sa.UniqueConstraint("release_pk", "slug", name=op.f("uq_release_concept_release_pk")),
    )
    op.create_table(
        "release_export",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_pk"],
            ["release.pk"],
            name=op.f("fk_release_export_release_pk_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_release_export")),
        sa.UniqueConstraint("release_pk", "format", name=op.f("uq_release_export_release_pk")),
    )


def downgrade():
    op.drop_table("release_export")
    op.drop_table("release_concept")
    op.drop_index(op.f("ix_release_previous_pk"), table_name="release")
    op.drop_index(op.f("ix_release_created_by_pk"), table_name="release")
    op.drop_table("release")
