"""Google Ads API extractor: GAQL through SearchStream into the raw layer; budget/status writes."""
