"""Messages keep the client's idempotency key.

Revision ID: 0002
Revises: 0001
Created: 2026-12-04 05:47:39.553383
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Applies the change."""
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            "uq_messages_client_key", ["conversation_id", "client_key"]
        )


def downgrade() -> None:
    """Reverts the change."""
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint("uq_messages_client_key", type_="unique")
        batch_op.drop_column("client_key")
