"""plain-language explanations of concepts, per language, with their own review status

Revision ID: 0005_concept_explanations
Revises: 0004_foreign_key_indexes
Create Date: 2026-12-03 08:00:00

NL-SBB's "uitleg" (rdfs:comment): a text in plain language (B1) for the children, young
people and parents the framework is about. One row per concept and language; the status
(draft/reviewed) is the explanation's own, apart from the translation status. A new table,
so existing data is untouched. The downgrade drops it with the explanations: the older
schema has no place for them; the CSV keeps them, and importing it after upgrading again
brings them back.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_concept_explanations"
down_revision = "0004_foreign_key_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "concept_explanation",
        sa.Column("concept_pk", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "reviewed",
                name="explanation_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["concept_pk"],
            ["concept.pk"],
            name=op.f("fk_concept_explanation_concept_pk_concept"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("concept_pk", "lang", name=op.f("pk_concept_explanation")),
    )


def downgrade():
    op.drop_table("concept_explanation")
