"""Residents, families and households of a village, and their NIK / No. KK."""
