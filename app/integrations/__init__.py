"""National registries (docs/registries.md): one HTTP client, a client module per registry, the
sync engine with its run log, and a simulator that plays all six with faults on purpose."""
