"""Tests for fastlege_calc, the data and the book."""
