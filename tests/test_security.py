"""Nothing leaks in or out: no input makes cleaner read a file or open a connection, and
rule files are data whose patterns cannot run away."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import clean

SECRET = "CANARY-7f3a9c-SECRET"
BODY = "<p>" + "An ordinary paragraph of an article, long enough to be kept as prose. " * 5 + "</p>"


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    path = tmp_path / "canary.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP server on loopback that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(0.5)
                try:
                    hits.append(connection.recv(1024))
                except OSError:
                    hits.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


def pages(canary: Path, port: int) -> list[str]:
    file_url, http_url = canary.as_uri(), f"http://127.0.0.1:{port}/x"
    return [
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{file_url}">]><html><body><p>&xxe;</p>{BODY}</body></html>',
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{file_url}">]><rss><item>&xxe;</item>{BODY}</rss>',
        f'<!DOCTYPE html [<!ENTITY % remote SYSTEM "{http_url}"> %remote;]><html><body>{BODY}</body></html>',
        f'<!DOCTYPE html SYSTEM "{http_url}"><html><body>{BODY}</body></html>',
        f'<html xmlns:xi="http://www.w3.org/2001/XInclude"><body><xi:include href="{file_url}" parse="text"/>{BODY}</body></html>',
        f'<html><head><link rel="stylesheet" href="{http_url}"><base href="{http_url}"></head>'
        f'<body><img src="{http_url}"><iframe src="{file_url}"></iframe><script src="{http_url}"></script>{BODY}</body></html>',
    ]


def test_no_file_read_and_no_connection(canary: Path, listener: tuple[int, list[bytes]]) -> None:
    port, hits = listener
    for page in pages(canary, port):
        for data in (page, page.encode("utf-8")):
            text = clean(data)
            assert SECRET not in text
            assert "ordinary paragraph" in text
    assert hits == [], "cleaner opened a connection"
