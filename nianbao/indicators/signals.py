"""Signals other apps listen to without this app importing them (validation sits above)."""

from django.dispatch import Signal

__all__ = ["data_values_saved"]

# Sent after the commit of every data-table save, whatever the path (form, API, Excel, bulk):
# keyword argument `report`.
data_values_saved = Signal()
