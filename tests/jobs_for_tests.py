"""Importable job functions for the job tests (RQ cannot run functions defined in tests' locals)."""

from __future__ import annotations


def failing_job(ctx, at: int) -> None:
    ctx.progress(50, "half way")
    raise RuntimeError(f"boom at {at}")


def counting_job(ctx, steps: int) -> dict:
    for step in range(1, steps + 1):
        ctx.progress(step * 100 // steps, f"{step}/{steps}")
    return {"steps": steps}
