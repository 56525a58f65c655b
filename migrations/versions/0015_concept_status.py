"""concept statuses valid / replaced / retired, successors and validity dates

Revision ID: 0015_concept_status
Revises: 0014_cluster_source_drafts
Create Date: 2026-12-03 17:00:00

A concept's status was draft / accepted / deprecated; it becomes valid / replaced / retired
(issue 15, NORA/ROSA: geldig, vervangen, vervallen). accepted becomes valid and deprecated
retired. A stored row with "draft" becomes valid too: every row in the concept table is
published (drafts of the workflow live in concept_draft), so a "draft" there only ever meant
"not yet reviewed" in the bundled data and is shown publicly already. The successors of a
replaced concept are concept_relation rows of the new kind replaced_by; valid_from and
valid_until are dates.

The downgrade maps valid back to accepted and replaced and retired to deprecated, and drops
the successors and the dates: the earlier model has no place for them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_concept_status"
down_revision = "0014_cluster_source_drafts"
branch_labels = None
depends_on = None

OLD_STATUSES = ("draft", "accepted", "deprecated")
NEW_STATUSES = ("valid", "replaced", "retired")
OLD_RELATIONS = ("related", "broader", "equivalent")
NEW_RELATIONS = (*OLD_RELATIONS, "replaced_by")


def _within(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade():
    with op.batch_alter_table("concept") as batch:
        batch.drop_constraint(op.f("ck_concept_concept_status"), type_="check")
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
    op.execute("UPDATE concept SET status = 'valid' WHERE status IN ('accepted', 'draft')")
    op.execute("UPDATE concept SET status = 'retired' WHERE status = 'deprecated'")
    with op.batch_alter_table("concept") as batch:
        batch.create_check_constraint(
            op.f("ck_concept_concept_status"), _within("status", NEW_STATUSES)
        )
    with op.batch_alter_table("concept_relation") as batch:
        batch.drop_constraint(op.f("ck_concept_relation_relation_kind"), type_="check")
        batch.create_check_constraint(
            op.f("ck_concept_relation_relation_kind"), _within("kind", NEW_RELATIONS)
        )


def downgrade():
    op.execute("DELETE FROM concept_relation WHERE kind = 'replaced_by'")
    with op.batch_alter_table("concept_relation") as batch:
        batch.drop_constraint(op.f("ck_concept_relation_relation_kind"), type_="check")
        batch.create_check_constraint(
            op.f("ck_concept_relation_relation_kind"), _within("kind", OLD_RELATIONS)
        )
    with op.batch_alter_table("concept") as batch:
        batch.drop_constraint(op.f("ck_concept_concept_status"), type_="check")
        batch.drop_column("valid_until")
        batch.drop_column("valid_from")
    op.execute("UPDATE concept SET status = 'accepted' WHERE status = 'valid'")
    op.execute("UPDATE concept SET status = 'deprecated' WHERE status IN ('replaced', 'retired')")
    with op.batch_alter_table("concept") as batch:
        batch.create_check_constraint(
            op.f("ck_concept_concept_status"), _within("status", OLD_STATUSES)
        )
