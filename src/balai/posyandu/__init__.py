"""Posyandu: child growth monitoring and nutrition services."""
