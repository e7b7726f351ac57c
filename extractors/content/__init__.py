"""Organic content: Facebook page posts, Instagram media, TikTok videos, and their metrics."""
