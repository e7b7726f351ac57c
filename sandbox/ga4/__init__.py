"""GA4 for the simulated market: the brand's web stores and their BigQuery-shaped export.

``properties`` (the two GA4 properties, traffic sources), ``orders`` (website orders: the share
of ad purchases the marketplaces do not get — the link between ads, shops and GA4), ``visitors``
(devices, places), ``sessions`` (sessions per ad-day and organic day, column-wise), ``traffic``
(source / medium / campaign columns, UTM query strings), ``events``
(sessions → export-shaped events in DuckDB SQL), ``export`` (daily files per property, late
events), ``replay`` (the recorded public sample as daily files). Run ``python -m sandbox.ga4``.
"""
