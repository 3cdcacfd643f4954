"""Synthetic report corpus for the report checker: a clean template and planted defects."""
