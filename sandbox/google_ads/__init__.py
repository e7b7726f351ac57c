"""The Google Ads API (v26) emulator: gRPC with TLS over the simulated market.

``tls`` (self-signed CA + server certificate), ``gaql`` (the query language subset), ``fields``
(fields that exist in the v26 protos vs fields served, validation), ``backend`` (market →
columnar rows), ``search`` (filter/order/limit, ``GoogleAdsRow`` batches), ``mutate`` (budget and
status updates), ``errors`` (``GoogleAdsFailure`` in trailing metadata), ``service`` (the
servicer: auth, faults, stats) and ``server`` (start/stop next to the HTTP sandbox).
"""
