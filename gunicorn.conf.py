"""gunicorn settings for production; `gunicorn run:app` reads this file from the working directory.

Command-line options override it (`-w 4 -b 0.0.0.0:8000`). Environment:
  USTAZ_BIND            address to listen on (default 127.0.0.1:8000: put a TLS proxy in front)
  WEB_CONCURRENCY       worker processes (gunicorn's own variable; default 2 x cores + 1)
  FORWARDED_ALLOW_IPS   proxies whose X-Forwarded-Proto is trusted (gunicorn's own variable; default
                        127.0.0.1,::1): set it to the TLS proxy's address so the app sees https

The `Server` header: gunicorn (since 20.x) sends a bare `Server: gunicorn`, without its version;
nothing to hide further. The development server is quieted in app/security/headers.py.
"""

from __future__ import annotations

import multiprocessing
import os

bind = [os.environ.get("USTAZ_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
proc_name = "ustaz"
timeout = 60  # PDF reports and imports may take a while; anything longer belongs in a job

# Access log on stdout without query strings and referrers: search filters carry names and ИИН.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Requests: bounded header sizes (gunicorn's defaults, stated so a review sees them).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
