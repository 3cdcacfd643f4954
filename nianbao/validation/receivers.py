"""Validation follows every data-table write: stored findings never describe old values."""

from __future__ import annotations

from contextlib import suppress

from django.dispatch import receiver

from nianbao.core.exceptions import ApplicationError
from nianbao.indicators.signals import data_values_saved
from nianbao.validation.services import report_validate


@receiver(data_values_saved, dispatch_uid="validation.revalidate_after_save")
def revalidate_after_save(sender, *, report, **kwargs) -> None:
    with suppress(ApplicationError):  # no catalog for the report: nothing to validate
        report_validate(report=report)
