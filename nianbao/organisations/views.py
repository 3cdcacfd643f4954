from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nianbao.core.exceptions import ApplicationError
from nianbao.core.params import id_param
from nianbao.core.permissions import Action, require, scope_q, user_can
from nianbao.core.views import paginate
from nianbao.core.views_imports import staged_import_page, staged_import_status
from nianbao.organisations import import_jobs, importing, services
from nianbao.organisations.choices import ALLOWED_PARENT_KIND, OrganisationKind, SchoolLevel
from nianbao.organisations.forms import (
    OrganisationCloseForm,
    OrganisationCreateForm,
    OrganisationForm,
    OrganisationImportForm,
    OrganisationMoveForm,
)
from nianbao.organisations.models import Organisation
from nianbao.organisations.selectors import (
    organisation_for_edit,
    organisation_for_view,
    organisations_visible_to,
)


@login_required
def organisation_list(request):
    g = request.GET
    qs = organisations_visible_to(
        request.user,
        kind=g.get("kind", ""),
        level=g.get("level", ""),
        q=g.get("q", "").strip(),
        parent_id=id_param(g.get("parent")),
    )
    context = paginate(request, qs)
    context.update(
        kinds=OrganisationKind.choices,
        levels=SchoolLevel.choices,
        cities=organisations_visible_to(request.user, kind=OrganisationKind.CITY),
        can_manage=user_can(request.user, Action.MANAGE_ORGANISATIONS),
    )
    return render(request, "organisations/organisation_list.html", context)


@login_required
def organisation_detail(request, pk: int):
    org = organisation_for_view(request.user, pk)
    children = org.children.order_by("kind", "name")
    context = {"org": org, "can_manage": user_can(request.user, Action.MANAGE_ORGANISATIONS, org)}
    context.update(paginate(request, children, per_page=100))
    return render(request, "organisations/organisation_detail.html", context)


def _handle(request, form, action, template, context):
    """Runs `action` when the form is valid; an ApplicationError becomes a form error."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存。")
            return redirect("organisations:organisation-detail", result.pk)
    return render(request, template, {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require(request.user, Action.MANAGE_ORGANISATIONS)
    parents = Organisation.objects.filter(
        scope_q(request.user, Action.MANAGE_ORGANISATIONS)
    ).exclude(kind=OrganisationKind.ENTERPRISE)
    form = OrganisationCreateForm(
        request.POST or None, parents=parents, initial={"parent": request.GET.get("parent")}
    )

    def action(data):
        data = dict(data)
        kind, parent = data.pop("kind"), data.pop("parent")
        return services.organisation_create(actor=request.user, kind=kind, parent=parent, **data)

    return _handle(
        request, form, action, "organisations/organisation_form.html", {"title": "新建机构"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    org = organisation_for_edit(request.user, pk)
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=pk))

    def action(data):
        return services.organisation_update(actor=request.user, organisation=org, **data)

    return _handle(
        request,
        form,
        action,
        "organisations/organisation_form.html",
        {"title": f"编辑：{org.name}", "org": org},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_move(request, pk: int):
    org = organisation_for_edit(request.user, pk)
    parent_kind = ALLOWED_PARENT_KIND[OrganisationKind(org.kind)]
    parents = Organisation.objects.filter(
        scope_q(request.user, Action.MANAGE_ORGANISATIONS), kind=parent_kind
    ).exclude(pk=org.parent_id)
    form = OrganisationMoveForm(request.POST or None, parents=parents)

    def action(data):
        return services.organisation_move(
            actor=request.user, organisation=org, new_parent=data["new_parent"]
        )

    return _handle(
        request,
        form,
        action,
        "organisations/organisation_form.html",
        {"title": f"移动：{org.name}", "org": org},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_close(request, pk: int):
    org = organisation_for_edit(request.user, pk)
    form = OrganisationCloseForm(request.POST or None)

    def action(data):
        return services.organisation_close(
            actor=request.user, organisation=org, closed_on=data["closed_on"], note=data["note"]
        )

    return _handle(
        request,
        form,
        action,
        "organisations/organisation_form.html",
        {"title": f"撤销：{org.name}", "org": org},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_import(request):
    """Step 1 stores the file and queues the dry run; step 2 (`confirm`) queues the apply.
    Parsing runs in the background worker, never here."""
    require(request.user, Action.MANAGE_ORGANISATIONS)
    return staged_import_page(
        request,
        import_jobs.ORGANISATION_IMPORT,
        form=OrganisationImportForm(request.POST or None, request.FILES or None),
        template="organisations/organisation_import.html",
        status_url="organisations:organisation-import-status",
        context={"columns": importing.IMPORT_COLUMNS},
    )


@login_required
def organisation_import_status(request, token: str):
    require(request.user, Action.MANAGE_ORGANISATIONS)
    return staged_import_status(
        request,
        import_jobs.ORGANISATION_IMPORT,
        token,
        template="organisations/organisation_import_status.html",
    )


@login_required
def organisation_import_template(request):
    require(request.user, Action.MANAGE_ORGANISATIONS)
    header = ",".join(h for h, _a, _r in importing.IMPORT_COLUMNS)
    sample = "4101001,示例职业技术学院,学校,410100,示例职院,高职,公办,省属,https://www.example.edu.cn,是,"
    response = HttpResponse(
        ("\ufeff" + header + "\n" + sample + "\n").encode("utf-8"), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="organisations-template.csv"'
    return response
