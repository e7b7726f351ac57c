"""dbt's ``modules`` namespace: the standard modules dbt exposes to Jinja (lint only)."""

from __future__ import annotations

import datetime

__all__ = ["datetime"]
