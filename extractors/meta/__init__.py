"""Meta Marketing API extractor (facebook-business SDK)."""
