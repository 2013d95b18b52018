"""The extension tier: the Sphinx extension on a small fixture book."""
