"""Shared Dagster pieces: warehouse resource, partitions, dbt translator and vars."""
