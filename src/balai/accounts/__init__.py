"""Users, their roles bound to areas, and the one module that decides access."""
