"""Run the build's command line: python -m fastlege_book --help."""

import sys

from fastlege_book.cli import main

sys.exit(main())
