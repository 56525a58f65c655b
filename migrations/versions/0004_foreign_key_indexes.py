"""indexes for the foreign keys that are not the first column of a key

Revision ID: 0004_foreign_key_indexes
Revises: 0003_cluster_ids_per_scheme
Create Date: 2026-12-02 01:20:00

Neither SQLite nor PostgreSQL indexes a foreign key by itself. Four were only reachable
through a scan: a concept's clusters (cluster_member.concept_pk, second in its key), its
incoming relations (concept_relation.object_pk), the citations of a source
(citation.source_pk) and the mentions of a concept (cross_link.target_pk, which deleting a
concept cascades through). With 10 000 concepts each scan reads tens of thousands of rows.
"""

from alembic import op

revision = "0004_foreign_key_indexes"
down_revision = "0003_cluster_ids_per_scheme"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_cluster_member_concept_pk", "cluster_member", "concept_pk"),
    ("ix_concept_relation_object_pk", "concept_relation", "object_pk"),
    ("ix_citation_source_pk", "citation", "source_pk"),
    ("ix_cross_link_target_pk", "cross_link", "target_pk"),
)


def upgrade():
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade():
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
