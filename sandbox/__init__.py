"""Local emulator of the ad platforms' APIs over a deterministic simulated ad market.

``sandbox.market`` is the platform-agnostic market (and its hidden truth in
``sandbox.market.evaluation``); ``sandbox.meta`` serves it as the Meta Graph API;
``sandbox.replay`` serves recorded real data through the same routes; ``sandbox.process`` runs a
server for demos, tests and benchmarks. Never imports dagster, dbt, ``extractors`` or
``orchestration``. See docs/sandbox.md.
"""
