"""The SKU mapping (``config/sku_mapping.csv``, checked by ``config.shops``) as a raw table.

Every load is the whole file with one ``_loaded_at``: staging keeps the latest load only, so a
line deleted from the file stops mapping (``raw.sku_mapping`` itself is merged on its key and
keeps the history of each key's last version).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import orjson
import pyarrow as pa

from extractors.common.schemas import SKU_MAPPING

_FIELDS = ("platform", "shop", "platform_sku", "shop_id", "master_sku", "product_group", "note")


def mapping_table(rows: Iterable[Mapping[str, Any]], source: str, loaded_at: datetime) -> pa.Table:
    """``raw.sku_mapping`` rows from validated mapping rows.

    Args:
        rows: mappings with ``platform, shop, platform_sku, shop_id, master_sku,
            product_group, note, line`` (``config.shops.SkuMappingRow`` as a dict).
        source: the file the rows came from.
        loaded_at: the load's UTC timestamp (the same for every row: it identifies the load).
    """
    out = []
    for r in rows:
        row = {k: r.get(k) for k in _FIELDS}
        out.append(
            {
                **row,
                "source_line": r.get("line"),
                "account_timezone": None,
                "raw_json": orjson.dumps(row).decode(),
                "_loaded_at": loaded_at,
                "_source": source,
            }
        )
    data = {f.name: [r.get(f.name) for r in out] for f in SKU_MAPPING.columns}
    return pa.table(data, schema=SKU_MAPPING.columns)
