"""Test settings: fast hashing, immediate tasks, in-memory mail."""

from balai.config.settings import *  # noqa: F403
from balai.core.env import cache_config

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Counters live in the test database (rolled back with each test), whatever
# CACHE_URL the developer's shell has; test_shared_cache.py covers Redis.
CACHES = {"default": {**cache_config(""), "KEY_PREFIX": "balai-test"}}
# A second alias mirroring the test database, so router tests can switch the
# replica on (BALAI_READ_REPLICA) without a second server. With
# DATABASE_REPLICA_URL set, settings already point it at the real replica.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
