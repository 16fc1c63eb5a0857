"""python -m app.integrations.simulator --port P --seed S --teachers N --fault-rate F
[--hang SECONDS] [--retry-after SECONDS] [--host 127.0.0.1] [--token TOKEN] (docs/registries.md)"""

from __future__ import annotations

import argparse
import logging

from werkzeug.serving import make_server

from app.integrations.simulator import build_app


def main() -> None:
    parser = argparse.ArgumentParser(description="Simulate the six national registries, with faults on purpose.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8900)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--teachers", type=int, default=1000)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--hang", type=float, default=15.0, help="Seconds a timeout fault holds the request.")
    parser.add_argument("--retry-after", type=float, default=1.0, help="Seconds a 429 asks the client to wait.")
    parser.add_argument("--token", default=None, help="Require Authorization: Bearer TOKEN on the registries' APIs.")
    args = parser.parse_args()
    if not 0 <= args.fault_rate <= 1:
        parser.error("--fault-rate must be between 0 and 1")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = build_app(args.seed, args.teachers, args.fault_rate, args.hang, args.retry_after, args.token)
    server = make_server(args.host, args.port, app, threaded=True)
    print(f"registry simulator on http://{args.host}:{server.port} (seed {args.seed}, {args.teachers} teachers, "
          f"fault rate {args.fault_rate})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
