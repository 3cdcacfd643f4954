"""Signals apps above the workflow listen to without this app importing them."""

from django.dispatch import Signal

__all__ = ["report_status_changed"]

# Sent after the commit of every status change of a report: keyword arguments `report`, `status`.
report_status_changed = Signal()
