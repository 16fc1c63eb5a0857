"""The web layer common to every view: input bounds, error pages, request ids."""
