"""Trainings and awareness actions: catalogue, sessions, registrations, attendance, certificates, agenda (issue 17)."""
