from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from nianbao.checker.engine import NO_FRAMEWORK
from nianbao.checker.models import CheckRun, CheckStatus
from nianbao.checker.services import check_run_create
from nianbao.core.exceptions import ApplicationError
from nianbao.core.permissions import Action, scope_q
from nianbao.core.views import paginate
from nianbao.cycles.frameworks import available_editions
from nianbao.organisations.models import Organisation

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"error": "错误", "warning": "预警", "info": "提示"}


class CheckUploadForm(forms.Form):
    file = forms.FileField(label="报告文件（DOCX、PDF、Markdown 或纯文本）")
    framework_edition = forms.ChoiceField(label="报告框架版本")
    organisation = forms.ModelChoiceField(label="所属单位", queryset=Organisation.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_edition"].choices = [
            *((e, f"{e}版") for e in reversed(available_editions())),
            (NO_FRAMEWORK, "节选（不核对报告框架，编号可从任意处开始）"),
        ]
        orgs = Organisation.objects.filter(
            pk__in=[m.organisation_id for m in user.memberships.filter(is_active=True)]
        )
        self.fields["organisation"].queryset = orgs
        if orgs.count() == 1:
            self.fields["organisation"].initial = orgs.first()


def runs_visible_to(user):
    return CheckRun.objects.filter(
        scope_q(user, Action.VIEW, prefix="organisation__")
    ).select_related("organisation", "report")


def run_for_view(user, pk: int) -> CheckRun:
    run = runs_visible_to(user).filter(pk=pk).first()
    if run is None:
        raise Http404("体检记录不存在或无权查看。")
    return run


@login_required
def check_upload(request):
    form = CheckUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = check_run_create(
                actor=request.user,
                content=upload.read(),
                filename=upload.name,
                organisation=form.cleaned_data["organisation"],
                framework_edition=form.cleaned_data["framework_edition"],
            )
        except ApplicationError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("checker:run-detail", run.pk)
    context = {"form": form}
    context.update(paginate(request, runs_visible_to(request.user), per_page=20))
    return render(request, "checker/upload.html", context)


@login_required
def run_detail(request, pk: int):
    run = run_for_view(request.user, pk)
    findings = sorted(
        run.findings, key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), f["location"]["block"])
    )
    by_block: dict[int, list[dict]] = {}
    for index, f in enumerate(findings, start=1):
        f["n"] = index
        f["severity_label"] = SEVERITY_LABELS.get(f["severity"], f["severity"])
        by_block.setdefault(f["location"]["block"], []).append(f)
    blocks = [{**b, "index": i, "findings": by_block.get(i, [])} for i, b in enumerate(run.blocks)]
    return render(
        request,
        "checker/run_detail.html",
        {
            "run": run,
            "findings": findings,
            "blocks": blocks,
            "pending": run.status in (CheckStatus.PENDING, CheckStatus.RUNNING),
        },
    )


@login_required
def run_json(request, pk: int):
    run = run_for_view(request.user, pk)
    return JsonResponse(
        {
            "file": run.file_name,
            "status": run.status,
            "summary": {
                "error": run.error_count,
                "warning": run.warning_count,
                "info": run.info_count,
            },
            "findings": run.findings,
        },
        json_dumps_params={"ensure_ascii": False},
    )
