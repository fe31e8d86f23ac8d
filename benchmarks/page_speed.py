"""Measure how fast the demo site's public pages render, and how much memory that takes.

Builds the demo site in a throw-away SQLite database (or uses DATABASE_URL), then requests
every public page through Django's full request stack (middleware, templates, ORM) with the
test client, and reports per page: median and 95th-percentile time, SQL queries, and the
process's peak memory. Run from the project root:

    .venv/bin/python benchmarks/page_speed.py [--repeat 50]

The figures depend on the machine; report them with its description (nproc, CPU model).
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50, help="requests per page")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="radhus-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{tmp}/media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.base"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("collectstatic", interactive=False, verbosity=0)  # as `make run` does
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)

    client = Client()
    urls = [p.get_url() for p in Page.objects.live().public().filter(depth__gte=2)]
    urls += ["/sok/?q=kompetanse"]
    print(f"{'page':60} {'median ms':>9} {'p95 ms':>7} {'queries':>7}")
    all_medians = []
    for url in urls:
        client.get(url)  # warm-up
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        all_medians.append(median)
        print(f"{url[:60]:60} {median:9.1f} {p95:7.1f} {len(queries):7d}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{len(urls)} pages, {args.repeat} requests each; median of medians "
        f"{statistics.median(all_medians):.1f} ms; peak memory {peak_mb:.0f} MB"
    )
    print(f"machine: {os.cpu_count()} cores, database {connection.vendor}")


if __name__ == "__main__":
    main()
