"""The limit `api_load.py` measures against: the same response bytes served from memory by a minimal
WSGI application under the same gunicorn settings (`BENCH_BODIES`: a directory of PATH-named files)."""

import os
from pathlib import Path

BODIES = {}
for file in Path(os.environ["BENCH_BODIES"]).iterdir():
    BODIES["/" + file.name.replace("__", "/")] = file.read_bytes()


def application(environ, start_response):
    body = BODIES.get(environ["PATH_INFO"])
    if body is None:
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
