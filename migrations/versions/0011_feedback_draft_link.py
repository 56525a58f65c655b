"""a feedback submission links to the draft made from it

Revision ID: 0011_feedback_draft_link
Revises: 0010_feedback
Create Date: 2026-12-03 15:20:00

feedback_submission.draft_slug names the concept whose draft an editor made from the
submission ("Maak een ontwerp" in /beheer/reacties), draft_linked_at when. Drafts are keyed
by concept slug and deleted when published, so the draft editor finds its submissions by the
slug, and the submission finds its publication as the concept's first version published
after the link.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_feedback_draft_link"
down_revision = "0010_feedback"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback_submission") as batch:
        batch.add_column(sa.Column("draft_slug", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("draft_linked_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_feedback_submission_draft_slug", ["draft_slug"], unique=False)


def downgrade():
    with op.batch_alter_table("feedback_submission") as batch:
        batch.drop_index("ix_feedback_submission_draft_slug")
        batch.drop_column("draft_linked_at")
        batch.drop_column("draft_slug")
