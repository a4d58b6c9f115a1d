"""Who is asking: bearer tokens from a static token file, or the local user without one.

The file is CSV, ``token,name,role`` one user a line (the static token file of Kubernetes),
with roles `inspector`, `qa_lead` and `reader`. Tokens are kept only as SHA-256 digests and
compared in constant time against every digest (no early exit), so neither timing nor a log
line tells anything about a token. Without a token file every request is the local user.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import aow_rules
from aow_rules.errors import did_you_mean

from ._problems import HttpProblem

__all__ = ["LOCAL", "ROLES", "Role", "Tokens", "User", "allowed", "read_tokens"]

Role = Literal["inspector", "qa_lead", "reader"]
ROLES: tuple[Role, ...] = ("inspector", "qa_lead", "reader")


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role


LOCAL = User("local", "qa_lead")
"""Every request without a token file: the service then listens on loopback only."""


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


@dataclass(frozen=True)
class Tokens:
    """The users of a token file, by the digest of their token."""

    users: tuple[tuple[bytes, User], ...]
    warnings: tuple[str, ...] = ()

    def find(self, token: str) -> User | None:
        presented = _digest(token)
        found = None
        for digest, user in self.users:
            # Every digest is compared, whatever matched before.
            if hmac.compare_digest(digest, presented):
                found = user
        return found

    def authenticate(self, header: str | None) -> User:
        if not header:
            raise HttpProblem(
                401,
                "this endpoint needs a token: send Authorization: Bearer <token>",
                headers={"WWW-Authenticate": 'Bearer realm="aow-rules"'},
            )
        scheme, _, token = header.partition(" ")
        user = self.find(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if user is None:
            raise HttpProblem(
                401,
                "the token is not valid (expected Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": 'Bearer realm="aow-rules", error="invalid_token"'},
            )
        return user


def _problem(
    path: Path, line: int, message: str, suggestion: str | None = None
) -> aow_rules.Problem:
    return aow_rules.Problem(
        aow_rules.Code.INVALID_VALUE, message, str(path), f"{line}:1", suggestion
    )


def read_tokens(path: str | Path) -> Tokens:
    """Read a token file; every problem in it at once (`aow_rules.CaseError`), never a token."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
        mode = file.stat().st_mode
    except OSError as exc:
        code = (
            aow_rules.Code.FILE_NOT_FOUND
            if isinstance(exc, FileNotFoundError)
            else aow_rules.Code.FILE_UNREADABLE
        )
        raise aow_rules.CaseError(
            [aow_rules.Problem(code, f"cannot read the token file: {exc.strerror}", str(file))]
        ) from None
    problems: list[aow_rules.Problem] = []
    users: list[tuple[bytes, User]] = []
    roles_of: dict[str, str] = {}
    seen: dict[bytes, int] = {}
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or (len(row) == 1 and not row[0].strip()) or row[0].startswith("#"):
            continue
        if len(row) < 3:
            problems.append(_problem(file, line, "expected token,name,role"))
            continue
        token, name, role = (cell.strip() for cell in row[:3])
        if len(token) < 16:
            problems.append(
                _problem(
                    file,
                    line,
                    "the token is shorter than 16 characters",
                    "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'",
                )
            )
        if not name or len(name) > 64:
            problems.append(_problem(file, line, "the name must be 1 to 64 characters"))
        if role not in ROLES:
            problems.append(
                _problem(
                    file,
                    line,
                    f"unknown role {role!r}; expected one of {', '.join(ROLES)}",
                    did_you_mean(role, ROLES),
                )
            )
            continue
        digest = _digest(token)
        if digest in seen:
            problems.append(_problem(file, line, f"the same token as line {seen[digest]}"))
        if roles_of.setdefault(name, role) != role:
            problems.append(
                _problem(file, line, f"{name!r} has role {roles_of[name]!r} on an earlier line")
            )
        seen[digest] = line
        users.append((digest, User(name, role)))
    if not users and not problems:
        problems.append(_problem(file, 1, "the token file names no user"))
    if problems:
        raise aow_rules.CaseError(problems)
    warnings = []
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.append(
            f"the token file {file} can be read or changed by other users "
            f"(mode {stat.filemode(mode)}); make it private: chmod 600 {file}"
        )
    return Tokens(tuple(users), tuple(warnings))


def allowed(user: User, roles: Sequence[Role]) -> None:
    """403 unless the user has one of ``roles``."""
    if user.role not in roles:
        raise HttpProblem(
            403,
            f"{user.name} ({user.role}) may not do this; it needs the role " + " or ".join(roles),
        )
