"""Custom actions run by the action server (``python -m bot actions``).

One module per concern; each action calls the domain services in :mod:`bot`.
"""
