"""Signals of the cycles app. Apps above cycles listen to them; cycles imports none of those apps."""

from django.dispatch import Signal

# Sent inside cycle_open's transaction with `cycle`; a receiver returns how many reports it created.
cycle_opened = Signal()
