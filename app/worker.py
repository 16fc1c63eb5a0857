"""`make worker`: an RQ worker that builds the app once and runs jobs inside its context.

STACK-NOTES: the forking worker rebuilt the app for every job (~1 s each); this one does not.
Run N of them for N parallel jobs.
"""

from __future__ import annotations

import sys

from redis import Redis
from rq import Queue, SimpleWorker

from app import create_app
from app.extensions import db


class AppWorker(SimpleWorker):
    def perform_job(self, *args, **kwargs):
        try:
            return super().perform_job(*args, **kwargs)
        finally:
            db.session.remove()


def build_worker(app, queues: list[str] | None = None, connection: Redis | None = None) -> AppWorker:
    connection = connection or Redis.from_url(app.config["REDIS_URL"])
    names = queues or app.config["RQ_QUEUES"]
    return AppWorker([Queue(n, connection=connection) for n in names], connection=connection)


def main(argv: list[str] | None = None) -> None:
    app = create_app({"FAB_UPDATE_PERMS": False})
    if not app.config.get("REDIS_URL"):
        sys.exit("REDIS_URL is not set: without Redis, jobs run in-process and no worker is needed.")
    with app.app_context():
        db.engine.dispose()
        build_worker(app, argv or None).work(with_scheduler=False)


if __name__ == "__main__":
    main(sys.argv[1:])
