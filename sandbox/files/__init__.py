"""CSV file drops of the simulated market, as partners would put them in the inbox.

- reconciled campaign reports (``reconciled_campaign_report_<day>.csv``): one row per Meta
  campaign per settled day — spend, revenue, margin in the account currency, owner (nok / wei /
  alex), category (the product group);
- Saversure scans (``saversure_scans_<day>.csv``): scans per SKU per Thai region, UTF-8 with BOM;
- 7-Eleven sell-out (``7eleven_sellout_<monday>.csv``): units and THB sales per SKU per store
  (Thai store names), CRLF.

Deterministic from the market's seed and clock. :mod:`sandbox.files.broken` makes deliberately
broken variants for tests (bad rows, wrong header, BOM, a cp874 line).
"""

from sandbox.files.drops import market_drops, settled_days, write_drops
from sandbox.files.render import DropFile

__all__ = ["DropFile", "market_drops", "settled_days", "write_drops"]
