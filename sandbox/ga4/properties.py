"""Fixed facts of the brand's web stores and their GA4 properties (nothing depends on the seed).

Two GA4 properties, one web data stream each (``config/ga4.yml`` names the same ids):

===============  ===========  ===========================  ========  ==============  =========
property         stream       hostname                     currency  time zone       countries
===============  ===========  ===========================  ========  ==============  =========
``410000001``    5100000001   ``siamglow.example``         THB       Asia/Bangkok    TH
``410000002``    5100000002   ``global.siamglow.example``  USD       Asia/Singapore  SG US MY
===============  ===========  ===========================  ========  ==============  =========

An ad account's clicks land on the property of its country (the TikTok and Google emulators'
final URLs name ``siamglow.example``; visitors from outside Thailand are redirected to the
global store). Traffic that no simulated ad drove follows :data:`ORGANIC_MIX`, whose
source/medium pairs are chosen to exercise GA4's default channel group rules, including one
mis-tagged QR campaign that GA4 leaves Unassigned.
"""

from __future__ import annotations

from dataclasses import dataclass

GA4_CODE = 50
"""Hash-address code of the GA4 streams (ad platforms use 1–3, shops 40; never renumber)."""

TRACKED_SHARE = 0.5
"""Share of website visits (and so of website orders) GA4 records: the rest decline the PDPA
cookie banner, block the tag, or come through an in-app browser that drops the cookie. GA4
sessions from an ad ≈ its web-bound landing-page views × this share."""


@dataclass(frozen=True)
class WebProperty:
    """One web store and its GA4 property.

    Attributes:
        property_id: GA4 property id (the export dataset is ``analytics_<property_id>``).
        stream_id: the web data stream's id.
        name: display name.
        hostname: the store's host (``page_location`` is ``https://<hostname>/...``).
        currency: reporting currency; the store prices and events use it too.
        timezone: reporting time zone; ``event_date`` is the local day in it.
        index: 1-based number used in hash addresses and order ids.
        countries: ISO codes of the ad accounts (and visitors) the store serves.
        organic_sessions_per_day: mean sessions per day no simulated ad drove (weekends +15 %).
        organic_orders_per_day: mean website orders per day of that traffic (tracked or not).
        language: the ``device.language`` most visitors report.
    """

    property_id: str
    stream_id: str
    name: str
    hostname: str
    currency: str
    timezone: str
    index: int
    countries: tuple[str, ...]
    organic_sessions_per_day: float
    organic_orders_per_day: float
    language: str


PROPERTIES: tuple[WebProperty, ...] = (
    WebProperty(
        "410000001",
        "5100000001",
        "Siam Glow TH web store",
        "siamglow.example",
        "THB",
        "Asia/Bangkok",
        1,
        ("TH",),
        500.0,
        14.0,
        "th-th",
    ),
    WebProperty(
        "410000002",
        "5100000002",
        "Siam Glow global web store",
        "global.siamglow.example",
        "USD",
        "Asia/Singapore",
        2,
        ("SG", "US", "MY"),
        150.0,
        3.0,
        "en-us",
    ),
)
PROPERTY_BY_ID: dict[str, WebProperty] = {p.property_id: p for p in PROPERTIES}


def property_of_country(country: str) -> WebProperty:
    """The store an ad account of ``country`` sends its clicks to.

    Raises:
        KeyError: no store serves the country.
    """
    for p in PROPERTIES:
        if country in p.countries:
            return p
    raise KeyError(f"no web store serves country {country}")


@dataclass(frozen=True)
class OrganicSource:
    """A source of traffic no simulated ad drove, as GA4 records it on the landing events.

    Attributes:
        source: ``source`` event param / ``traffic_source.source``.
        medium: ``medium``.
        campaign: ``campaign`` (``(organic)``, ``(referral)``, ``(direct)`` or a UTM campaign).
        referrer: ``page_referrer`` of the landing page (None: typed in, app, email client).
        utm: the visit came through a UTM-tagged link (collected_traffic_source is set).
        weight: share of organic sessions.
        landing_home: share of these sessions landing on the home page (else a product page).
    """

    source: str
    medium: str
    campaign: str
    referrer: str | None
    utm: bool
    weight: float
    landing_home: float


ORGANIC_MIX: tuple[OrganicSource, ...] = (
    OrganicSource("google", "organic", "(organic)", "https://www.google.com/", False, 0.33, 0.4),
    OrganicSource("(direct)", "(none)", "(direct)", None, False, 0.22, 0.8),
    OrganicSource("bing", "organic", "(organic)", "https://www.bing.com/", False, 0.03, 0.4),
    OrganicSource(
        "l.facebook.com", "referral", "(referral)", "https://l.facebook.com/", False, 0.07, 0.3
    ),
    OrganicSource(
        "instagram.com", "referral", "(referral)", "https://instagram.com/", False, 0.04, 0.3
    ),
    OrganicSource("newsletter", "email", "Weekly Glow Letter", None, True, 0.08, 0.5),
    OrganicSource(
        "pantip.com",
        "referral",
        "(referral)",
        "https://pantip.com/topic/42424242",
        False,
        0.06,
        0.1,
    ),
    OrganicSource(
        "youtube.com", "referral", "(referral)", "https://www.youtube.com/", False, 0.03, 0.2
    ),
    OrganicSource("involve_asia", "affiliate", "Always-on Affiliates", None, True, 0.05, 0.1),
    OrganicSource(
        "shopee.co.th", "referral", "(referral)", "https://shopee.co.th/", False, 0.03, 0.1
    ),
    OrganicSource("line", "social", "LINE OA Broadcast", None, True, 0.03, 0.5),
    OrganicSource("flyer", "qr", "Store QR Codes", None, True, 0.03, 0.9),
)
"""Organic, direct, email, referral, affiliate and social traffic; weights sum to 1."""

PAID_UTM: dict[str, tuple[str, str, str]] = {
    "meta": ("facebook", "paid_social", "https://l.facebook.com/"),
    "tiktok": ("tiktok", "paid_social", "https://www.tiktok.com/"),
    "google": ("google", "cpc", "https://www.google.com/"),
}
"""Per ad platform: (utm_source, utm_medium, page_referrer). Meta's are the creatives'
``url_tags`` (``sandbox/meta/market_objects.py``); every ad also tags ``utm_campaign`` with its
campaign name and ``utm_content`` with its ad name. Google clicks also carry a ``gclid``."""
