"""Measure the server CPU time and SQL queries of the demo case's old version and diff.

Like benchmarks/page_speed.py (a throw-away SQLite database with the demo, Django's full
request stack through the test client, the page cache off, shared caches warm), for the
public version history of the demo case with the most published versions: the list
(`versjoner/`), the version before the current one (`versjoner/<revision>/`) and the diff of
the current version against it (`versjoner/<revision>/endringer/`). Prints the median CPU
time of this process per request (`time.process_time`), the median wall time and the queries.
Run from the project root:

    .venv/bin/python benchmarks/version_speed.py [--repeat 30]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.demo_site import set_up_demo  # noqa: E402 - after the path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")
    args = parser.parse_args()

    set_up_demo("radhus-bench-")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cms.versions import published_versions
    from meetings.models import CasePage

    case = max(CasePage.objects.live().order_by("path"), key=lambda p: len(published_versions(p)))
    versions = published_versions(case)
    urls = {
        "list": f"{case.url}versjoner/",
        "old version": f"{case.url}versjoner/{versions[-2].revision_id}/",
        "diff": f"{case.url}versjoner/{versions[-1].revision_id}/endringer/",
        "current": case.url,
    }
    client = Client()
    print(f"{'page':12} {'CPU ms':>7} {'wall ms':>8} {'queries':>7}  url")
    for name, url in urls.items():
        client.get(url)  # warm the shared caches
        cpu, wall = [], []
        for _ in range(args.repeat):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            response = client.get(url)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{name:12} {statistics.median(cpu):7.1f} {statistics.median(wall):8.1f} "
            f"{len(queries):7d}  {url}"
        )
    print(f"\n{args.repeat} requests per page; {os.cpu_count()} cores; {connection.vendor}")


if __name__ == "__main__":
    main()
