"""Pages of the planning module (staff, forums, kabupaten settings, public and resident)."""
