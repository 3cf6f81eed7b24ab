"""Indicators across modules, each a numerator and denominator per area and period."""
