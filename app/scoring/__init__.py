"""The scoring engine: a pure function from a profile snapshot and a rule set to an explained result."""
