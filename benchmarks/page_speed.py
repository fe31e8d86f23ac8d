"""Measure the server CPU time and SQL queries of one uncached request per public page type.

Builds a throw-away SQLite database (or uses DATABASE_URL) with the demo content, and with
`--cases N` also `generate_records` around it, then requests one page of each type (the same
choice as benchmarks/load.py) through Django's full request stack with the test client: the
page cache off, the caches every page shares (site, settings, navigation) warm, as after the
first visitor. Per page type it prints the median CPU time of this process per request
(`time.process_time`, the figure least disturbed by other load on the machine), the median
wall time, and the SQL queries. Run from the project root:

    .venv/bin/python benchmarks/page_speed.py [--repeat 30]
    .venv/bin/python benchmarks/page_speed.py --cases 10000 --meetings 1000 --plans 200 \\
        --bodies 12 --no-index                                  # issue 13's size, no search
    .venv/bin/python benchmarks/page_speed.py --json results.json   # also save the figures
    .venv/bin/python benchmarks/page_speed.py --only "case,meeting,invitation,minutes,plan"
    .venv/bin/python benchmarks/page_speed.py --after-publish  # every request right after a publish

By default the fragments kept per content generation (chrome, page content, search hits) are
warm, as for every visitor after the first since the last publish; `--after-publish` starts a
new content generation before each request (what any publish does), so every request renders
the whole page.

The figures depend on the machine; report them with its description (nproc, CPU model).
"""

import argparse
import datetime
import json
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
    parser.add_argument("--cases", type=int, default=0, help="generate this many cases")
    parser.add_argument("--meetings", type=int, default=0)
    parser.add_argument("--plans", type=int, default=0)
    parser.add_argument("--bodies", type=int, default=3)
    parser.add_argument("--no-index", action="store_true", help="skip the search index")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--only", help='only these page types, e.g. "case,meeting"')
    parser.add_argument(
        "--after-publish",
        action="store_true",
        help="a new content generation before each request: nothing kept from the last one",
    )
    args = parser.parse_args()

    set_up_demo("radhus-bench-")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.load import page_urls
    from cms.generation import new_generation

    if args.cases:
        call_command(
            "generate_records",
            cases=args.cases,
            meetings=args.meetings or max(1, args.cases // 10),
            plans=args.plans or max(1, args.cases // 50),
            bodies=args.bodies,
            seed=1,
            anchor=datetime.date(2026, 6, 1),
            no_index=args.no_index,
            verbosity=1,
        )

    client = Client()
    # Search has a list of queries in load.py (it cycles through them); one is enough here.
    urls = {
        name: url[0] if isinstance(url, list) else url
        for name, url in page_urls().items()
        if url and (not args.only or name in args.only.split(","))
    }
    print(f"{'page':12} {'CPU ms':>7} {'wall ms':>8} {'queries':>7}  url")
    figures = {}
    for name, url in urls.items():
        client.get(url)  # warm the shared caches
        cpu, wall = [], []
        for _ in range(args.repeat):
            if args.after_publish:
                new_generation()
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            response = client.get(url)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        if args.after_publish:
            new_generation()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        figures[name] = {
            "url": url,
            "cpu_ms": round(statistics.median(cpu), 2),
            "wall_ms": round(statistics.median(wall), 2),
            "queries": len(queries),
        }
        row = figures[name]
        print(f"{name:12} {row['cpu_ms']:7.1f} {row['wall_ms']:8.1f} {row['queries']:7d}  {url}")
    print(f"\n{args.repeat} requests per page; {os.cpu_count()} cores; {connection.vendor}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
