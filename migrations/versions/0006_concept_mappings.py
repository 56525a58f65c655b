"""mappings to concepts of other vocabularies, and the labels fetched for them

Revision ID: 0006_concept_mappings
Revises: 0005_concept_explanations
Create Date: 2026-12-03 08:20:00

concept_mapping holds skos:exactMatch / closeMatch / broadMatch / narrowMatch / relatedMatch
from a concept to the URI of a concept in another vocabulary (NL-SBB allows no mapping inside
one scheme). external_label holds the labels `flask glossary mappings fetch-labels` found for
those URIs; nothing fills it while a request is served.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_concept_mappings"
down_revision = "0005_concept_explanations"
branch_labels = None
depends_on = None

MAPPING_KINDS = ("exact_match", "close_match", "broad_match", "narrow_match", "related_match")


def upgrade():
    op.create_table(
        "concept_mapping",
        sa.Column("concept_pk", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *MAPPING_KINDS,
                name="mapping_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("uri", sa.String(length=1000), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["concept_pk"],
            ["concept.pk"],
            name=op.f("fk_concept_mapping_concept_pk_concept"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("concept_pk", "kind", "uri", name=op.f("pk_concept_mapping")),
    )
    op.create_table(
        "external_label",
        sa.Column("uri", sa.String(length=1000), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uri", "lang", name=op.f("pk_external_label")),
    )


def downgrade():
    op.drop_table("external_label")
    op.drop_table("concept_mapping")
