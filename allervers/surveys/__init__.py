"""Local victimisation surveys: questionnaires, anonymous collection, weighted estimates (issue 19)."""
