"""Signals other apps listen to without this app importing them (cycles sits above)."""

from django.dispatch import Signal

__all__ = ["organisations_changed"]

# Sent after the commit of a create or update of organisations: keyword argument `pks`.
organisations_changed = Signal()
