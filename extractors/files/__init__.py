"""CSV file drops: reconciled campaign reports, daily scans and weekly offline sell-out.

Files dropped in the inbox load once each (content hash ledger ``ops.file_loads``), bad rows go to
``ops.quarantine`` with file and line, and each file is archived or rejected. Entry point:
:class:`extractors.files.load.FileLoader`; kinds and their contracts: :mod:`extractors.files.kinds`.
Never imports dagster or dbt.
"""
