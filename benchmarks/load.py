"""Load benchmark: serve the site as in production and measure each page type under load.

One command from a fresh clone (after `make run` or `pip install -r requirements.txt`):

    .venv/bin/python benchmarks/load.py                      # demo content, SQLite
    .venv/bin/python benchmarks/load.py --size 10k           # + 10,000 generated cases
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python benchmarks/load.py

It builds the database (migrate, collectstatic, load_demo, and for `--size` the records of
`generate_records` and their search index), counts each page's SQL queries once with Django's
test client, then starts on 127.0.0.1, each with `--workers` gunicorn sync workers and
`cms.settings.production` (a benchmark-only SECRET_KEY, no HTTPS redirect):

- the site with the anonymous page cache switched off (`PAGE_CACHE_SECONDS=0`) on `--port`:
  "uncached", every request renders (the fragments all pages share stay cached, as on a
  running site);
- the site as configured (page cache on) on `--cached-port`: "cached", anonymous requests
  answered from the page cache (checked through the X-Cache header);
- a hello-world WSGI app (benchmarks/hello.py) on `--port` + 1, the ceiling.

Every page type in both modes and the hello-world app are loaded in turn with 8 concurrent
connections, for `--rounds` interleaved rounds of `--duration` seconds, with wrk when it is
installed (`apt-get install wrk`) and a Python thread-based client otherwise; search cycles
through eight queries. For each it prints req/s, p50, p95 and p99 latency, the gunicorn
workers' CPU time per request (utime + stime from /proc/<pid>/stat), SQL queries, response size,
the workers' largest resident memory, and the throughput and CPU time relative to hello-world.

Data lives in `--data-dir` (default benchmarks/results/<size>/; for PostgreSQL, an empty
database named by DATABASE_URL), reused when it is already built; results are also written
there as JSON. Run heavy sizes with `nice -n 10` on a shared machine.
"""

import argparse
import fcntl
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {
    "demo": {},
    "1k": {"cases": 1000, "meetings": 100, "plans": 20, "bodies": 6},
    "10k": {"cases": 10000, "meetings": 1000, "plans": 200, "bodies": 12},
}
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Seconds a request may take (gunicorn's worker timeout and the clients'): search on SQLite at
# 10k under load takes minutes of wall time.
REQUEST_TIMEOUT = 600
# Search is measured over several queries in turn, so that no single result list decides.
SEARCH_TERMS = [
    "kommuneplan",
    "budsjett",
    "barnehage",
    "reguleringsplan",
    "vedtak",
    "skole",
    "helse",
    "tilskudd",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="demo", help="generated data set")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--anchor", default="2026-06-01", help="date the meetings centre on")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per page per round")
    parser.add_argument(
        "--port", type=int, default=8130, help="site without page cache; hello-world is +1"
    )
    parser.add_argument("--cached-port", type=int, default=8260, help="site with the page cache")
    parser.add_argument(
        "--modes",
        default="uncached,cached",
        help="uncached (page cache off: every request renders), cached (anonymous page cache on)",
    )
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="load generator"
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build the data set and stop (no load)"
    )
    parser.add_argument("--only", default="", help="comma-separated page types to measure")
    parser.add_argument(
        "--compare",
        nargs="+",
        type=Path,
        metavar="JSON",
        help="print the summary of one saved run, or of a run before and after, and stop",
    )
    return parser.parse_args()


