"""TikTok Business API v1.3 extractor: entities, daily ad reports and write actions."""
