"""Password hashing: Argon2id at OWASP's recommended cost.

Django's default Argon2 parameters (100 MiB, 8 lanes) take 0.7 s of a busy
2-core server per login, so a morning rush of village operators queues every
other page behind the hashes. OWASP's Password Storage Cheat Sheet gives
m=19 MiB, t=2, p=1 as a recommended Argon2id setting; it costs about a tenth.
Hashes made with other parameters still verify and are re-hashed at the next
successful login (``must_update``).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class BalaiArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with 19 MiB of memory, 2 passes and 1 lane."""

    time_cost = 2
    memory_cost = 19456
    parallelism = 1
