"""scripts/faults.py (make faults): its mail server and its accounting, without a cluster."""

import importlib.util
import smtplib
import socket
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


@pytest.fixture(scope="module")
def faults():
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("faults_script", SCRIPTS / "faults.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["faults_script"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["faults_script"]
    sys.path.remove(str(SCRIPTS))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def message(to: str, message_id: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"], mail["Message-ID"] = "app@example.org", to, "Hello", message_id
    mail.set_content("Body")
    return mail


def test_the_mail_server_keeps_each_message_id_and_counts_a_repeat(faults):
    sink = faults.MailSink(free_port(), delay=0)
    sink.start()
    try:
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as smtp:
            smtp.send_message(message(f"a@{faults.MARK}", "<one@example.org>"))
            smtp.send_message(message(f"b@{faults.MARK}", "<two@example.org>"))
            smtp.send_message(message(f"b@{faults.MARK}", "<two@example.org>"))
            smtp.send_message(message("someone@example.org", "<three@example.org>"))
    finally:
        sink.stop()
    assert [(m["message_id"], m["to"]) for m in sink.to_domain(faults.MARK)] == [
        ("<one@example.org>", [f"a@{faults.MARK}"]),
        ("<two@example.org>", [f"b@{faults.MARK}"]),
        ("<two@example.org>", [f"b@{faults.MARK}"]),
    ]


def test_a_client_that_dies_before_its_message_is_taken_leaves_nothing(faults):
    """A worker killed while the server waits to accept a recipient has sent nothing."""
    sink = faults.MailSink(free_port(), delay=0.5)
    sink.start()
    try:
        client = smtplib.SMTP("127.0.0.1", sink.port, timeout=5)
        client.ehlo()
        client.mail("app@example.org")
        client.sock.settimeout(0.1)
        with pytest.raises((TimeoutError, smtplib.SMTPServerDisconnected, OSError)):
            client.rcpt(f"a@{faults.MARK}")
        client.close()
    finally:
        sink.stop()
    assert sink.to_domain(faults.MARK) == []


def test_the_mail_server_takes_a_message_larger_than_a_stream_buffer(faults):
    """A report's mail with its HTML part runs past asyncio's 64 KiB default: it is taken whole."""
    sink = faults.MailSink(free_port(), delay=0)
    sink.start()
    try:
        big = message(f"a@{faults.MARK}", "<big@example.org>")
        big.set_content("x" * 200_000)
        with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as smtp:
            smtp.send_message(big)
    finally:
        sink.stop()
    assert sink.count() == 1
    assert [m["message_id"] for m in sink.to_domain(faults.MARK)] == ["<big@example.org>"]
