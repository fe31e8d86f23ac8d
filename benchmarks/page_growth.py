"""Median CPU ms per uncached request of each page type on an existing database.

For comparing the demo with a 10k data set built elsewhere (e.g. a copy of the lead's
/work/benchdata/10k/db.sqlite3): Django's test client, page cache off, one warm-up request,
then the median process CPU time of REPEAT requests, the SQL queries and the response size.
Run from the project root:

    DATABASE_URL=sqlite:////tmp/copy.sqlite3 .venv/bin/python benchmarks/page_growth.py \\
        ["home,plan index,..." [REPEAT]]        # OUT=figures.json to save them

AFTER_PUBLISH=1 starts a new content generation before each request (as any publish does), so
nothing kept per generation (page fragments, search hits) is reused: the whole page is rendered.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.load import first, page_urls
    from cms.generation import new_generation

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    only = sys.argv[1].split(",") if len(sys.argv) > 1 and sys.argv[1] else None
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    after_publish = os.environ.get("AFTER_PUBLISH") == "1"
    client = Client()
    figures = {}
    for name, paths in page_urls().items():
        if only and name not in only:
            continue
        url = first(paths)
        response = client.get(url)  # warm-up
        assert response.status_code == 200, (url, response.status_code)
        cpu = []
        for _ in range(repeat):
            if after_publish:
                new_generation()
            start = time.process_time()
            client.get(url)
            cpu.append((time.process_time() - start) * 1000)
        if after_publish:
            new_generation()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        figures[name] = {
            "url": url,
            "cpu_ms": round(statistics.median(cpu), 1),
            "queries": len(queries),
            "size": len(response.content),
        }
        row = figures[name]
        print(f"{name:12} {row['cpu_ms']:7.1f} {row['queries']:4d} {row['size']:8d} {url}")
    if os.environ.get("OUT"):
        Path(os.environ["OUT"]).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
