"""`python -m fastlege_book.pdf [HTML_DIR] [OUT_DIR]`: the PDFs from the built website.

The process makes the PDFs and exits, so Python's cyclic garbage collector stays off throughout
(fastlege_book.pdf._cyclic_gc_paused says why), and everything is frozen before the exit: the
interpreter's last collection then leaves WeasyPrint's objects alone. Turned on again at the end,
the collector went through all of them once more (about 1 s).
"""

import gc
import sys

gc.disable()

from fastlege_book.pdf import main  # noqa: E402  (imported with the collector off)

code = main()
gc.freeze()
sys.exit(code)
