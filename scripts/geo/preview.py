"""Draw the simplified municipal map as a PNG to look at: python scripts/geo/preview.py [OUT.png] [YEAR].

A plain choropleth of the share of listed patients on lists without a GP (fastlege_calc.geometry.
preview_chart), rendered with vl-convert; municipalities without figures are grey.
"""

import sys
from pathlib import Path

import vl_convert

from fastlege_calc import geometry

out = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/geo-preview.png")
year = int(sys.argv[2]) if len(sys.argv) > 2 else None
out.parent.mkdir(parents=True, exist_ok=True)
out.write_bytes(vl_convert.vegalite_to_png(geometry.preview_chart(year=year).to_dict(), scale=1))
print(f"{out}: {out.stat().st_size} bytes")
