"""Login, password, role switching and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balai.accounts import access, selectors, services
from balai.accounts.forms import LanguageForm, RoleSwitchForm, TokenCreateForm
from balai.accounts.roles import Perm
from balai.accounts.selectors import areas_to_pick
from balai.core import menu
from balai.core.errors import DomainError
from balai.core.forms import apply_domain_error

login = access.public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )
)
logout = access.public(auth_views.LogoutView.as_view())
password_change = access.own_account(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("core:home"),
    )
)


@access.own_account
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LanguageForm(request.POST or None, initial={"language": user.language})  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.user_set_language(user=user, language=language)  # type: ignore[arg-type]
        translation.activate(language)
        messages.success(request, _("Pengaturan bahasa disimpan."))
        response = redirect("accounts:account")
        # The same language after logging out, on this browser.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
    return render(request, "accounts/account.html", {"form": form})


@require_POST
@access.own_account
def switch_role(request: HttpRequest) -> HttpResponse:
    form = RoleSwitchForm(request.POST)
    if form.is_valid():
        role = selectors.role_get_for_user(request.user, form.cleaned_data["role"])  # type: ignore[arg-type]
        services.role_switch(user=request.user, role=role)  # type: ignore[arg-type]
        access.forget_acting_role(request.user)
        messages.success(request, _("Sekarang Anda bertindak sebagai %(role)s.") % {"role": role})
    return redirect("core:home")


@access.own_account
def tokens(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = access.acting_role(user)
    may_create = access.has_perm(user, Perm.ACCOUNTS_USE_API)
    form = TokenCreateForm(request.POST or None)
    new_key = None
    if request.method == "POST":
        if not may_create or role is None:
            raise PermissionDenied(_("Peran Anda saat ini tidak boleh memakai API."))
        if form.is_valid():
            try:
                _token, new_key = services.token_create(
                    user=user,  # type: ignore[arg-type]
                    role=role,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                form = TokenCreateForm()
    context = {
        "form": form,
        "tokens": selectors.tokens_of(user),  # type: ignore[arg-type]
        "new_key": new_key,
        "acting_role": role,
        "may_create": may_create,
    }
    return render(request, "accounts/tokens.html", context)


@require_POST
@access.own_account
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get_for_user(request.user, pk)  # type: ignore[arg-type]
    services.token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("accounts:tokens")


@access.own_account
def pick_area(request: HttpRequest) -> HttpResponse:
    page = menu.area_page(request.GET.get("ke", ""))
    if page is None:
        raise Http404(_("Halaman tidak dikenal."))
    query = request.GET.get("cari", "")[:100]
    areas, needs_query = areas_to_pick(
        user=request.user, perm=page.perm, levels=page.levels, query=query
    )
    links = [(area, reverse(page.url_name, kwargs={"code": area.code})) for area in areas]
    context = {"links": links, "query": query, "needs_query": needs_query, "ke": page.url_name}
    return render(request, "accounts/area_pick.html", context)
