"""Measurements of the national benchmark: the built app under gunicorn (2 workers on 127.0.0.1),
page by page beside the raw SQL of the same rows; the teacher portal's throughput; batch scoring on
2 RQ workers; the web workers' memory. Every process started here is stopped here, also on errors."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import requests

from bench.national_pages import PORTAL_RAW, discover, pages
from bench.national_reports import refresh_summaries
from bench.national_reports import rows as summary_rows
from bench.national_setup import app_for, plain_url

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REDIS_URL = "redis://127.0.0.1:6379/13"  # db 13 only: the other databases belong to others
PASSWORD = "ustaz-demo"


# -- processes ---------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update(DATABASE_URL=plain_url(url), FAB_UPDATE_PERMS="False", SECRET_KEY="national-bench-" * 4,
               FLASK_APP="run.py", **extra)
    return env


def _stop(process: subprocess.Popen) -> None:
    """Stop a process group we started (gunicorn's master takes its workers with it)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


@contextlib.contextmanager
def gunicorn(url: str, port: int) -> Iterator[tuple[str, subprocess.Popen]]:
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    log = open(ROOT / "bench" / "results" / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
         "--timeout", "120", "run:app"], cwd=ROOT, env=_env(url), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        yield base, process
    finally:
        _stop(process)
        log.close()


def _wait_for(base: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited: see bench/results/gunicorn.log")
        with contextlib.suppress(requests.RequestException):
            if requests.get(base + "/login/", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer in time")


def worker_rss_mib(master: int) -> list[float]:
    """Resident memory of gunicorn's workers (the master's children), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        sizes.append(round(kb / 1024, 1))
    return sizes


# -- logging in --------------------------------------------------------------------------------------
def login(session: requests.Session, base: str, username: str) -> None:
    page = session.get(base + "/login/", timeout=30).text
    token = CSRF.search(page).group(1)
    answer = session.post(base + "/login/", data={"username": username, "password": PASSWORD, "csrf_token": token},
                          timeout=30, allow_redirects=False)
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
        raise RuntimeError(f"login as {username} failed ({answer.status_code})")


def client_login(client, username: str) -> None:
    token = CSRF.search(client.get("/login/").get_data(as_text=True)).group(1)
    answer = client.post("/login/", data={"username": username, "password": PASSWORD, "csrf_token": token})
    if answer.status_code != 302:
        raise RuntimeError(f"test-client login as {username} failed ({answer.status_code})")


# -- timing ------------------------------------------------------------------------------------------
def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def time_page(session: requests.Session, url: str, runs: int) -> dict:
    for _ in range(3):  # warm-up: connection pools, caches, the first template compile
        session.get(url, timeout=60)
    samples, size, status = [], 0, 0
    for _ in range(runs):
        started = time.perf_counter()
        answer = session.get(url, timeout=60)
        samples.append((time.perf_counter() - started) * 1000)
        size, status = len(answer.content), answer.status_code
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(percentile(samples, 0.95), 1),
            "kb": round(size / 1024, 1), "status": status, "runs": runs}


def time_raw(conn: psycopg.Connection, queries: list[tuple[str, tuple]], runs: int = 30) -> list[float]:
    """Median ms of each hand-written statement of the same rows (the rows first, then the count)."""
    medians = []
    for sql, params in queries:
        for _ in range(3):
            conn.execute(sql, params).fetchall()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            conn.execute(sql, params).fetchall()
            samples.append((time.perf_counter() - started) * 1000)
        medians.append(round(statistics.median(samples), 2))
    return medians


def count_statements(app, username: str, path: str) -> int:
    """SQL statements of one request, the same page run once through the test client (a cursor hook)."""
    from sqlalchemy import event

    from app.extensions import db

    client = app.test_client()
    client_login(client, username)
    client.get(path)  # the first request warms the per-process caches, as a running worker has them
    counter = {"n": 0}

    def count(*_args, **_kwargs) -> None:
        counter["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counter["n"]


# -- the portal under load ---------------------------------------------------------------------------------
def portal_throughput(base: str, teachers: list[str], clients: int, seconds: float) -> dict:
    """``clients`` threads, each its own session logged in as a different teacher, requesting /portal/."""
    sessions = []
    for username in teachers[:clients]:
        session = requests.Session()
        login(session, base, username)
        session.get(base + "/portal/", timeout=30)
        sessions.append(session)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run(session: requests.Session) -> None:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            answer = session.get(base + "/portal/", timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += answer.status_code != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"requests": len(latencies), "seconds": round(elapsed, 1), "req_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 0.95), 1),
            "errors": errors[0], "clients": len(sessions)}


# -- batch scoring on 2 RQ workers ---------------------------------------------------------------------------
def batch_scoring(url: str, timeout: float) -> dict:
    """`flask ustaz score-batch --user national --applicants` on 2 workers (Redis db 13, flushed first):
    teachers scored per second until every part job ends (or ``timeout``)."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = _env(url, REDIS_URL=REDIS_URL)
    workers = [subprocess.Popen([sys.executable, "-m", "app.worker"], cwd=ROOT, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    try:
        time.sleep(3)  # the workers build the app once before taking jobs
        started = time.perf_counter()
        out = subprocess.run([str(VENV_BIN / "flask"), "ustaz", "score-batch", "--user", "national", "--applicants"],
                             cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
        job_id, batch_key = int(re.search(r"job (\d+)", out).group(1)), re.search(r"batch (\w+)", out).group(1)
        state = _wait_for_job(url, job_id, started + timeout)
        elapsed = time.perf_counter() - started
    finally:
        for worker in workers:
            _stop(worker)
        redis.Redis.from_url(REDIS_URL).flushdb()
    with psycopg.connect(plain_url(url)) as conn:
        scored = conn.execute("SELECT count(*) FROM score_result WHERE batch_key = %s", (batch_key,)).fetchone()[0]
        applicants = conn.execute("SELECT count(*) FROM application a JOIN attestation_period p ON p.id = a.period_id "
                                  "WHERE p.state = 'open' AND a.state <> 'withdrawn'").fetchone()[0]
    rate = scored / elapsed if elapsed else 0
    return {"state": state, "scored": scored, "applicants": applicants, "seconds": round(elapsed, 1),
            "teachers_per_s": round(rate, 1),
            "projected_seconds": round(applicants / rate, 1) if rate else None, "job_id": job_id}


def _wait_for_job(url: str, job_id: int, deadline: float) -> str:
    """Poll the job and its part jobs until none is queued or running; the parent's final state."""
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        parts = bool(conn.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'job_record' "
                                  "AND column_name = 'parent_id'").fetchone())
        query = ("SELECT state FROM job_record WHERE id = %s" + (" OR parent_id = %s" if parts else ""))
        params = (job_id, job_id) if parts else (job_id,)
        while time.perf_counter() < deadline:
            states = [r[0] for r in conn.execute(query, params)]
            if states and all(s in ("finished", "failed") for s in states):
                return conn.execute("SELECT state FROM job_record WHERE id = %s", (job_id,)).fetchone()[0]
            time.sleep(0.5)
    return "timed out"


# -- the run -------------------------------------------------------------------------------------------------
def measure(url: str, args) -> dict:
    load_at_start = os.getloadavg()
    # the dashboards read the summary tables: computed first (else the first dashboard view would run the
    # full refresh inline, in a gunicorn worker), the refresh timed as a measure of its own
    summaries = refresh_summaries(url)
    print(f"  summaries: full refresh {summaries['full']['seconds']} s, incremental "
          f"({summaries['incremental']['organizations_touched']} organizations) {summaries['incremental']['seconds']} s",
          flush=True)
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        facts = discover(conn)
    results: dict = {"facts": {k: v for k, v in facts.items() if k != "teachers"}, "pages": {},
                     "summaries": summaries}
    app = app_for(url)
    statements = {p.key: count_statements(app, p.user, p.path) for p in pages(facts)}
    statements["portal_home"] = count_statements(app, facts["teachers"][0], "/portal/")
    port = args.port or free_port()
    # custom plans for the raw SQL, as literals get (a generic plan of `iin LIKE $1` cannot use an index)
    with gunicorn(url, port) as (base, process), psycopg.connect(plain_url(url), autocommit=True,
                                                                prepare_threshold=None) as conn:
        sessions: dict[str, requests.Session] = {}
        for page in pages(facts):
            session = sessions.get(page.user) or sessions.setdefault(page.user, requests.Session())
            if not session.cookies:
                login(session, base, page.user)
            figures = time_page(session, base + page.path, args.requests)
            raw = time_raw(conn, page.raw)
            figures.update(raw_ms=round(sum(raw), 2), raw_rows_ms=raw[0], statements=statements[page.key], path=page.path,
                           label=page.label, goal=page.goal, max_kb=page.max_kb)
            results["pages"][page.key] = figures
            print(f"  {page.label:<45} p50 {figures['p50_ms']:>7.1f} ms  p95 {figures['p95_ms']:>7.1f} ms", flush=True)
        results["pages"]["portal_home"] = _portal(base, conn, facts, args, statements["portal_home"])
        results["portal_throughput"] = portal_throughput(base, facts["teachers"], args.clients,
                                                         args.throughput_seconds)
        results["worker_rss_mib"] = worker_rss_mib(process.pid)
    results["batch_scoring"] = batch_scoring(url, args.score_timeout)
    # the machine's 1/5/15-minute load averages: figures taken while other work shared the cores are not comparable
    results["load_average"] = {"start": [round(x, 2) for x in load_at_start],
                               "end": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count()}
    return results


def _portal(base: str, conn: psycopg.Connection, facts: dict, args, statements: int) -> dict:
    session = requests.Session()
    login(session, base, facts["teachers"][0])
    figures = time_page(session, base + "/portal/", args.requests)
    person = conn.execute("SELECT person_id FROM ab_user WHERE username = %s", (facts["teachers"][0],)).fetchone()[0]
    raw = time_raw(conn, [(sql, (person,)) for sql, _ in PORTAL_RAW])
    figures.update(raw_ms=round(sum(raw), 2), raw_rows_ms=raw[0], statements=statements,
                   path="/portal/", label="teacher home /portal/ (one client)", goal=None, max_kb=None)
    return figures


# -- the report ----------------------------------------------------------------------------------------------
def rows(results: dict) -> list[tuple[str, str, str, str]]:
    """(measure, value, goal, held?) for the printed table and docs/performance.md."""
    table = summary_rows(results["summaries"]) if results.get("summaries") else []
    for page in results["pages"].values():
        value = (f"p50 {page['p50_ms']:.0f} / p95 {page['p95_ms']:.0f} ms, {page['kb']:.0f} KB, "
                 f"{page['statements']} SQL; raw SQL {page['raw_ms']:.1f} ms (rows {page['raw_rows_ms']:.1f})")
        goal, held = "—", "—"
        if page.get("goal"):
            statistic, limit = page["goal"]
            goal = f"{statistic} ≤ {limit:.0f} ms" + (f", ≤ {page['max_kb']:.0f} KB" if page.get("max_kb") else "")
            ok = page[f"{statistic}_ms"] <= limit and (not page.get("max_kb") or page["kb"] <= page["max_kb"])
            held = "yes" if ok and page["status"] == 200 else "NO"
        if page["status"] != 200:
            value += f" (HTTP {page['status']})"
        table.append((f"{page['label']} [{page['path'].split('?')[0]}]", value, goal, held))
    load = results["portal_throughput"]
    table.append((f"teacher home throughput, {load['clients']} clients", f"{load['req_per_s']:.0f} req/s "
                  f"(p95 {load['p95_ms']:.0f} ms, {load['errors']} errors)", "≥ 300 req/s",
                  "yes" if load["req_per_s"] >= 300 and not load["errors"] else "NO"))
    batch = results["batch_scoring"]
    table.append(("batch scoring of the year's applicants, 2 workers",
                  f"{batch['scored']:,} in {batch['seconds']:.0f} s, {batch['teachers_per_s']:.0f} teachers/s "
                  f"({batch['state']})", "≤ 60 s",
                  "yes" if batch["state"] == "finished" and batch["seconds"] <= 60 else "NO"))
    rss = results["worker_rss_mib"]
    table.append(("gunicorn worker memory (RSS)", " / ".join(f"{r:.0f}" for r in rss) + " MiB", "≤ 150 MiB",
                  "yes" if rss and max(rss) <= 150 else "NO"))
    return table


def print_table(results: dict) -> None:
    table = rows(results)
    if results.get("load_average"):
        load = results["load_average"]
        print(f"\nload average (1 min) {load['start'][0]} at the start, {load['end'][0]} at the end, {load['cores']} cores")
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    header = ("measure", "value", "goal", "held?")
    print()
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-+-".join("-" * w for w in widths))
    for row in table:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths)))
