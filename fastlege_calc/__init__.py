"""fastlege_calc: the calculations, data and charts behind the Fastlegeordningen briefing."""

__version__ = "0.1.0"
