"""Settings of the letters benchmark's server (``bench/letters_bench.py``): the project's own,
with the benchmark's URLconf, which adds the baseline views. Never used in production."""

from danvan.settings import *  # noqa: F403

ROOT_URLCONF = "letters_bench_urls"
