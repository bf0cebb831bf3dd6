"""Reading what the customer wrote: pure detectors of questions, requests and details.

Actions ask these modules what a message is ("a question?", "an explicit request for a
visit?", "an address?"); the modules know nothing of Rasa, so every rule is table-tested
on its own.
"""
