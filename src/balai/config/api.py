"""The /api/v1 root: auth, error bodies in Indonesian, routers of every app."""

from __future__ import annotations

import logging
from typing import Any

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from balai.accounts.apiauth import AUTH
from balai.core.errors import DomainError
from balai.core.middleware import conflict_message

logger = logging.getLogger("balai.api")


class ErrorOut(Schema):
    """The one error body of every endpoint."""

    code: str
    message: str
    errors: dict[str, list[str]]


class BalaiAPI(NinjaAPI):
    """NinjaAPI whose published schema documents the error body of every operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        errors = {
            "4XX": {"description": "Permintaan ditolak", "content": content},
            "5XX": {"description": "Kesalahan server", "content": content},
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                for status, response in errors.items():
                    responses.setdefault(status, response)
                operation["responses"] = responses
        return schema


api = BalaiAPI(
    title="Balai API",
    version="1",
    description=_("API Balai: wilayah, akun, dan layanan desa."),
    urls_namespace="api",
    auth=AUTH,
    docs_decorator=csp_replace({"style-src": [SELF, UNSAFE_INLINE]}),
)


def error_body(code: str, message: str, errors: Any = None) -> dict[str, Any]:
    """Return the one error shape every endpoint uses."""
    return {"code": code, "message": message, "errors": errors or {}}


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, error_body(exc.code, exc.message, exc.field_errors), status=exc.status
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
    body = error_body("invalid", _("Data yang dikirim tidak valid."), fields)
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = error_body("unauthenticated", _("Perlu masuk atau token API yang sah."))
    return api.create_response(request, body, status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("Anda tidak berwenang untuk tindakan ini.")
    return api.create_response(request, error_body("forbidden", message), status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = str(exc) or _("Data tidak ditemukan.")
    return api.create_response(request, error_body("not_found", message), status=404)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    body = error_body("error", str(exc.message))
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(IntegrityError)
def _integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    """A lost race (the same submission twice): 409, not a server error."""
    logger.warning("Integrity error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, error_body("conflict", conflict_message()), status=409)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Any unhandled error: log the traceback, answer in the one error shape."""
    logger.error("Unhandled API error on %s %s", request.method, request.path, exc_info=exc)
    body = error_body("server_error", _("Terjadi kesalahan pada server. Silakan coba lagi."))
    return api.create_response(request, body, status=500)


def _mount() -> None:
    from balai.accounts.api import router as accounts_router
    from balai.boards.api import router as boards_router
    from balai.complaints.api import router as complaints_router
    from balai.education.api import router as education_router
    from balai.facilities.api import router as facilities_router
    from balai.finance.api import router as finance_router
    from balai.health.api import router as health_router
    from balai.indicators.api import router as indicators_router
    from balai.innovation.api import router as innovation_router
    from balai.letters.api import router as letters_router
    from balai.onestop.api import router as onestop_router
    from balai.planning.api import router as planning_router
    from balai.posyandu.api import router as posyandu_router
    from balai.poverty.api import router as poverty_router
    from balai.registry.api import router as registry_router
    from balai.supervision.api import router as supervision_router
    from balai.web.regions.api import router as regions_router

    api.add_router("/regions", regions_router)
    api.add_router("/me", accounts_router)
    api.add_router("/registry", registry_router)
    api.add_router("/letters", letters_router)
    api.add_router("/complaints", complaints_router)
    api.add_router("/indicators", indicators_router)
    api.add_router("/posyandu", posyandu_router)
    api.add_router("/facilities", facilities_router)
    api.add_router("/health", health_router)
    api.add_router("/planning", planning_router)
    api.add_router("/finance", finance_router)
    api.add_router("/innovation", innovation_router)
    api.add_router("/onestop", onestop_router)
    api.add_router("/education", education_router)
    api.add_router("/boards", boards_router)
    api.add_router("/poverty", poverty_router)
    api.add_router("/supervision", supervision_router)


_mount()
