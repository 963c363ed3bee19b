"""A mail server for the cluster's own runs (`make loadtest`, `make faults`): just enough SMTP to take
the product's mail on a loopback port, keeping each message's Message-ID and recipients, never
sending anything on. It can answer slowly (`delay` seconds before accepting each recipient), so a
delivery takes long enough for a fault to land in the middle of it."""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import threading
from typing import Any

HOST = "127.0.0.1"


class MailSink:
    """Just enough SMTP to take the product's mail: it waits `delay` seconds before accepting each
    recipient (the moment a worker is killed in) and keeps each message's Message-ID and recipients."""

    def __init__(self, port: int, delay: float) -> None:
        self.port, self.delay = port, delay
        self.received: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> None:
        self.thread.start()
        if not self.ready.wait(10):
            raise SystemExit(f"the mail server could not listen on {HOST}:{self.port}")

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=3)

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._session, HOST, self.port, limit=4 * 1024 * 1024))
        self.ready.set()
        try:
            self.loop.run_forever()
        finally:
            server.close()
            pending = asyncio.all_tasks(self.loop)
            for conversation in pending:
                conversation.cancel()
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.close()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        recipients: list[str] = []
        try:
            await reply("220 cluster mail server")
            while line := (await reader.readline()).decode(errors="replace").strip():
                verb = line[:4].upper()
                if verb == "EHLO":
                    await reply("250-cluster\r\n250 8BITMIME")
                elif verb == "MAIL":
                    recipients = []
                    await reply("250 OK")
                elif verb == "RCPT":
                    await asyncio.sleep(self.delay)
                    recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                    await reply("250 OK")
                elif verb == "DATA":
                    await reply("354 go ahead")
                    data = await reader.readuntil(b"\r\n.\r\n")
                    headers = email.parser.BytesParser(policy=email.policy.default).parsebytes(data, headersonly=True)
                    with self.lock:
                        self.received.append({"message_id": str(headers["Message-ID"]), "to": recipients})
                    await reply("250 OK: queued")
                elif verb in ("HELO", "RSET", "NOOP"):
                    await reply("250 OK")
                elif verb == "QUIT":
                    await reply("221 bye")
                    break
                else:
                    await reply("502 not implemented")
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass  # the client died mid-conversation (nothing was taken), or the server is stopping
        finally:
            writer.close()

    def to_domain(self, domain: str) -> list[dict[str, Any]]:
        """The messages taken for addresses at `domain`."""
        with self.lock:
            return [m for m in self.received if any(to.endswith("@" + domain) for to in m["to"])]

    def count(self) -> int:
        with self.lock:
            return len(self.received)
