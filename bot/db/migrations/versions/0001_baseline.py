"""The schema when migrations were introduced: every table as it stood.

Revision ID: 0001
Revises: (none)
Created: 2026-12-04 00:16:03.835229
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.db.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Applies the change."""
    op.create_table(
        "agent_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_events")),
    )
    with op.batch_alter_table("agent_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_events_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_agent_events_at"), ["at"], unique=False)

    op.create_table(
        "agent_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("agent_username", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('cookie', 'bearer')", name="ck_agent_sessions_kind"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_agent_sessions_token_hash")),
    )
    with op.batch_alter_table("agent_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agent_sessions_agent_username"), ["agent_username"], unique=False
        )

    op.create_table(
        "agents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("presence", sa.String(length=8), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("presence IN ('online', 'away', 'offline')", name="ck_agents_presence"),
        sa.CheckConstraint("role IN ('agent', 'supervisor')", name="ck_agents_role"),
        sa.CheckConstraint("capacity >= 1", name="ck_agents_capacity"),
        sa.CheckConstraint("failed_logins >= 0", name="ck_agents_failed_logins"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
        sa.UniqueConstraint("username", name=op.f("uq_agents_username")),
    )
    op.create_table(
        "callbacks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("preferred_time", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callbacks")),
        sa.UniqueConstraint("reference", name=op.f("uq_callbacks_reference")),
    )
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_callbacks_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index("ix_callbacks_status_created", ["status", "created_at"], unique=False)

    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("model", sa.String(length=32), nullable=True),
        sa.Column("serial_number", sa.String(length=32), nullable=True),
        sa.Column("booking_reference", sa.String(length=32), nullable=True),
        sa.Column("customer_name", sa.String(length=100), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("safety_words", sa.JSON(), nullable=False),
        sa.Column("repeat_of", sa.JSON(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("due_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("review_rating", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("reference", name=op.f("uq_complaints_reference")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaints_booking_reference"), ["booking_reference"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_complaints_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_complaints_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_complaints_phone_model", ["phone", "model"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_complaints_serial_number"), ["serial_number"], unique=False
        )
        batch_op.create_index("ix_complaints_status_due", ["status", "due_at"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_table(
        "handoff_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_events")),
    )
    with op.batch_alter_table("handoff_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoff_events_handoff_id"), ["handoff_id"], unique=False
        )

    op.create_table(
        "handoff_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_notes")),
    )
    with op.batch_alter_table("handoff_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoff_notes_handoff_id"), ["handoff_id"], unique=False
        )

    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("agent", sa.String(length=64), nullable=True),
        sa.Column("claimed_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_requests")),
    )
    with op.batch_alter_table("handoff_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoff_requests_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(
            "ix_handoff_requests_queue", ["status", "priority", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handoff_requests_reference"), ["reference"], unique=False
        )

    op.create_table(
        "repair_regions",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=64), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_repair_regions")),
    )
    op.create_table(
        "repair_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("window_hours", sa.Integer(), nullable=False),
        sa.Column("booking_horizon_days", sa.Integer(), nullable=False),
        sa.Column("min_lead_hours", sa.Integer(), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_settings")),
    )
    op.create_table(
        "sold_units",
        sa.Column("serial_number", sa.String(length=16), nullable=False),
        sa.Column("model", sa.String(length=16), nullable=False),
        sa.Column("purchased_on", sa.Date(), nullable=False),
        sa.Column("sales_channel", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("exchanged_on", sa.Date(), nullable=True),
        sa.Column("days_in_repair", sa.Integer(), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("serial_number", name=op.f("pk_sold_units")),
    )
    op.create_table(
        "telegram_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("processed_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_telegram_updates")),
    )
    op.create_table(
        "complaint_updates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_updates_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_updates")),
    )
    with op.batch_alter_table("complaint_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_updates_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("payload", sa.String(length=512), nullable=True),
        sa.Column("buttons", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("delivery", sa.String(length=16), nullable=True),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_messages_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("conversation_id", "seq", name="uq_messages_conversation_seq"),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_messages_conversation_sender", ["conversation_id", "sender"], unique=False
        )

    op.create_table(
        "repair_technicians",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["repair_regions.code"],
            name=op.f("fk_repair_technicians_region_code_repair_regions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_technicians")),
    )
    with op.batch_alter_table("repair_technicians", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_repair_technicians_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "telegram_chats",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_telegram_chats_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_telegram_chats")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_telegram_chats_conversation_id")),
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=16), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=True),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_attachments_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_attachments_message_id_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachments_reference"), ["reference"], unique=False)

    op.create_table(
        "repair_bookings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=40), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=32), nullable=True),
        sa.Column("serial_number", sa.String(length=32), nullable=True),
        sa.Column("symptom", sa.Text(), nullable=False),
        sa.Column("error_code", sa.String(length=16), nullable=True),
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("customer_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("warranty_status", sa.String(length=8), nullable=False),
        sa.Column("quoted_fee", sa.Integer(), nullable=True),
        sa.Column("window_start", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("window_end", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("technician_id", sa.String(length=32), nullable=False),
        sa.Column("reschedule_count", sa.Integer(), nullable=False),
        sa.Column("fixed_first_visit", sa.Boolean(), nullable=True),
        sa.Column("parts_used", sa.JSON(), nullable=False),
        sa.Column("created_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["repair_regions.code"],
            name=op.f("fk_repair_bookings_region_code_repair_regions"),
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["repair_technicians.id"],
            name=op.f("fk_repair_bookings_technician_id_repair_technicians"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_bookings")),
        sa.UniqueConstraint("reference", name=op.f("uq_repair_bookings_reference")),
    )
    with op.batch_alter_table("repair_bookings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_repair_bookings_conversation_id"), ["conversation_id"], unique=False
        )
        batch_op.create_index("ix_repair_bookings_window_start", ["window_start"], unique=False)

    op.create_table(
        "telegram_deliveries",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("delivered_at", bot.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["telegram_chats.chat_id"],
            name=op.f("fk_telegram_deliveries_chat_id_telegram_chats"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_telegram_deliveries")),
    )
    op.create_table(
        "repair_claims",
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.String(length=32), nullable=False),
        sa.Column("window_start", bot.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["repair_bookings.id"],
            name=op.f("fk_repair_claims_booking_id_repair_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["repair_technicians.id"],
            name=op.f("fk_repair_claims_technician_id_repair_technicians"),
        ),
        sa.PrimaryKeyConstraint("booking_id", name=op.f("pk_repair_claims")),
        sa.UniqueConstraint("technician_id", "window_start", name="uq_repair_claims_slot"),
    )


def downgrade() -> None:
    """Reverts the change."""
    op.drop_table("repair_claims")
    op.drop_table("telegram_deliveries")
    with op.batch_alter_table("repair_bookings", schema=None) as batch_op:
        batch_op.drop_index("ix_repair_bookings_window_start")
        batch_op.drop_index(batch_op.f("ix_repair_bookings_conversation_id"))

    op.drop_table("repair_bookings")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_reference"))
        batch_op.drop_index(batch_op.f("ix_attachments_conversation_id"))

    op.drop_table("attachments")
    op.drop_table("telegram_chats")
    with op.batch_alter_table("repair_technicians", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repair_technicians_region_code"))

    op.drop_table("repair_technicians")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_conversation_sender")

    op.drop_table("messages")
    with op.batch_alter_table("complaint_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_updates_complaint_id"))

    op.drop_table("complaint_updates")
    op.drop_table("telegram_updates")
    op.drop_table("sold_units")
    op.drop_table("repair_settings")
    op.drop_table("repair_regions")
    with op.batch_alter_table("handoff_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_requests_reference"))
        batch_op.drop_index("ix_handoff_requests_queue")
        batch_op.drop_index(batch_op.f("ix_handoff_requests_conversation_id"))

    op.drop_table("handoff_requests")
    with op.batch_alter_table("handoff_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_notes_handoff_id"))

    op.drop_table("handoff_notes")
    with op.batch_alter_table("handoff_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoff_events_handoff_id"))

    op.drop_table("handoff_events")
    op.drop_table("conversations")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_status_due")
        batch_op.drop_index(batch_op.f("ix_complaints_serial_number"))
        batch_op.drop_index("ix_complaints_phone_model")
        batch_op.drop_index(batch_op.f("ix_complaints_created_at"))
        batch_op.drop_index(batch_op.f("ix_complaints_conversation_id"))
        batch_op.drop_index(batch_op.f("ix_complaints_booking_reference"))

    op.drop_table("complaints")
    with op.batch_alter_table("callbacks", schema=None) as batch_op:
        batch_op.drop_index("ix_callbacks_status_created")
        batch_op.drop_index(batch_op.f("ix_callbacks_conversation_id"))

    op.drop_table("callbacks")
    op.drop_table("agents")
    with op.batch_alter_table("agent_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_sessions_agent_username"))

    op.drop_table("agent_sessions")
    with op.batch_alter_table("agent_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_events_at"))
        batch_op.drop_index(batch_op.f("ix_agent_events_actor"))

    op.drop_table("agent_events")
