from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from nianbao.accounts import import_jobs, importing, services
from nianbao.accounts.selectors import membership_for_manage, users_visible_to
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, require, scope_q
from nianbao.core.roles import Role
from nianbao.core.views import paginate
from nianbao.core.views_imports import staged_import_page, staged_import_status
from nianbao.organisations.choices import OrganisationKind
from nianbao.organisations.models import Organisation

ROLES_LEAST_FIRST = (
    Role.ENTERPRISE_EDITOR,
    Role.SCHOOL_EDITOR,
    Role.SCHOOL_HEAD,
    Role.REVIEWER,
    Role.CITY_ADMIN,
    Role.PROVINCE_ADMIN,
)


class OrganisationChoiceField(forms.ModelChoiceField):
    """Enterprises share names across schools: each option says what it is and whose it is."""

    def label_from_instance(self, obj):
        label = f"{obj.name}（{obj.get_kind_display()}，{obj.code}）"
        if obj.kind == "enterprise" and obj.parent is not None:
            label = f"{obj.name}（合作企业 · {obj.parent.name}）"
        return label


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        regex=r"^[A-Za-z0-9_.-]{3,40}$",
        error_messages={"invalid": "用户名只能包含字母、数字、下划线、点和短横线（3–40 位）。"},
    )
    full_name = forms.CharField(label="姓名", max_length=60)
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8)
    organisation = OrganisationChoiceField(
        label="所属机构",
        queryset=Organisation.objects.none(),
        empty_label="- 请选择机构（可输入名称搜索）-",
        widget=forms.Select(attrs={"data-search": "输入机构名称或代码筛选"}),
    )
    # No role is preselected: the person creating the account picks one deliberately, and the
    # least-privileged roles come first.
    role = forms.ChoiceField(
        label="角色",
        choices=[("", "- 请选择角色 -"), *((r.value, r.label) for r in ROLES_LEAST_FIRST)],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(scope_q(user, Action.MANAGE_USERS))
            .select_related("parent")
            .order_by("path")
        )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput, min_length=8)
    confirm = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("confirm"):
            raise forms.ValidationError("两次输入的新密码不一致。")
        return data


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """修改密码; a user whose password an admin chose is sent here until it is changed."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            for reason in exc.reasons:
                form.add_error(None, reason)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "密码已修改。")
            return redirect("portal:home")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": request.user.must_change_password},
    )


@login_required
def user_list(request):
    require(request.user, Action.MANAGE_USERS)
    context = paginate(request, users_visible_to(request.user, q=request.GET.get("q", "").strip()))
    return render(request, "accounts/user_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    require(request.user, Action.MANAGE_USERS)
    form = UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已创建用户 {user.username}。")
            return redirect("accounts:user-list")
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
@require_POST
def membership_revoke(request, pk: int):
    membership = membership_for_manage(request.user, pk)
    try:
        services.membership_revoke(actor=request.user, membership=membership)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"已撤销 {membership.user} 的“{membership.get_role_display()}”角色。"
        )
    return redirect("accounts:user-list")


class UserImportForm(forms.Form):
    file = forms.FileField(label="用户名单（.xlsx）")


@login_required
@require_http_methods(["GET", "POST"])
def user_import(request):
    """Step 1 stores the sheet and queues the dry run; step 2 (`confirm`) queues creating the
    users. Parsing runs in the background worker, never here."""
    require(request.user, Action.MANAGE_USERS)
    return staged_import_page(
        request,
        import_jobs.USER_IMPORT,
        form=UserImportForm(request.POST or None, request.FILES or None),
        template="accounts/user_import.html",
        status_url="accounts:user-import-status",
        context={"columns": importing.IMPORT_COLUMNS, "defaults": _defaults()},
        # The worker has no request: the set-password links point to the site the admin used.
        extra={"domain": request.get_host(), "https": request.is_secure()},
    )


@login_required
def user_import_status(request, token: str):
    require(request.user, Action.MANAGE_USERS)
    return staged_import_status(
        request, import_jobs.USER_IMPORT, token, template="accounts/user_import_status.html"
    )


def _defaults() -> list[tuple[str, str]]:
    kinds = dict(OrganisationKind.choices)
    return [(kinds[k], Role(r).label) for k, r in importing.LEAST_PRIVILEGE.items()]
