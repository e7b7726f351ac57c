"""The inbox and its configuration as a Dagster resource."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from config.files import FILES_FILE, FilesConfig, load_files_config, load_sku_catalog
from extractors.common.warehouse import Warehouse
from extractors.files.inbox import Inbox
from extractors.files.load import FileLoader


class FileDropsResource(dg.ConfigurableResource):
    """Where files are dropped and how they are read.

    Attributes:
        inbox_dir: the inbox folder (``ADPILOT_INBOX_DIR``, default ``data/inbox/``).
        config_file: ``config/files.yml`` (read on every run, so edits apply without a restart).
    """

    inbox_dir: str
    config_file: str = str(FILES_FILE)

    def inbox(self) -> Inbox:
        """The inbox folder."""
        return Inbox(Path(self.inbox_dir))

    def config(self) -> FilesConfig:
        """``config/files.yml``, validated.

        Raises:
            config.loading.ConfigError: the file is missing or invalid (the field is named).
        """
        return load_files_config(self.config_file)

    def loader(self, warehouse: Warehouse) -> FileLoader:
        """A :class:`FileLoader` writing to ``warehouse`` (close it, or use it in ``with``)."""
        cfg = self.config()
        return FileLoader(warehouse, self.inbox(), cfg, load_sku_catalog(cfg.sku_mapping_path()))
