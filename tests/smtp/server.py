"""A real SMTP server for Agora's tests (aiosmtpd).

Listens on 127.0.0.1 (port 0: any free one), prints `ready PORT` once it accepts
connections, and writes each delivered message twice into FOLDER: as received
(`N.eml`) and parsed by Python's own e-mail package (`N.json`: envelope, headers,
plain and HTML bodies), so the tests read what a mail client would show.
With --user and --password it requires AUTH (PLAIN or LOGIN) with them.
With --fail-first N it answers the first N messages with a temporary failure (451).
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import socket

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Keep:
    def __init__(self, folder, fail_first):
        self.folder = folder
        self.fail_first = fail_first
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail_first > 0:
            self.fail_first -= 1
            return "451 4.3.0 Try again later (test server)"
        self.count += 1
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        parsed = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": {k: str(v) for k, v in message.items()},
            "text": text.get_content() if text else None,
            "html": html.get_content() if html else None,
        }
        base = os.path.join(self.folder, f"{self.count:04d}")
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        # Written last, under its final name at once: a reader never sees half of it.
        with open(base + ".tmp", "w", encoding="utf-8") as f:
            json.dump(parsed, f)
        os.rename(base + ".tmp", base + ".json")
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        return AuthResult(success=ok)

    options = {}
    if args.user:
        options = {"authenticator": authenticate, "auth_require_tls": False, "auth_required": True}
    port = args.port or free_port()
    controller = Controller(Keep(args.folder, args.fail_first), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(f"ready {port}", flush=True)
    try:
        asyncio.new_event_loop().run_until_complete(asyncio.Event().wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
