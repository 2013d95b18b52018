"""`python -m fastlege_book.pdf [HTML_DIR] [OUT_DIR]`: the PDFs from the built website."""

import sys

from fastlege_book.pdf import main

sys.exit(main())
