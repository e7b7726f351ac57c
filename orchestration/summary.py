"""The short report ``make run`` prints: rows per raw table and mart, top campaigns by ROAS."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from extractors.common.warehouse import DuckDBWarehouse

TOP_CAMPAIGNS_SQL = """
select
    platform,
    campaign_name,
    currency_code,
    sum(spend_thb) as spend_thb,
    sum(conversion_value_thb) as revenue_thb,
    sum(conversion_value_thb) / nullif(sum(spend_thb), 0) as roas
from marts.campaign_performance
where date_day between ? and ?
group by all
having sum(spend_thb) > 0
order by roas desc, spend_thb desc
limit 10
"""


def table_counts(wh: DuckDBWarehouse, schemas: tuple[str, ...]) -> list[tuple[str, int]]:
    """``(schema.table, rows)`` for every base table in ``schemas``, sorted by name."""
    names = wh.query(
        "select table_schema || '.' || table_name as t from information_schema.tables "
        f"where table_type = 'BASE TABLE' and table_schema in ({', '.join('?' * len(schemas))}) "
        "order by 1",
        list(schemas),
    )["t"].to_pylist()
    return [(n, int(wh.query(f"select count(*) as n from {n}")["n"][0].as_py())) for n in names]


def print_summary(path: Path, keys: dg.PartitionKeyRange) -> None:
    """Print the run summary from the DuckDB file at ``path`` (opened read-only)."""
    with DuckDBWarehouse(path, read_only=True) as wh:
        print(f"\nadpilot run: partitions {keys.start}..{keys.end}, warehouse {path}")
        for schema in ("raw", "marts"):
            print(f"\n{schema} tables (rows)")
            for name, n in table_counts(wh, (schema,)):
                print(f"  {name:<48} {n:>10,}")
        top = wh.query(TOP_CAMPAIGNS_SQL, [keys.start, keys.end]).to_pylist()
    print("\ntop 10 campaigns by ROAS (THB)")
    print(
        f"  {'platform':<10} {'campaign':<44} {'ccy':<4} {'spend THB':>14} "
        f"{'revenue THB':>14} {'ROAS':>6}"
    )
    for r in top:
        print(
            f"  {r['platform']:<10} {str(r['campaign_name'])[:44]:<44} {r['currency_code']:<4} "
            f"{r['spend_thb']:>14,.2f} {r['revenue_thb']:>14,.2f} {r['roas']:>6.2f}"
        )
