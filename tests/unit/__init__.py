"""Unit tier: no build."""
