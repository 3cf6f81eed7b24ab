"""gunicorn settings for ``balai serve --server gunicorn`` (``-c python:balai.config.gunicorn``).

Bind address, workers and threads come from the command line that ``balai
serve`` builds; this file holds what does not vary between deployments.
"""

from balai.core.env import env_int, env_str

# Balai writes its own access line (balai.access, with the request id).
accesslog = None
errorlog = "-"
loglevel = env_str("LOG_LEVEL", "INFO").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "balai.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
timeout = env_int("WEB_TIMEOUT", 60)
graceful_timeout = 30
# Longer than a person's pause between pages, so a browser (or the proxy) never
# sends into a connection the server is just closing.
keepalive = env_int("WEB_KEEPALIVE", 20)
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = env_int("WEB_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files, not data
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load Django once before forking: workers start warm and share memory.
preload_app = True
# No runtime control socket: several instances on one host would share its
# default path, and systemd or Docker already manage the process.
control_socket_disable = True
