"""``python -m sandbox serve ...`` (see :mod:`sandbox.cli`)."""

from sandbox.cli import main

raise SystemExit(main())
