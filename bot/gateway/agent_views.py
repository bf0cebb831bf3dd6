"""The agent API's response bodies made from the domain's views."""

from __future__ import annotations

from datetime import datetime

from bot.agents import Agent, AgentPrincipal
from bot.gateway.agent_schemas import (
    AgentOut,
    EarlierHandoffOut,
    HandoffDetailOut,
    HandoffItemOut,
    HistoryOut,
    NoteOut,
    SummaryOut,
    TranscriptMessageOut,
)
from bot.handoff import HandoffSummary, HandoffView
from bot.handoff.casefile import CaseFile
from bot.handoff.routing import category_of, matches
from bot.live.customer_stream import agent_photo_url, message_payload

__all__ = ["agent_out", "detail_out", "item_out", "summary_out"]


def agent_out(agent: Agent) -> AgentOut:
    """An account as the API shows it."""
    return AgentOut.model_validate(
        {
            "username": agent.username,
            "display_name": agent.display_name,
            "role": agent.role,
            "languages": list(agent.languages),
            "skills": list(agent.skills),
            "presence": agent.presence,
            "capacity": agent.capacity,
        }
    )


def summary_out(details: HandoffSummary | None) -> SummaryOut | None:
    """A structured summary as the API shows it."""
    return None if details is None else SummaryOut.model_validate(details.to_json())


def item_out(view: HandoffView, principal: AgentPrincipal, now: datetime) -> HandoffItemOut:
    """A handoff in a list, with whether it suits the calling agent."""
    agent = principal.agent
    category = category_of(view)
    return HandoffItemOut.model_validate(
        {
            "id": view.id,
            "conversation_id": view.conversation_id,
            "reason": view.reason,
            "reference": view.reference,
            "priority": view.priority,
            "status": view.status,
            "language": view.language,
            "channel": view.channel,
            "wants": view.details.wants if view.details is not None else view.summary,
            "category": category,
            "waiting_seconds": max(0, int((now - view.created_at).total_seconds())),
            "agent": view.agent,
            "created_at": view.created_at,
            "matches": matches(agent.languages, agent.skills, view.language, category),
        }
    )


def detail_out(case: CaseFile, principal: AgentPrincipal, now: datetime) -> HandoffDetailOut:
    """A handoff's case file as the API shows it."""
    return HandoffDetailOut(
        handoff=item_out(case.handoff, principal, now),
        summary=summary_out(case.handoff.details),
        transcript=[
            TranscriptMessageOut.model_validate(message_payload(line, agent_photo_url))
            for line in case.transcript
        ],
        notes=[NoteOut(id=n.id, author=n.author, text=n.text, at=n.at) for n in case.notes],
        history=HistoryOut(
            handoffs=[
                EarlierHandoffOut(
                    id=h.id,
                    reason=h.reason,
                    status=h.status,
                    agent=h.agent,
                    created_at=h.created_at,
                    wants=h.details.wants if h.details is not None else h.summary,
                )
                for h in case.earlier
            ],
            booking_references=list(case.booking_references),
            complaint_references=list(case.complaint_references),
        ),
    )
