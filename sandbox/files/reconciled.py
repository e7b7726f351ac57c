"""Reconciled campaign reports: one row per simulated Meta campaign per settled day.

What the buyer dashboard's "reconciled report" holds: the campaign's final spend (as invoiced),
its attributed revenue, and margin = revenue × the product group's gross margin rate − spend, in
the ad account's currency; owner = the account's media buyer, category = the campaign's product
group. Built from the market's final (settled) metrics, so it never changes for a past day.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from sandbox.files.render import DropFile, money, to_csv
from sandbox.market import Market
from sandbox.market.catalog import MINOR_PER_UNIT, products_in_group

KIND = "reconciled_campaign_reports"
HEADER = (
    "date",
    "platform",
    "account_id",
    "campaign_id",
    "campaign_name",
    "owner",
    "category",
    "currency",
    "spend",
    "revenue",
    "margin",
)
OWNERS: dict[int, str] = {1: "nok", 2: "wei", 3: "alex"}
"""Media buyer of each Meta account by its index (as in ``config/accounts.yml``)."""


def file_name(day: date) -> str:
    """``reconciled_campaign_report_<day>.csv``."""
    return f"reconciled_campaign_report_{day.isoformat()}.csv"


def group_margin_rate(group: str) -> float:
    """Mean gross margin rate (fraction of revenue) of a product group's SKUs."""
    products = products_in_group(group)
    return sum(p.gross_margin_rate for p in products) / len(products)


def report_rows(market: Market, day: date) -> list[tuple[object, ...]]:
    """The report's rows for one account-local day (campaigns with spend or revenue), by id."""
    h = market.hierarchy("meta")
    t = market.truth("meta", day)
    n = len(h.campaigns)
    spend = np.bincount(h.ad_campaign, weights=t.spend_minor, minlength=n)
    value = np.bincount(h.ad_campaign, weights=t.purchase_value_minor, minlength=n)
    accounts = {a.account_id: a for a in h.accounts}
    rows = []
    for i, c in enumerate(h.campaigns):
        if spend[i] == 0 and value[i] == 0:
            continue
        acct = accounts[c.account_id]
        per = MINOR_PER_UNIT[acct.currency]
        s, r = spend[i] / per, value[i] / per
        m = r * group_margin_rate(c.product_group) - s
        rows.append(
            (day.isoformat(), "meta", c.account_id, c.id, c.name, OWNERS.get(acct.index, "nok"),
             c.product_group, acct.currency, money(s), money(r), money(m))
        )  # fmt: skip
    return sorted(rows, key=lambda row: str(row[3]))


def reconciled_report(market: Market, day: date) -> DropFile:
    """The day's reconciled campaign report as dropped (UTF-8, no BOM, LF)."""
    return DropFile(file_name(day), KIND, to_csv(HEADER, report_rows(market, day)))
