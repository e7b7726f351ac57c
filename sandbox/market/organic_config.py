"""Write ``config/content.csv``: descriptors of the sandbox market's content, deterministically.

The descriptors are what a marketer records and no API returns (content type, source, owner,
products, influencer cost). For the simulated brand they are drawn from the structure seed, so
the committed file matches every market seed::

    python -m sandbox.market.organic_config          # rewrite config/content.csv
    python -m sandbox.market.organic_config --check  # exit 1 if the committed file differs

Every item is described except the two newest organic-only items of each platform (left
undescribed on purpose: the marts show what an undescribed item looks like).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from sandbox.market.catalog import products_in_group
from sandbox.market.market import Market, MarketConfig
from sandbox.market.organic import ContentItem, _u, organic_content

CONFIG_FILE = Path(__file__).resolve().parents[2] / "config" / "content.csv"
COLUMNS = (
    "platform",
    "platform_post_id",
    "content_type",
    "source",
    "owner",
    "products",
    "influencer_cost_thb",
    "status_override",
    "note",
)
_OWNERS = {"THB": "nok", "SGD": "wei", "USD": "alex", "MYR": "wei"}
_UNDESCRIBED_PER_PLATFORM = 2


def _organic_only(item: ContentItem) -> bool:
    return item.post_id is None


def descriptor(item: ContentItem) -> dict[str, str]:
    """The descriptor row of one item (strings, as in the CSV)."""
    u = _u(item.platform, item.item_id, "descriptor")
    source = "INFLUENCER" if u < 0.3 else "PAGE" if u < 0.65 else "STAFF" if u < 0.85 else "UGC"
    if item.platform == "facebook" and source == "INFLUENCER":
        source = "PAGE"  # page posts are the brand's own
    ctype = ("SALE", "REVIEW", "BRANDING", "ECOM")[int(_u(item.item_id, "type") * 4)]
    if source == "INFLUENCER":
        ctype = "REVIEW"
    products = [item.sku]
    group = next(
        g
        for g in ("serum", "sunscreen", "cleanser", "mask", "moisturizer", "set")
        if item.sku in {p.sku for p in products_in_group(g)}
    )
    if _u(item.item_id, "bundle") < 0.25:
        extra = [p.sku for p in products_in_group(group) if p.sku != item.sku]
        products += extra[:1] or ["SG-SER-001"]  # the set's bundle partner: the hero serum
    cost = ""
    if source == "INFLUENCER":
        cost = f"{round(3000 + 27000 * _u(item.item_id, 'cost'), -2):.2f}"
    status = "EXPIRED" if _organic_only(item) and _u(item.item_id, "expired") < 0.2 else ""
    return {
        "platform": item.platform,
        "platform_post_id": item.item_id,
        "content_type": ctype,
        "source": source,
        "owner": _OWNERS[item.account.currency],
        "products": "|".join(products),
        "influencer_cost_thb": cost,
        "status_override": status,
        "note": "",
    }


def render() -> str:
    """The whole CSV text."""
    content = organic_content(Market(MarketConfig()))
    skip: set[str] = set()
    for platform in ("facebook", "instagram", "tiktok"):
        extra = sorted(
            (i for i in content.items if i.platform == platform and _organic_only(i)),
            key=lambda i: (i.created_at, i.item_id),
        )
        skip |= {i.item_id for i in extra[-_UNDESCRIBED_PER_PLATFORM:]}
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in sorted(content.items, key=lambda i: (i.platform, i.item_id)):
        if item.item_id not in skip:
            writer.writerow(descriptor(item))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """CLI: write the file, or ``--check`` it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = CONFIG_FILE.read_text(encoding="utf-8") if CONFIG_FILE.exists() else ""
        if current != text:
            print(
                f"{CONFIG_FILE} is stale: run python -m sandbox.market.organic_config",
                file=sys.stderr,
            )
            return 1
        return 0
    CONFIG_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {CONFIG_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
