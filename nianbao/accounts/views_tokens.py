"""个人 API 令牌 pages: every signed-in user manages their own tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from nianbao.accounts.models import TokenScope
from nianbao.accounts.tokens import MAX_DAYS, api_token_create, api_token_revoke, api_tokens_of
from nianbao.core.exceptions import ApplicationError


class TokenForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60)
    scopes = forms.MultipleChoiceField(
        label="权限范围",
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[TokenScope.READ],
    )
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=MAX_DAYS, initial=90)


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = api_token_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": api_tokens_of(request.user),
        "now": timezone.now(),
    }
    return render(request, "accounts/token_list.html", context)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = api_tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("令牌不存在。")
    try:
        api_token_revoke(actor=request.user, token=token)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已撤销令牌“{token.name}”。")
    return redirect("accounts:token-list")
