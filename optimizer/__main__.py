"""``python -m optimizer`` (see :mod:`optimizer.cli`)."""

import sys

from optimizer.cli import main

sys.exit(main())
