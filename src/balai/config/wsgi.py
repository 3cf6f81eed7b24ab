"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.config.settings")
application = get_wsgi_application()

# Everything loaded at start-up (Django, the URLconf and its views, the
# registries) moves to the permanent generation: a request that builds many
# objects (a kabupaten's indicator table: tens of thousands of Values) no
# longer pays full garbage collections that walk the whole application, and
# forked workers keep sharing those pages.
get_resolver().url_patterns  # noqa: B018 -- import every view module now
gc.freeze()
