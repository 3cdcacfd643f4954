"""Generating the feedback reports of a cycle with progress; a later run re-renders only the
schools whose figures changed. Runs inside the background task."""

from __future__ import annotations

import hashlib
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nianbao.documents.render import render_pdf
from nianbao.portal.feedback.compute import feedback_figures
from nianbao.portal.feedback.document import feedback_document
from nianbao.portal.models import FeedbackReport, FeedbackRun, FeedbackRunStatus

__all__ = ["feedback_run_execute", "figures_sha256"]

PROGRESS_EVERY = 10


def figures_sha256(figures: dict) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True).encode()).hexdigest()


def _progress(run: FeedbackRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    FeedbackRun.objects.filter(pk=run.pk).update(**fields)


def feedback_run_execute(run: FeedbackRun) -> FeedbackRun:
    """Computes every school's figures, renders the PDFs whose figures changed, and stores
    progress as it goes; a failure is recorded on the run."""
    _progress(run, status=FeedbackRunStatus.RUNNING)
    try:
        figures = feedback_figures(run.cycle)
        _progress(run, total=len(figures))
        existing = {f.school_id: f for f in FeedbackReport.objects.filter(cycle=run.cycle)}
        rendered = 0
        for done, (school_id, figs) in enumerate(figures.items(), start=1):
            if _store(run, existing.get(school_id), school_id, figs):
                rendered += 1
            if done % PROGRESS_EVERY == 0:
                _progress(run, done=done, rendered=rendered)
        FeedbackReport.objects.filter(cycle=run.cycle).exclude(school_id__in=figures).delete()
        _progress(
            run,
            done=len(figures),
            rendered=rendered,
            status=FeedbackRunStatus.DONE,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        _progress(run, status=FeedbackRunStatus.FAILED, error=str(exc)[:2000])
        raise
    return run


def _store(run, report: FeedbackReport | None, school_id: int, figures: dict) -> bool:
    """Saves one school's report; True when its PDF had to be rendered."""
    sha = figures_sha256(figures)
    if report is not None and report.figures_sha256 == sha and report.pdf:
        return False
    pdf = render_pdf(feedback_document(figures))
    with transaction.atomic():
        report = report or FeedbackReport(cycle=run.cycle, school_id=school_id)
        old_name = report.pdf.name if report.pdf else ""
        report.figures, report.figures_sha256 = figures, sha
        report.pdf.save(f"{figures['school_code']}-{sha[:12]}.pdf", ContentFile(pdf), save=False)
        report.save()
    if old_name and old_name != report.pdf.name:
        report.pdf.storage.delete(old_name)
    return True
