"""Pages of the letters module (public, staff, resident self-service)."""
