"""One upload slot of a report (declaration, report file) replaced safely under concurrency."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from nianbao.reports.models import Report

__all__ = ["slot_replace"]


def slot_replace(*, model, report: Report, content: bytes, stem: str, ext: str, fields: dict):
    """Stores `content` under a new content-addressed name, then switches the report's one row
    of `model` to it while holding the report's lock; the previous file is deleted only after
    the commit. Concurrent uploads thus serialise on the report, each row always points at a
    file whose SHA-256 it records, and a rolled-back upload leaves the old file in place.
    Returns (row, before) where `before` is the replaced row's fields or None."""
    Report.objects.select_for_update(of=("self",)).only("pk").get(pk=report.pk)
    sha256 = hashlib.sha256(content).hexdigest()
    row = model.objects.filter(report=report).first()
    before = {k: getattr(row, k) for k in ("filename", "sha256")} if row else None
    old_name = row.file.name if row else ""
    row = row or model(report=report)
    for key, value in {**fields, "size": len(content), "sha256": sha256}.items():
        setattr(row, key, value)
    row.file.save(f"{stem}-{sha256[:16]}.{ext}", ContentFile(content), save=False)
    row.save()
    if old_name and old_name != row.file.name:
        storage = row.file.storage
        transaction.on_commit(lambda: storage.delete(old_name), robust=True)
    return row, before
