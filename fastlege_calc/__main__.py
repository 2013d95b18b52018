"""Run the command line: python -m fastlege_calc --help."""

import sys

from fastlege_calc.cli import main

sys.exit(main())
