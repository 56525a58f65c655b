"""accounts, API tokens and the audit log (issue 14)

Revision ID: 0008_accounts
Revises: 0007_concept_content_changed
Create Date: 2026-12-03 10:45:00

app_user holds the people who may edit (the e-mail address stored in lower case, so unique
whatever its capitals; an Argon2 hash, never a password). api_token holds the SHA-256
digests of bearer tokens. audit_log records every write, kept for
GLOSSARY_AUDIT_RETENTION_DAYS. "user" is a reserved word in PostgreSQL, hence app_user.
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_accounts"
down_revision = "0007_concept_content_changed"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table(
        "app_user",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", _enum("user_role", "editor", "reviewer", "admin"), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_app_user")),
        sa.UniqueConstraint("email", name=op.f("uq_app_user_email")),
    )
    op.create_table(
        "api_token",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_pk"], ["app_user.pk"], name=op.f("fk_api_token_user_pk_app_user")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_api_token")),
        sa.UniqueConstraint("digest", name=op.f("uq_api_token_digest")),
    )
    op.create_index(op.f("ix_api_token_user_pk"), "api_token", ["user_pk"])
    op.create_table(
        "audit_log",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_pk", sa.Integer(), nullable=True),
        sa.Column("token_pk", sa.Integer(), nullable=True),
        sa.Column("via", _enum("audit_via", "web", "api", "cli"), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=400), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_pk"], ["app_user.pk"], name=op.f("fk_audit_log_user_pk_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["token_pk"], ["api_token.pk"], name=op.f("fk_audit_log_token_pk_api_token")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index(op.f("ix_audit_log_user_pk"), "audit_log", ["user_pk"])
    op.create_index(op.f("ix_audit_log_token_pk"), "audit_log", ["token_pk"])


def downgrade():
    op.drop_index(op.f("ix_audit_log_token_pk"), table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_user_pk"), table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index(op.f("ix_api_token_user_pk"), table_name="api_token")
    op.drop_table("api_token")
    op.drop_table("app_user")
