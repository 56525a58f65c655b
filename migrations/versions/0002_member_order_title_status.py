"""cluster members get their own order; cluster titles and scheme texts a translation status;
sources the language of their title

Revision ID: 0002_member_order_title_status
Revises: 0001_initial_schema
Create Date: 2026-12-01 21:50:00

cluster_member.position used to hold the cluster's place in the concept's list; it now holds
the concept's place in the cluster, and fixed_position the place the CSV asked for. Existing
rows are ranked by the concepts' file order, as readers ordered them before.

Titles and descriptions get the status their concept translations have: "source" in the
source language (the language concept_translation marks as source), "draft" otherwise.
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_member_order_title_status"
down_revision = "0001_initial_schema"
branch_labels = None
depends_on = None

STATUSES = ("source", "draft", "reviewed")


def _status_column(name: str) -> sa.Column:
    return sa.Column(
        "status",
        sa.Enum(*STATUSES, name=name, native_enum=False, create_constraint=True, length=32),
        nullable=False,
        server_default="source",
    )


def upgrade():
    with op.batch_alter_table("cluster_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fixed_position", sa.Integer(), nullable=True))
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=16), nullable=False, server_default="")
        )
    with op.batch_alter_table("cluster_title", schema=None) as batch_op:
        batch_op.add_column(_status_column("cluster_title_status"))
    with op.batch_alter_table("scheme_text", schema=None) as batch_op:
        batch_op.add_column(_status_column("scheme_text_status"))

    bind = op.get_bind()
    members = bind.execute(
        sa.text(
            "SELECT m.cluster_id, m.concept_pk FROM cluster_member m "
            "JOIN concept c ON c.pk = m.concept_pk ORDER BY m.cluster_id, c.position, c.pk"
        )
    ).all()
    rank: dict[str, int] = {}
    for cluster_id, concept_pk in members:
        rank[cluster_id] = rank.get(cluster_id, 0) + 1
        bind.execute(
            sa.text(
                "UPDATE cluster_member SET position = :position "
                "WHERE cluster_id = :cluster AND concept_pk = :concept"
            ),
            {"position": rank[cluster_id], "cluster": cluster_id, "concept": concept_pk},
        )
    source_languages = [
        row[0]
        for row in bind.execute(
            sa.text("SELECT DISTINCT lang FROM concept_translation WHERE status = 'source'")
        )
    ]
    if source_languages:
        for table in ("cluster_title", "scheme_text"):
            bind.execute(
                sa.text(f"UPDATE {table} SET status = 'draft' WHERE lang NOT IN :langs").bindparams(
                    sa.bindparam("langs", expanding=True)
                ),
                {"langs": source_languages},
            )

    for table in ("cluster_title", "scheme_text"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("status", server_default=None)


def downgrade():
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("language")
    for table in ("scheme_text", "cluster_title"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{table}_status"), type_="check")
            batch_op.drop_column("status")
    with op.batch_alter_table("cluster_member", schema=None) as batch_op:
        batch_op.drop_column("fixed_position")
