"""The teacher's digital profile: record rules, frozen periods, files, completeness."""
