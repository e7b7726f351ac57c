"""GA4 in its BigQuery export shape: export files → ``raw.ga4_events``.

``settings`` (layout, properties, lookback), ``files`` (which file holds which day), ``events``
(one file → Arrow rows of the raw contract, parsed by DuckDB), ``sync`` (files → warehouse by
partition overwrite per property and day). On BigQuery the export is read in place by dbt
(``models/staging/ga4``); this package loads files on the embedded default.
"""
