"""The inbox folder: which files are waiting, and where loaded, rejected and repeated files go.

Layout (root = ``$ADPILOT_INBOX_DIR``, default ``data/inbox/``)::

    data/inbox/
        reconciled_campaign_report_2026-11-20.csv   waiting
        archive/2026-11-21/...csv                   loaded on 2026-11-21 (UTC)
        archive/2026-11-21/duplicates/...csv        content already loaded or rejected before
        rejected/...csv  + ...csv.why.txt           refused whole, with the reason

Waiting files are the ``*.csv`` files directly in the root, not hidden (``.x.csv``) and not
partial uploads (``*.csv.part`` etc. are not ``*.csv``). A name already taken at the destination
gets the content hash's first 12 characters before the suffix.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ARCHIVE = "archive"
DUPLICATES = "duplicates"
REJECTED = "rejected"
WHY_SUFFIX = ".why.txt"


@dataclass(frozen=True)
class Inbox:
    """An inbox folder.

    Attributes:
        root: the folder files are dropped into (created on first use).
    """

    root: Path

    def pending(self, modified_before: float | None = None) -> list[Path]:
        """Waiting files, oldest first (modification time, then name).

        Oldest first matters: when an original and its correction wait together, the
        correction loads last and wins.

        Args:
            modified_before: a POSIX time; files modified at or after it are left for later
                (they may still be being written).
        """
        if not self.root.is_dir():
            return []
        files = []
        for p in self.root.iterdir():
            if not p.is_file() or p.name.startswith(".") or p.suffix.lower() != ".csv":
                continue
            mtime = p.stat().st_mtime
            if modified_before is None or mtime < modified_before:
                files.append((mtime, p.name, p))
        return [p for _, _, p in sorted(files)]

    def archive_target(self, path: Path, day: date, file_hash: str) -> Path:
        """Where a loaded file goes: ``archive/<day>/<name>``."""
        return self._free(self.root / ARCHIVE / day.isoformat() / path.name, file_hash)

    def duplicate_target(self, path: Path, day: date, file_hash: str) -> Path:
        """Where a file whose content is already known goes: ``archive/<day>/duplicates/``."""
        return self._free(self.root / ARCHIVE / day.isoformat() / DUPLICATES / path.name, file_hash)

    def rejected_target(self, path: Path, file_hash: str) -> Path:
        """Where a refused file goes: ``rejected/<name>``."""
        return self._free(self.root / REJECTED / path.name, file_hash)

    def move(self, path: Path, target: Path, why: str | None = None) -> Path:
        """Move ``path`` to ``target`` and, with ``why``, write ``<target>.why.txt`` beside it."""
        target.parent.mkdir(parents=True, exist_ok=True)
        if why is not None:
            target.with_name(target.name + WHY_SUFFIX).write_text(why + "\n", encoding="utf-8")
        shutil.move(path, target)
        return target

    def relative(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes (for the ledger)."""
        return path.relative_to(self.root).as_posix()

    @staticmethod
    def _free(target: Path, file_hash: str) -> Path:
        if not target.exists():
            return target
        return target.with_name(f"{target.stem}.{file_hash[:12]}{target.suffix}")
