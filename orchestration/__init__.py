"""Dagster wiring: assets, schedules, sensors, checks and resources. No business logic."""
