"""The marketplace sources' yml (columns, neutral types, Dagster keys) equals the raw contracts.

``macros/shops/shops_source.sql`` builds an empty stand-in for a missing raw table from these
columns, so a column the TableSpec gains must be declared here too.
"""

from __future__ import annotations

import pyarrow as pa
import pytest
import yaml

from extractors.common import schemas
from tests.dbt.dbt_scenario import DBT_PROJECT

NEUTRAL = {
    "string": pa.types.is_string,
    "bigint": pa.types.is_int64,
    "decimal": pa.types.is_decimal,
    "timestamp": pa.types.is_timestamp,
    "boolean": pa.types.is_boolean,
    "date": pa.types.is_date,
}
SOURCES = {
    "shopee": (schemas.SHOPEE_ORDERS, schemas.SHOPEE_ORDER_ITEMS, schemas.SHOPEE_PRODUCTS),
    "lazada": (schemas.LAZADA_ORDERS, schemas.LAZADA_ORDER_ITEMS, schemas.LAZADA_PRODUCTS),
    "tiktok_shop": (
        schemas.TIKTOK_SHOP_ORDERS,
        schemas.TIKTOK_SHOP_ORDER_ITEMS,
        schemas.TIKTOK_SHOP_PRODUCTS,
    ),
    "shops": (schemas.SKU_MAPPING,),
}


@pytest.mark.parametrize("source", SOURCES)
def test_source_columns_and_types_equal_the_table_specs(source):
    doc = yaml.safe_load(
        (DBT_PROJECT / "models" / "staging" / source / f"_{source}__sources.yml").read_text()
    )
    (src,) = doc["sources"]
    tables = {t["name"]: t for t in src["tables"]}
    assert src["schema"] == "raw"
    assert set(tables) == {spec.name for spec in SOURCES[source]}
    for spec in SOURCES[source]:
        table = tables[spec.name]
        declared = [(c["name"], c["data_type"]) for c in table["columns"]]
        assert [n for n, _ in declared] == spec.columns.names, spec.name
        for (name, neutral), field in zip(declared, spec.columns, strict=True):
            assert NEUTRAL[neutral](field.type), f"{spec.name}.{name}: {neutral} vs {field.type}"
        assert table["config"]["meta"]["dagster"]["asset_key"] == ["raw", spec.name]


def test_every_marketplace_raw_table_is_a_dbt_source():
    declared = set()
    for source in SOURCES:
        doc = yaml.safe_load(
            (DBT_PROJECT / "models" / "staging" / source / f"_{source}__sources.yml").read_text()
        )
        declared |= {t["name"] for t in doc["sources"][0]["tables"]}
    shop_tables = {
        s.name
        for s in (*schemas.SHOP_ORDER_TABLES, *schemas.SHOP_PRODUCT_TABLES, schemas.SKU_MAPPING)
    }
    assert shop_tables == declared
