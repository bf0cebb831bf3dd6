"""Live delivery: server-sent event streams for customers and agents.

A :class:`ChangeFeed` wakes the streams of this process after every write the gateway
makes; on PostgreSQL, a :class:`PostgresBroadcast` carries those wake-ups to the other
gateways. Each stream also re-reads the database every half second, so writes made by
other processes (the action server queues handoffs) arrive too.
"""

from bot.live.broadcast import PostgresBroadcast
from bot.live.feed import ChangeFeed

__all__ = ["ChangeFeed", "PostgresBroadcast"]
