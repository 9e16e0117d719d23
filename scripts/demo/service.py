"""The demo's checked service: one per app and int node, as in the VIP lab (Tests/LabTests/Support/HTTPService.swift).

Usage: service.py NAME PORT STATE_DIR

Answers every GET on every address of its namespace (the VIP included, so a client of the VIP learns which
node answered) with 200 "ok NAME VERSION" while healthy, and 503 "failing NAME VERSION" while the file
STATE_DIR/failing exists. VERSION is the content of STATE_DIR/version, "v1" without it: the demo's
operation replaces it, as an update would.
"""
import http.server
import os
import sys

name, port, state = sys.argv[1], int(sys.argv[2]), sys.argv[3]


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        healthy = not os.path.exists(os.path.join(state, "failing"))
        try:
            with open(os.path.join(state, "version")) as file:
                version = file.read().strip()
        except OSError:
            version = "v1"
        body = "%s %s %s\n" % ("ok" if healthy else "failing", name, version)
        self.send_response(200 if healthy else 503)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("", port), Health).serve_forever()
