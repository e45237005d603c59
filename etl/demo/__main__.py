"""``python -m etl.demo OUT_DIR [--end YYYY-MM] [--seed N]``."""

import sys

from .cli import main

sys.exit(main())
