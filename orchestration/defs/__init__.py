"""Dagster definitions, one folder per source system plus dbt and optimizer."""
