"""Fake, deterministic shop buyers: names, usernames, emails, phones, addresses.

Every value is made up from fixed word lists and a hash of (shop, buyer number): no real person
is described, emails use the reserved ``example.com`` domain and phone numbers a fictional
range. A shop has :data:`BUYERS_PER_SHOP` buyers, so repeat customers occur (buyer hashes in the
marts can be tested for it). The values exist so the pipeline has real PII to protect: raw keeps
only what hashing needs, staging hashes it, marts never hold it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.market.hashing import hash_ints

BUYERS_PER_SHOP = 2500

_FIRST = {
    "TH": (
        "Somchai",
        "Suda",
        "Nattapong",
        "Kanya",
        "Preecha",
        "Malee",
        "Anan",
        "Pimchanok",
        "Wichai",
        "Siriporn",
        "Thanakorn",
        "Apinya",
        "Kittisak",
        "Rattana",
        "Chaiwat",
        "Nongluck",
        "Sakda",
        "Waraporn",
        "Pongsak",
        "Duangjai",
        "Arthit",
        "Benjawan",
        "Chanon",
        "Jiraporn",
    ),
    "MY": (
        "Ahmad",
        "Nur Aisyah",
        "Wei Ling",
        "Muthu",
        "Siti",
        "Jia Hui",
        "Hafiz",
        "Priya",
        "Kok Wai",
        "Farah",
        "Arjun",
        "Mei Ling",
        "Zulkifli",
        "Shalini",
        "Chee Keong",
        "Aina",
    ),
}
_LAST = {
    "TH": (
        "Srisuk",
        "Wongsakul",
        "Chaiyaporn",
        "Thongdee",
        "Rattanakorn",
        "Kaewmanee",
        "Boonmee",
        "Phromma",
        "Saetang",
        "Intharasuk",
        "Sukjai",
        "Chanthara",
        "Yodsiri",
        "Klinhom",
        "Panyawong",
        "Meesuk",
    ),
    "MY": (
        "Abdullah",
        "Tan",
        "Lim",
        "Raj",
        "Ismail",
        "Wong",
        "Ibrahim",
        "Krishnan",
        "Lee",
        "Rahman",
        "Ng",
        "Subramaniam",
    ),
}
_PLACES = {
    "TH": (
        ("Bangkok", "Chatuchak", "10900"),
        ("Bangkok", "Bang Rak", "10500"),
        ("Bangkok", "Huai Khwang", "10310"),
        ("Nonthaburi", "Pak Kret", "11120"),
        ("Chiang Mai", "Mueang Chiang Mai", "50200"),
        ("Khon Kaen", "Mueang Khon Kaen", "40000"),
        ("Chon Buri", "Si Racha", "20110"),
        ("Phuket", "Kathu", "83120"),
        ("Songkhla", "Hat Yai", "90110"),
        ("Nakhon Ratchasima", "Mueang", "30000"),
    ),
    "MY": (
        ("Kuala Lumpur", "Bukit Bintang", "55100"),
        ("Selangor", "Petaling Jaya", "46000"),
        ("Selangor", "Shah Alam", "40000"),
        ("Johor", "Johor Bahru", "80000"),
        ("Penang", "George Town", "10200"),
        ("Perak", "Ipoh", "30000"),
    ),
}
_STREETS = (
    "Sukhumvit Rd",
    "Rama IV Rd",
    "Phahonyothin Rd",
    "Jalan Ampang",
    "Jalan Tun Razak",
    "Charoen Krung Rd",
    "Jalan Bukit Bintang",
    "Ratchadaphisek Rd",
)


@dataclass(frozen=True)
class Buyer:
    """A fake buyer of one shop.

    Attributes:
        number: 0-based buyer number within the shop.
        user_id: digits, the platform's buyer/user id.
        first_name / last_name: given and family name.
        username: marketplace handle (Shopee ``buyer_username``).
        email: ``...@example.com``.
        phone: fictional number in national format.
        street / district / city / state / zipcode / country: shipping address parts.
    """

    number: int
    user_id: str
    first_name: str
    last_name: str
    username: str
    email: str
    phone: str
    street: str
    district: str
    city: str
    state: str
    zipcode: str
    country: str

    @property
    def full_name(self) -> str:
        """``first last``."""
        return f"{self.first_name} {self.last_name}"

    @property
    def full_address(self) -> str:
        """One-line address as marketplaces print it."""
        return f"{self.street}, {self.district}, {self.city}, {self.state} {self.zipcode}"


def buyer(shop_index: int, region: str, number: int) -> Buyer:
    """The ``number``-th buyer of a shop (pure function of its arguments).

    Args:
        shop_index: the shop's ``index`` (1-based).
        region: ``TH`` or ``MY`` (picks name and place lists).
        number: buyer number, ``0 <= number < BUYERS_PER_SHOP``.
    """
    h = hash_ints(77, shop_index, number)
    first = _FIRST[region][h % len(_FIRST[region])]
    last = _LAST[region][(h >> 8) % len(_LAST[region])]
    state, city_or_district, zipcode = _PLACES[region][(h >> 16) % len(_PLACES[region])]
    handle = f"{first.split()[0].lower()}.{last[:3].lower()}{number:04d}"
    phone = f"0{8 + (h >> 24) % 2}{(h >> 28) % 100_000_000:08d}"
    street = f"{1 + (h >> 40) % 399}/{1 + (h >> 50) % 30} {_STREETS[(h >> 36) % len(_STREETS)]}"
    return Buyer(
        number=number,
        user_id=str(1_100_000_000 + shop_index * 10_000_000 + number),
        first_name=first,
        last_name=last,
        username=handle,
        email=f"{handle}@example.com",
        phone=phone,
        street=street,
        district=city_or_district,
        city=city_or_district,
        state=state,
        zipcode=zipcode,
        country=region,
    )
