"""Where the GA4 export files are, as a Dagster resource."""

from __future__ import annotations

from pathlib import Path

import dagster as dg


class Ga4ExportResource(dg.ConfigurableResource):
    """The folder holding one ``analytics_<property_id>/`` folder per property.

    Attributes:
        export_dir: ``ADPILOT_GA4_EXPORT_DIR`` (default ``data/ga4_export``; ``make run`` writes
            the sandbox market's export there).
    """

    export_dir: str

    def path(self) -> Path:
        """The export folder."""
        return Path(self.export_dir)
