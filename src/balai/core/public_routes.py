"""The explicit list of routes anyone may call without logging in.

``accounts/tests/test_route_access.py`` checks that exactly these routes are
marked public and that every other route refuses an anonymous caller. Each
module keeps its own section; a public route must show no personal data.
"""

PUBLIC_ROUTES: dict[str, set[str]] = {
    "core": {"core:healthz", "core:readyz", "set_language"},
    "accounts": {"accounts:login", "accounts:logout"},
    "regions": {"regions:index", "regions:search", "regions:detail"},
    "api": {"api:openapi-json", "api:openapi-view"},
    "registry": {"registry:public_stats", "registry:public_stats_xlsx"},
    "letters": {
        "letters:standards_public",
        "letters:standards_poster",
        "letters:maklumat",
        "letters:verify",
        "letters:verify_lookup",
        "letters:resident_login",
        "letters:resident_activate",
    },
    "complaints": {
        "complaints:index",
        "complaints:file",
        "complaints:filed",
        "complaints:track",
        "complaints:status",
        "complaints:reply",
        "complaints:reopen",
        "complaints:rate",
        "complaints:survey",
    },
    "posyandu": set(),
    "planning": {"planning:track", "planning:track_lookup"},
    "finance": {
        "finance:rules",
        "finance:public",
        "finance:poster",
        "finance:open_data",
    },
    # The catalogue of applied innovations (no personal data).
    "innovation": {"innovation:catalogue", "innovation:catalogue_detail"},
    "onestop": {
        "onestop:catalogue",
        "onestop:service",
        "onestop:location",
        "onestop:book",
        "onestop:kiosk",
        "onestop:kiosk_checkin",
        "onestop:display",
        "onestop:appointment",
        "onestop:appointment_cancel",
        "onestop:ticket",
        "onestop:ticket_survey",
    },
    "poverty": {"poverty:public"},
    # A user's personal agenda feed for calendar apps: the secret in its URL
    # stands for the login (wrong or revoked: 404).
    "supervision": {"supervision:feed"},
}

# (method, path under /api/v1) of API operations open to everyone.
PUBLIC_API: dict[str, set[tuple[str, str]]] = {
    "regions": {
        ("GET", "/regions/"),
        ("GET", "/regions/{code}"),
        ("GET", "/regions/{code}/children"),
    },
    "registry": {("GET", "/registry/stats/public/{code}")},
    "letters": {("GET", "/letters/standards/{code}"), ("GET", "/letters/verify/{code}")},
    "complaints": {
        ("GET", "/complaints/categories"),
        ("POST", "/complaints/"),
        ("POST", "/complaints/track"),
        ("GET", "/complaints/open311/services.json"),
        ("POST", "/complaints/open311/requests.json"),
        ("GET", "/complaints/open311/requests/{service_request_id}.json"),
    },
    "posyandu": set(),
    "planning": {("GET", "/planning/proposals/track/{code}")},
    "onestop": {("GET", "/onestop/services"), ("GET", "/onestop/units/{code}/queue")},
}

# Public routes whose answers hold no personal data or secret (the published
# tree, standards, aggregate statistics, the API description). Only these may
# be kept by browser and proxy caches when the caller is anonymous; every other
# response is sent with ``Cache-Control: private, no-store``
# (``core.middleware.NoStoreMiddleware``).
CACHEABLE_PUBLIC_ROUTES: frozenset[str] = frozenset(
    {
        "core:healthz",
        "regions:index",
        "regions:search",
        "regions:detail",
        "registry:public_stats",
        "registry:public_stats_xlsx",
        "letters:standards_public",
        "letters:standards_poster",
        "letters:maklumat",
        "complaints:index",
        "api:openapi-json",
        "api:openapi-view",
        "api:area_list",
        "api:area_detail",
        "api:area_children",
        "api:public_stats",
        "api:standards",
        "api:category_list",
        "api:open311_services",
        "finance:rules",
        "finance:public",
        "finance:poster",
        "finance:open_data",
    }
)
