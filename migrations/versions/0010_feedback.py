"""feedback from the public and the mail outbox (issue 16)

Revision ID: 0010_feedback
Revises: 0009_drafts_and_versions
Create Date: 2026-12-03 14:10:00

feedback_submission holds remarks on concepts and proposals of new terms, with the SHA-256
of each submitter's status token (never the token). Name, organisation and e-mail are erased
GLOSSARY_FEEDBACK_RETENTION_MONTHS after a submission closes (`flask glossary feedback
prune`). mail_outbox holds e-mail waiting to be sent, so a mail server that is down delays
a notice but never loses a submission.
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_feedback"
down_revision = "0009_drafts_and_versions"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table(
        "feedback_submission",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "kind",
            _enum(
                "feedback_kind",
                "unclear",
                "wrong",
                "missing_synonym",
                "translation",
                "related_term",
                "new_term",
                "other",
            ),
            nullable=False,
        ),
        sa.Column("concept_slug", sa.String(length=200), nullable=True),
        sa.Column("proposed_term", sa.String(length=200), nullable=True),
        sa.Column("proposed_definition", sa.Text(), nullable=True),
        sa.Column("proposed_source", sa.Text(), nullable=True),
        sa.Column("proposed_context", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            _enum("feedback_status", "new", "in_progress", "done", "declined"),
            nullable=False,
        ),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_feedback_submission")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_feedback_submission_token_digest")),
    )
    op.create_index(
        op.f("ix_feedback_submission_concept_slug"), "feedback_submission", ["concept_slug"]
    )
    op.create_index(op.f("ix_feedback_submission_email"), "feedback_submission", ["email"])
    op.create_index(op.f("ix_feedback_submission_status"), "feedback_submission", ["status"])
    op.create_table(
        "mail_outbox",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("submission_pk", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_pk"],
            ["feedback_submission.pk"],
            name=op.f("fk_mail_outbox_submission_pk_feedback_submission"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_mail_outbox")),
    )
    op.create_index(op.f("ix_mail_outbox_submission_pk"), "mail_outbox", ["submission_pk"])
    op.create_index(op.f("ix_mail_outbox_next_attempt_at"), "mail_outbox", ["next_attempt_at"])


def downgrade():
    op.drop_index(op.f("ix_mail_outbox_next_attempt_at"), table_name="mail_outbox")
    op.drop_index(op.f("ix_mail_outbox_submission_pk"), table_name="mail_outbox")
    op.drop_table("mail_outbox")
    op.drop_index(op.f("ix_feedback_submission_status"), table_name="feedback_submission")
    op.drop_index(op.f("ix_feedback_submission_email"), table_name="feedback_submission")
    op.drop_index(op.f("ix_feedback_submission_concept_slug"), table_name="feedback_submission")
    op.drop_table("feedback_submission")
