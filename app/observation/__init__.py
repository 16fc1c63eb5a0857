"""Lesson observation: templates, sheets, averaging and the indicator 1.2 rules."""
