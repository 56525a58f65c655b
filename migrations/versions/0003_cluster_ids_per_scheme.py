"""cluster ids are unique per concept scheme: clusters get an integer key, titles and
members point at it

Revision ID: 0003_cluster_ids_per_scheme
Revises: 0002_member_order_title_status
Create Date: 2026-12-14 10:00:00

cluster.id was the table's primary key, so a second scheme could not have a cluster of the
same id. Clusters now get a surrogate key `pk` (as concepts have), numbered in scheme and
document order; `id` stays the public id, unique per (scheme_id, id). cluster_title and
cluster_member swap cluster_id for cluster_pk, keeping every row, title, status and place.

The downgrade refuses when two schemes share a cluster id: the old schema cannot hold that.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_cluster_ids_per_scheme"
down_revision = "0002_member_order_title_status"
branch_labels = None
depends_on = None

CHILDREN = ("cluster_title", "cluster_member")
# The second column of each child's primary key, after the cluster.
CHILD_KEYS = {"cluster_title": "lang", "cluster_member": "concept_pk"}


def upgrade():
    # The children let go of cluster.id first: PostgreSQL will not drop a referenced key.
    for table in CHILDREN:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"fk_{table}_cluster_id_cluster"), type_="foreignkey")
            batch_op.add_column(sa.Column("cluster_pk", sa.Integer(), nullable=True))
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pk", sa.Integer(), nullable=True))

    bind = op.get_bind()
    clusters = bind.execute(
        sa.text("SELECT id FROM cluster ORDER BY scheme_id, position, id")
    ).all()
    for number, (cluster_id,) in enumerate(clusters, start=1):
        bind.execute(
            sa.text("UPDATE cluster SET pk = :pk WHERE id = :id"),
            {"pk": number, "id": cluster_id},
        )
    for table in CHILDREN:
        bind.execute(
            sa.text(
                f"UPDATE {table} SET cluster_pk = "
                f"(SELECT pk FROM cluster WHERE cluster.id = {table}.cluster_id)"
            )
        )

    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("pk_cluster"), type_="primary")
        batch_op.alter_column("pk", existing_type=sa.Integer(), nullable=False)
        batch_op.create_primary_key(op.f("pk_cluster"), ["pk"])
        batch_op.create_unique_constraint("uq_cluster_scheme_id", ["scheme_id", "id"])
    if bind.dialect.name == "postgresql":
        # What SERIAL gives a fresh install: new clusters are numbered by the database.
        op.execute("CREATE SEQUENCE cluster_pk_seq OWNED BY cluster.pk")
        op.execute("ALTER TABLE cluster ALTER COLUMN pk SET DEFAULT nextval('cluster_pk_seq')")
        op.execute("SELECT setval('cluster_pk_seq', COALESCE(MAX(pk), 0) + 1, false) FROM cluster")

    for table in CHILDREN:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"pk_{table}"), type_="primary")
            batch_op.drop_column("cluster_id")
            batch_op.alter_column("cluster_pk", existing_type=sa.Integer(), nullable=False)
            batch_op.create_primary_key(op.f(f"pk_{table}"), ["cluster_pk", CHILD_KEYS[table]])
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_cluster_pk_cluster"), "cluster", ["cluster_pk"], ["pk"]
            )


def downgrade():
    bind = op.get_bind()
    shared = [
        row[0]
        for row in bind.execute(
            sa.text("SELECT id FROM cluster GROUP BY id HAVING COUNT(*) > 1 ORDER BY id")
        )
    ]
    if shared:
        raise RuntimeError(
            "cannot downgrade below 0003: more than one scheme has a cluster with the id "
            f"{', '.join(repr(cluster_id) for cluster_id in shared)}, and cluster ids were "
            "global before; remove those clusters from all but one scheme first"
        )

    for table in CHILDREN:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"fk_{table}_cluster_pk_cluster"), type_="foreignkey")
            batch_op.add_column(sa.Column("cluster_id", sa.String(length=100), nullable=True))
        bind.execute(
            sa.text(
                f"UPDATE {table} SET cluster_id = "
                f"(SELECT id FROM cluster WHERE cluster.pk = {table}.cluster_pk)"
            )
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"pk_{table}"), type_="primary")
            batch_op.drop_column("cluster_pk")
            batch_op.alter_column("cluster_id", existing_type=sa.String(length=100), nullable=False)
            batch_op.create_primary_key(op.f(f"pk_{table}"), ["cluster_id", CHILD_KEYS[table]])

    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.drop_constraint("uq_cluster_scheme_id", type_="unique")
        batch_op.drop_constraint(op.f("pk_cluster"), type_="primary")
        batch_op.drop_column("pk")
        batch_op.create_primary_key(op.f("pk_cluster"), ["id"])

    for table in CHILDREN:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_cluster_id_cluster"), "cluster", ["cluster_id"], ["id"]
            )
