"""Starting and stopping a server: the checks before it listens, uvicorn, JSON log lines.

Start refuses (with the reason, before listening) when: the host is not loopback and there is
no token file; the token file or a criteria file of ``--criteria-dir`` has problems; the
database is at an older schema (only ``aow-rules db upgrade`` changes it) or a newer one; or
an inspection in the store was made under a criteria version that is not served as it was
(same id, other content). With ``--demo`` it then makes the demo inspection (`_demo`, SYNTHETIC)
unless the store holds it. SIGTERM stops it cleanly: it stops accepting, lets requests in
flight finish, then closes the database.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import logging.config
import signal
import socket
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn
from sqlalchemy.exc import SQLAlchemyError

from .._store import Store, connect, redact, schema_state, upgrade
from ._app import LOG, Limits, Service, build_app
from ._auth import read_tokens
from ._catalog import load_catalog
from ._demo import Demo, Seeded, seed_demo

__all__ = [
    "JsonLines",
    "ServeOptions",
    "StartError",
    "demo",
    "logging_config",
    "prepare",
    "serve",
]


class StartError(Exception):
    """The server must not start; the message says why and what to do. ``usage`` tells the
    CLI's exit code (2 for how it was called, 3 for an invalid file)."""

    def __init__(self, message: str, usage: bool = True) -> None:
        super().__init__(message)
        self.usage = usage


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, message, and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[1] is not None:
            # The type only: an exception's text could quote a token or a case.
            line["error"] = type(record.exc_info[1]).__name__
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(level: str = "INFO") -> dict[str, Any]:
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonLines"}},
        "handlers": {"stderr": handler},
        "loggers": {
            name: {"handlers": ["stderr"], "level": level, "propagate": False}
            for name in ("aow_rules.service", "uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }


@dataclass(frozen=True)
class ServeOptions:
    db: str = "sqlite:///aow.db"
    host: str = "127.0.0.1"
    port: int = 8000
    tokens: str | None = None
    criteria_dir: str | None = None
    limits: Limits = field(default_factory=Limits)
    demo: Demo | None = None
    """Make the demo inspection (SYNTHETIC) in the store if it is not there."""


def _address(host: str) -> tuple[socket.AddressFamily, str]:
    try:
        info = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise StartError(f"cannot resolve --host {host}: {exc.strerror or exc}") from None
    family, _, _, _, address = info[0]
    return family, str(address[0])


def _is_loopback(address: str) -> bool:
    return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback


def prepare(options: ServeOptions) -> tuple[Service, socket.socket]:
    """Every check, the store opened (and made, if new), the socket bound: ready to serve
    (`demo` then makes the demo inspection, with ``options.demo``)."""
    tokens = read_tokens(options.tokens) if options.tokens else None
    family, address = _address(options.host)
    if tokens is None and not _is_loopback(address):
        raise StartError(
            f"--host {options.host} is not a loopback address: without --tokens every caller "
            "would be a qa_lead; give --tokens FILE (token,name,role a line), or listen on "
            "127.0.0.1"
        )
    for warning in tokens.warnings if tokens else ():
        LOG.warning(warning, extra={"fields": {"event": "tokens_file_permissions"}})
    catalog = load_catalog(options.criteria_dir)
    url = redact(options.db)
    try:
        db = connect(options.db)
        state = schema_state(db)
        if state.kind == "empty":
            _, after = upgrade(db)
            LOG.info("database created", extra={"fields": {"db": url, "schema": after}})
        elif state.kind != "current":
            db.close()
            raise StartError(state.message(url))
    except ModuleNotFoundError as exc:
        raise StartError(
            f"the database driver {exc.name} is not installed: pip install 'aow-rules[serve]'"
        ) from None
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
        raise StartError(f"cannot open the database {url}: {first}") from None
    store = Store(db)
    stale = []
    for criteria_id, shas in sorted(store.criteria_in_use().items()):
        served = catalog.get(criteria_id)
        if served is None or {served.criteria.sha256} != shas:
            stale.append(criteria_id)
    if stale:
        store.close()
        raise StartError(
            f"inspections in {url} were made under criteria {', '.join(stale)}, which this "
            "server does not serve as they were (missing, or the same id with other "
            "content): serve the original files with --criteria-dir"
        )
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((address, options.port))
        # Listening now: a client connecting between the "listening" line and uvicorn's
        # start waits in the backlog rather than being refused.
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        store.close()
        raise StartError(f"cannot listen on {address}:{options.port}: {exc.strerror}") from None
    return Service(store, catalog, tokens, options.limits), sock


def demo(service: Service, sock: socket.socket, options: ServeOptions) -> Seeded | None:
    """The demo inspection made if ``options.demo`` asks for it and the store lacks it;
    `StartError` (the store closed, the socket too) when it cannot be."""
    if options.demo is None:
        return None
    try:
        seeded = seed_demo(service.store, service.catalog, options.demo)
    except ValueError as exc:
        sock.close()
        service.store.close()
        raise StartError(f"--demo: {exc}") from None
    LOG.info(
        seeded.message(),
        extra={"fields": {"event": "demo", "synthetic": True, "made": seeded.made}},
    )
    return seeded


def serve(options: ServeOptions) -> int:
    """Run a server until SIGTERM or SIGINT; `StartError` (or a library error for an invalid
    criteria or token file) when it must not start."""
    logging.config.dictConfig(logging_config())
    service, sock = prepare(options)
    seeded = demo(service, sock, options)
    host, port = sock.getsockname()[:2]
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}"

    def closed() -> None:
        service.store.close()
        LOG.info("database closed", extra={"fields": {"event": "closed"}})

    app = build_app(service, on_shutdown=closed)
    config = uvicorn.Config(
        app,
        log_config=logging_config(),
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=20,
        lifespan="on",
    )
    LOG.info(
        "listening",
        extra={
            "fields": {
                "event": "listening",
                "url": url,
                "port": port,
                "db": service.store.dialect,
                "tokens": "on" if service.tokens else "off (local qa_lead)",
                "criteria": service.catalog.ids(),
            }
        },
    )
    if seeded is not None:
        # For the person who started the demo (the log lines are for machines): what they
        # are looking at is invented, and where it is.
        print(
            f"aow-rules serve --demo: SYNTHETIC data, invented for the demo (no real person "
            f"or case). Open {url}/inspections/{seeded.inspection}",
            flush=True,
        )
    sys.stdout.flush()
    server = uvicorn.Server(config)

    def stop(*_: object) -> None:
        server.should_exit = True

    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again under the handler
    # that was there before it: this one lets the stop finish and the process exit with 0, and
    # stops a server still starting.
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
    LOG.info("stopped", extra={"fields": {"event": "stopped"}})
    return 0
