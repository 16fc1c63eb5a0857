"""The tenant tree (republic -> region -> district -> organization) and THE scoping mechanism."""
