"""Replay mode: recorded real Meta data served through the same Graph routes."""
