"""Pieces shared by every extractor: retries, redaction, raw schemas, warehouse, loader."""
