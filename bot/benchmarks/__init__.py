"""Benchmarks whose figures are recorded in ``docs/PERFORMANCE.md``."""
