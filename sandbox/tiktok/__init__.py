"""TikTok Business API v1.3 emulator (``/open_api/v1.3/...``) over the market or replay data.

Wire format: every answer is HTTP 200 with ``{"code", "message", "request_id", "data"}``; ``code``
0 is success, errors are body codes (see :mod:`sandbox.tiktok.errors`). Lists page with
``page``/``page_size`` and answer ``page_info {page, page_size, total_number, total_page}``.
Source: TikTok API for Business, Marketing API v1.3 reference (campaign/get, adgroup/get,
ad/get, advertiser/info, report/integrated/get; https://business-api.tiktok.com/portal/docs)
and the official SDK (github.com/tiktok/tiktok-business-api-sdk, python_sdk/docs).
"""
