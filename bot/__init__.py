"""After-sales customer-service assistant: domain services, persistence and gateway.

Importing this package has no side effects: settings are read, databases opened and
servers started only by the entry points in :mod:`bot.cli`.
"""

__all__: list[str] = []
