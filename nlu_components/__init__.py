"""NLU components loaded by the Rasa server (they run in the Rasa environment)."""
