"""The test suite's fixture press rooms on 127.0.0.1, to try `pressroom probe` and `pressroom run` offline.

    .venv/bin/python tests/live/fixture_press_room.py [--port 8765]

serves, from tests/live/fixtures/, KS's NTB press room (`ks-test`: RSS, a list of 6 releases over 3 pages,
JSON details, one release only as an HTML page), SKR on Via TT (`skr-test`) and KL on Via Ritzau
(`kl-test`: its list also holds another publisher's item; the plain detail request answers 404, the one
with ?publisherId=&lang= answers), writes a sources.toml naming them beside a temporary folder, and
prints the variable that points pressroom at it. Ctrl-C stops it. These sources exist only here and in
the tests; the ones a clone can use against the real press rooms are in sources.toml (`pressroom config`).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import tempfile
from pathlib import Path

from live_site import Site, nordic_sources_toml, serve_nordic, serve_ntb
from pytest_httpserver import HTTPServer


def main(argv: list[str] | None = None) -> int:
    """Serve until Ctrl-C or SIGTERM; returns the exit code (0)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0: any free one)")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request
    server = HTTPServer(host="127.0.0.1", port=args.port)
    server.no_handler_status_code = 404  # an unserved path answers like a web server
    server.start()
    site = Site(server)
    serve_ntb(site)
    serve_nordic(site)
    sources = nordic_sources_toml(site.base, Path(tempfile.mkdtemp(prefix="pressroom-fixtures-")) / "sources.toml")
    print(f"fixture press rooms ks-test, skr-test and kl-test on {site.base}; in another shell:\n"
          f"  export PRESSROOM_SOURCES_FILE={sources}\n"
          "  .venv/bin/pressroom probe kl-test\n"
          "Ctrl-C stops them.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
