"""consultation rounds over drafts (issue 16)

Revision ID: 0013_consultations
Revises: 0012_releases
Create Date: 2026-12-03 16:50:00

consultation: a round an editor opens over a set of drafts, with a title, an explanation
and a closing moment. consultation_item: each draft asked about (slug, base version, the
text shown) and, once approved, the version it published. consultation_participant: the
SHA-256 of each participant's personal token and, when given, a name and address (erased
with the feedback retention period after closing). consultation_answer: a participant's
position and comment per item.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_consultations"
down_revision = "0012_releases"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consultation",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scheme_id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_pk", sa.Integer(), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_pk"],
            ["app_user.pk"],
            name=op.f("fk_consultation_created_by_pk_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_consultation")),
    )
    op.create_index(op.f("ix_consultation_scheme_id"), "consultation", ["scheme_id"])
    op.create_index(op.f("ix_consultation_closes_at"), "consultation", ["closes_at"])
    op.create_index(op.f("ix_consultation_created_by_pk"), "consultation", ["created_by_pk"])
    op.create_table(
        "consultation_item",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consultation_pk", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.String(length=100), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_pk"],
            ["consultation.pk"],
            name=op.f("fk_consultation_item_consultation_pk_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_consultation_item")),
        sa.UniqueConstraint(
            "consultation_pk", "slug", name=op.f("uq_consultation_item_consultation_pk")
        ),
    )
    op.create_index(
        op.f("ix_consultation_item_consultation_pk"), "consultation_item", ["consultation_pk"]
    )
    op.create_index(op.f("ix_consultation_item_slug"), "consultation_item", ["slug"])
    op.create_table(
        "consultation_participant",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consultation_pk", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_pk"],
            ["consultation.pk"],
            name=op.f("fk_consultation_participant_consultation_pk_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_consultation_participant")),
        sa.UniqueConstraint(
            "token_digest", name=op.f("uq_consultation_participant_token_digest")
        ),
    )
    op.create_index(
        op.f("ix_consultation_participant_consultation_pk"),
        "consultation_participant",
        ["consultation_pk"],
    )
    op.create_table(
        "consultation_answer",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("participant_pk", sa.Integer(), nullable=False),
        sa.Column("item_pk", sa.Integer(), nullable=False),
        sa.Column(
            "position",
            sa.Enum(
                "agree",
                "agree_with_remarks",
                "disagree",
                name="consultation_position",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_pk"],
            ["consultation_participant.pk"],
            name=op.f("fk_consultation_answer_participant_pk_consultation_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_pk"],
            ["consultation_item.pk"],
            name=op.f("fk_consultation_answer_item_pk_consultation_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_consultation_answer")),
        sa.UniqueConstraint(
            "participant_pk", "item_pk", name=op.f("uq_consultation_answer_participant_pk")
        ),
    )
    op.create_index(
        op.f("ix_consultation_answer_participant_pk"), "consultation_answer", ["participant_pk"]
    )
    op.create_index(op.f("ix_consultation_answer_item_pk"), "consultation_answer", ["item_pk"])


def downgrade():
    op.drop_table("consultation_answer")
    op.drop_table("consultation_participant")
    op.drop_table("consultation_item")
    op.drop_table("consultation")