def environment(data_dir):
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("SECRET_KEY", "benchmark-only-secret-key-never-used-in-production-0123456789")
    env.setdefault("DATABASE_URL", f"sqlite:///{data_dir / 'db.sqlite3'}")
    env.setdefault("MEDIA_ROOT", str(data_dir / "media"))
    # One Redis database may serve several data sets: their cached pages must not mix.
    env.setdefault("CACHE_KEY_PREFIX", f"radhus-bench-{data_dir.name}")
    # gunicorn.conf.py logs every request to stdout; formatted all the same, kept off the table.
    env.setdefault("GUNICORN_ACCESS_LOG", "/dev/null")
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def collectstatic(env):
    """collectstatic, one run at a time: benchmarks of several data sets share STATIC_ROOT."""
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    with open(ROOT / "benchmarks" / "results" / ".collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        manage(env, "collectstatic", "--noinput", "-v0")


def build(args, env, data_dir):
    """Migrate, load the demo, generate `--size` and index it, once per data directory.

    Two stages, each with its own marker, so that an interrupted build (the search index takes
    longest) resumes at the index instead of generating the records again.
    """
    wanted = {
        "size": args.size,
        "seed": args.seed,
        "anchor": args.anchor,
        "db": env["DATABASE_URL"],
    }
    records_marker, marker = data_dir / "records.json", data_dir / "built.json"
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        print(f"Reusing the data in {data_dir}")
        collectstatic(env)
        return
    timings = {}
    if not (records_marker.exists() and json.loads(records_marker.read_text()) == wanted):
        if env["DATABASE_URL"].startswith("sqlite:"):
            (data_dir / "db.sqlite3").unlink(missing_ok=True)
            shutil.rmtree(data_dir / "media", ignore_errors=True)
        manage(env, "migrate", "--noinput", "-v0")
        collectstatic(env)
        manage(env, "load_demo", "--if-empty", "-v0")
        sizes = SIZES[args.size]
        if sizes:
            options = [f"--{name}={value}" for name, value in sizes.items()]
            timings["records"] = timed(
                manage,
                env,
                "generate_records",
                *options,
                f"--seed={args.seed}",
                f"--anchor={args.anchor}",
                "--no-index",
            )
        records_marker.write_text(json.dumps(wanted))
    else:
        print(f"Records already in {data_dir}; building the search index")
        collectstatic(env)
    # load_demo indexes the demo pages as it publishes them; bulk-generated records are indexed
    # here (what update_index does, with each page type's relations prefetched).
    if SIZES[args.size]:
        timings["search index"] = timed(manage, env, "generate_records", "--index-only")
    for step, (wall, cpu) in timings.items():
        print(f"{step}: {wall:.0f} s wall, {cpu:.0f} s CPU")
    marker.write_text(json.dumps(wanted))
    (data_dir / "build-times.json").write_text(json.dumps(timings))


def timed(function, *args):
    """Run `function(*args)`; return its wall time and its child processes' CPU time (s)."""
    before, start = os.times(), time.perf_counter()
    function(*args)
    after = os.times()
    cpu = after.children_user + after.children_system - before.children_user
    return time.perf_counter() - start, cpu - before.children_system


def page_urls():
    """One representative URL per page type (the newest page of each type, in this process)."""
    from django.db.models import Count
    from wagtail.models import Page

    from cms.models import PageTag
    from meetings.models import BodyPage, CasePage, InvitationPage, MinutesPage
    from plans.models import PlanPage

    def newest(model, **filters):
        return model.objects.live().public().filter(**filters).order_by("-pk").first()

    minutes = newest(MinutesPage)
    meeting = minutes.get_parent() if minutes else None
    tag = (
        PageTag.objects.values("tag__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "tag__slug")
        .first()
    )
    body = BodyPage.objects.live().public().order_by("-numchild", "pk").first()
    index = {
        p.specific_class.__name__: p.url
        for p in Page.objects.live().filter(depth=3).specific(defer=True)
    }
    urls = {
        "home": "/",
        "search": [f"/sok/?q={term}" for term in SEARCH_TERMS],
        "plan index": index.get("PlanIndexPage"),
        "plan": newest(PlanPage).url,
        "body index": index.get("BodyIndexPage"),
        "body": body.url,
        "meeting": meeting.url if meeting else None,
        "invitation": newest(InvitationPage).url,
        "minutes": minutes.url if minutes else None,
        "case": newest(CasePage, exempt=False).url,
        "calendar": "/kalender/",
        "tag page": f"/tema/{tag['tag__slug']}/" if tag else None,
        "sitemap": "/sitemap.xml",
        "ics": "/kalender.ics",
    }
    return {name: url for name, url in urls.items() if url}


def first(paths):
    return paths[0] if isinstance(paths, list) else paths


def count_queries(urls):
    """SQL queries and response size per URL, measured once each with Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    result = {}
    for name, paths in urls.items():
        url = first(paths)
        client.get(url)  # warm caches as a running worker would have them
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        size = len(response.content) if not response.streaming else 0
        result[name] = {"queries": len(queries), "bytes": size}
    connection.close()
    return result


class Server:
    """A gunicorn master with sync workers on 127.0.0.1:port."""

    def __init__(self, app, port, workers, env, log, extra=(), drain_url="/"):
        self.port = port
        self.drain_url = drain_url
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--timeout",
                str(REQUEST_TIMEOUT),
                "--error-logfile",
                str(log),
                "--no-control-socket",  # the default path is shared by every gunicorn
                *extra,
            ],
            cwd=ROOT,
            env=env,
        )
        self.wait_ready()

    def wait_ready(self):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn on port {self.port} exited")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", "/")
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn on port {self.port} did not start")

    def workers(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def cpu_seconds(self):
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        return total / CLK_TCK

    def max_rss_mb(self):
        sizes = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return max(sizes, default=0)

    def stop(self):
        workers = self.workers()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pid in workers:  # a worker busy with a long request outlives a killed master
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
                if f"127.0.0.1:{self.port}".encode() in command:
                    os.kill(pid, signal.SIGKILL)
            except (OSError, ProcessLookupError):
                pass


UNITS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}

# wrk's own report has no 95th percentile and loads one URL: this script cycles through the
# target's paths and prints the percentiles (in microseconds) at the end.
WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("PERCENTILES %%d %%d %%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)]


def run_wrk(port, paths, connections, duration):
    script = Path(f"/tmp/radhus-load-{os.getpid()}-{port}.lua")
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths))
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{max(1, round(duration))}s",
                "--timeout",
                f"{REQUEST_TIMEOUT}s",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        script.unlink(missing_ok=True)
    total = re.search(r"(\d+) requests in ([\d.]+(?:us|ms|s|m)),", output)
    requests, elapsed = int(total.group(1)), wrk_ms(total.group(2)) / 1000
    percentiles = re.search(r"^PERCENTILES (\d+) (\d+) (\d+)$", output, re.MULTILINE)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    p50, p95, p99 = (int(value) / 1000 for value in percentiles.groups())
    return {
        "requests": requests,
        "elapsed": elapsed,
        "p50": p50 if requests else 0,
        "p95": p95 if requests else 0,
        "p99": p99 if requests else 0,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def percentile(values, fraction):
    return values[min(len(values) - 1, int(len(values) * fraction))] if values else 0


def run_python(port, paths, connections, duration):
    """Threads with http.client, one request at a time each (gunicorn sync closes connections)."""
    latencies, errors = [], [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def worker(offset):
        mine = []
        number = offset
        while time.perf_counter() < deadline:
            path = paths[number % len(paths)]
            number += 1
            start = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
            finally:
                connection.close()
            mine.append((time.perf_counter() - start) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "elapsed": elapsed,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "errors": errors[0],
        "socket_errors": "",
    }


def get(port, url, timeout=REQUEST_TIMEOUT):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def warm_up(port, paths, count):
    """`count` requests for each of `paths`, in turn: every worker loads its templates and
    code, and (with the local-memory cache, one per worker) keeps what a running site keeps
    for each address, e.g. each search query's hits, as it would after its first visitors."""
    for number in range(count * len(paths)):
        get(port, paths[number % len(paths)])


def drain(port, url, workers):
    """Return once every worker has answered a cheap request, i.e. the queue is empty."""
    threads = [threading.Thread(target=get, args=(port, url)) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def measure(args, targets):
    """Interleaved rounds: every target once per round, in the same order."""
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    runner = run_wrk if use_wrk else run_python
    print(
        f"Load generator: {'wrk' if use_wrk else 'Python threads'}, {args.connections} connections"
    )
    results = {key: [] for key in targets}
    for round_number in range(1, args.rounds + 1):
        for key, (server, paths) in targets.items():
            before = server.cpu_seconds()
            run = runner(server.port, paths, args.connections, args.duration)
            # The requests still in flight when the client stops are served all the same: wait
            # for them (so they do not slow down the next page) and count them for CPU time.
            drain(server.port, server.drain_url, args.workers)
            run["cpu"] = server.cpu_seconds() - before
            run["served"] = run["requests"] + args.connections
            results[key].append(run)
            print(
                f"  round {round_number} {' '.join(key):22} "
                f"{run['requests'] / run['elapsed']:8.1f} req/s  p50 {run['p50']:7.1f} ms",
                flush=True,
            )
    return results


def summarise(results, query_counts, rss, cache_status):
    rows = {}
    for key, runs in results.items():
        name, mode = key
        requests = sum(run["requests"] for run in runs)
        elapsed = sum(run["elapsed"] for run in runs)
        cpu = sum(run["cpu"] for run in runs)
        served = sum(run["served"] for run in runs)
        rows[key] = {
            "page": name,
            "mode": mode,
            "req_s": requests / elapsed if elapsed else 0,
            "p50": statistics.median(run["p50"] for run in runs),
            "p95": statistics.median(run["p95"] for run in runs),
            "p99": statistics.median(run["p99"] for run in runs),
            "cpu_ms": cpu * 1000 / served if served else 0,
            "errors": sum(run["errors"] for run in runs),
            "requests": requests,
            "queries": query_counts.get(name, {}).get("queries", 0) if mode == "uncached" else "",
            "bytes": query_counts.get(name, {}).get("bytes", 14),
            "rss_mb": rss[key],
            "x_cache": cache_status.get(key, ""),
        }
    hello = rows[HELLO]
    for row in rows.values():
        row["pct_hello_req_s"] = 100 * row["req_s"] / hello["req_s"] if hello["req_s"] else 0
        row["x_hello_cpu"] = row["cpu_ms"] / hello["cpu_ms"] if hello["cpu_ms"] else 0
    return list(rows.values())


def print_table(rows, urls):
    print(
        "\n| page | mode | URL | req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | queries | KB "
        "| RSS MB | % of hello req/s | × hello CPU |"
    )
    print(
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for row in rows:
        notes = []
        if row["errors"]:
            notes.append(f"{row['errors']} errors")
        if row["mode"] == "cached" and row["x_cache"] != "HIT":
            notes.append(f"not from the cache: X-Cache {row['x_cache'] or 'absent'}")
        note = f" ({'; '.join(notes)})" if notes else ""
        url = first(urls.get(row["page"], "/"))
        if isinstance(urls.get(row["page"]), list):
            url += f" + {len(urls[row['page']]) - 1} more"
        print(
            f"| {row['page']}{note} | {row['mode']} | `{url}` | {row['req_s']:.1f} "
            f"| {row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} | {row['cpu_ms']:.2f} "
            f"| {row['queries']} | {row['bytes'] / 1024:.1f} | {row['rss_mb']:.0f} "
            f"| {row['pct_hello_req_s']:.1f} | {row['x_hello_cpu']:.0f} |"
        )


def machine():
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        model = match.group(1) if match else ""
    return f"{os.cpu_count()} cores {model}".strip()


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def static_url(name):
    """The URL of a static file, served by whitenoise without touching Django's views."""
    from django.templatetags.static import static

    return static(name)


HELLO = ("hello-world", "ceiling")


def compare(paths):
    """A short table of saved runs: uncached and cached figures per page, "before → after"."""
    runs = [json.loads(path.read_text()) for path in paths]
    for run in runs:
        print(run["description"])
    by_run = [{(row["page"], row["mode"]): row for row in run["rows"]} for run in runs]
    last = by_run[-1]

    def figure(key, field, digits):
        values = [rows[key][field] for rows in by_run if key in rows]
        text = " → ".join(f"{value:.{digits}f}" if value != "" else "" for value in values)
        if len(values) == 2 and field == "cpu_ms" and values[0]:
            # e.g. the demo → 10k growth the targets of issue 13 bound at 20 %
            text += f" ({(values[1] - values[0]) / values[0]:+.0%})"
        return text

    print(
        "\n| page | uncached CPU ms/req | queries | uncached p95 ms | cached CPU ms/req "
        "| cached % of hello req/s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    pages = dict.fromkeys(page for page, _mode in last)
    for page in pages:
        uncached, cached = (page, "uncached"), (page, "cached")
        if page == HELLO[0]:
            print(f"| hello-world | {figure(HELLO, 'cpu_ms', 2)} | | | | 100 |")
            continue
        queries = " → ".join(str(rows[uncached]["queries"]) for rows in by_run if uncached in rows)
        miss = "" if last.get(cached, {}).get("x_cache", "HIT") == "HIT" else " (not cached)"
        print(
            f"| {page} | {figure(uncached, 'cpu_ms', 1)} | {queries} "
            f"| {figure(uncached, 'p95', 0)} | {figure(cached, 'cpu_ms', 2)}{miss} "
            f"| {figure(cached, 'pct_hello_req_s', 0)} |"
        )


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on kill
    args = parse_args()
    if args.compare:
        compare(args.compare)
        return
    data_dir = (args.data_dir or ROOT / "benchmarks" / "results" / args.size).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = environment(data_dir)
    build(args, env, data_dir)
    if args.build_only:
        return
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    # Uncached: the page cache is switched off (PAGE_CACHE_SECONDS=0), so every request runs
    # the view; the fragments every page shares (cms.cache.cached_fragment) stay cached, as
    # they are for a page that is not in the page cache on a running site.
    uncached_env = {**env, "PAGE_CACHE_SECONDS": "0"}

    os.environ.update(uncached_env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    urls = page_urls()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        urls = {name: url for name, url in urls.items() if name in wanted}
    query_counts = count_queries(urls)
    database = connection.vendor
    connection.close()
    drain_url = static_url("css/site.css")

    servers = {}
    try:
        servers["hello"] = Server(
            "hello:application",
            args.port + 1,
            args.workers,
            env,
            data_dir / "gunicorn-hello.log",
            extra=["--pythonpath", str(ROOT / "benchmarks")],
        )
        targets = {HELLO: (servers["hello"], ["/"])}
        for mode, port, mode_env in (
            ("uncached", args.port, uncached_env),
            ("cached", args.cached_port, env),
        ):
            if mode in modes:
                servers[mode] = Server(
                    "cms.wsgi:application",
                    port,
                    args.workers,
                    mode_env,
                    data_dir / f"gunicorn-{mode}.log",
                    drain_url=drain_url,
                )
                for name, paths in urls.items():
                    targets[(name, mode)] = (
                        servers[mode],
                        paths if isinstance(paths, list) else [paths],
                    )
        cache_status = {}
        for key, (server, paths) in targets.items():  # warm up every worker, template and cache
            warm_up(server.port, paths, args.workers * 3)
            if key[1] == "cached":
                cache_status[key] = get(server.port, paths[0]).getheader("X-Cache", "")
        load_before = load_average()
        results = measure(args, targets)
        load_after = load_average()
        rss = {key: server.max_rss_mb() for key, (server, _paths) in targets.items()}
    finally:
        for server in servers.values():
            server.stop()
    rows = summarise(results, query_counts, rss, cache_status)
    urls["hello-world"] = "/ (benchmarks/hello.py)"
    description = (
        f"size {args.size}, {database}, redis {'on' if env.get('REDIS_URL') else 'off'}, "
        f"{args.workers} gunicorn sync workers, {args.connections} connections, "
        f"{args.rounds} rounds × {args.duration:g} s, {machine()}, "
        f"load average {load_before} before and {load_after} after"
    )
    print(f"\n{description}")
    print_table(rows, urls)
    out = data_dir / f"load-{database}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"description": description, "urls": urls, "rows": rows}, indent=2))
    print(f"\nSaved {out}")


if __name__ == "__main__":
    main()
