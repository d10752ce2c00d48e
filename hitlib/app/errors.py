"""Errors as JSON a person can read: a ``message`` that names the field, and a request-body limit.

Introduced in *Deployment: a predictor people can use*. Bad input gets HTTP 422 with a ``message``
naming each field (and a machine-readable ``detail``); other HTTP errors (404, 405, an unreadable body)
come in the same shape; a body over :data:`hitlib.app.schemas.MAX_BODY_BYTES` gets 413 before it is parsed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hitlib.app.schemas import MAX_BATCH, MAX_BODY_BYTES

# JSON answers are never to be read as HTML, whatever a client guesses.
JSON_HEADERS = {"X-Content-Type-Options": "nosniff"}


def clean_text(text: object, limit: int = 80) -> str:
    """User text fit to echo in JSON: shortened, unencodable characters (lone surrogates) replaced.

    Not HTML-escaped: a JSON answer is data, and escaping belongs where text is shown (the page's script
    inserts it as text, never as HTML).
    """
    value = str(text)
    value = value if len(value) <= limit else value[:limit] + "…"
    return value.encode("utf-8", "replace").decode("utf-8")


def field_path(location: Sequence[object]) -> str:
    """``('body', 'tracks', 3, 'energy')`` -> ``tracks[3].energy``; ``('query', 'q')`` -> ``q``."""
    path = ""
    for part in location[1:]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or str(location[0] if location else "body")


def describe(error: dict[str, Any]) -> str:
    """One validation error as a sentence that starts with the field it is about."""
    location = error.get("loc", ())
    if error.get("type") == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "malformed")
        return f"body: not valid JSON at character {clean_text(location[-1])} ({clean_text(reason)})"
    where = clean_text(field_path(location))
    if error.get("type") == "extra_forbidden":
        return f"{where}: unknown field; send only the 15 features and decade"
    if error.get("type") == "missing":
        return f"{where}: this field is required"
    if tuple(location) == ("body",):
        return "body: expected a JSON object (sent with Content-Type: application/json)"
    return f"{where}: {clean_text(str(error.get('msg', 'invalid value')).removeprefix('Value error, '), 300)}"


def problem(status: int, messages: list[str], detail: object = None) -> JSONResponse:
    """An error response: ``message`` (sentences for a person) and ``detail`` (machine-readable)."""
    shown = messages[:5] + ([f"and {len(messages) - 5} more problems"] if len(messages) > 5 else [])
    return JSONResponse(
        {"message": "; ".join(shown), "detail": detail if detail is not None else messages},
        status_code=status,
        headers=JSON_HEADERS,
    )


async def validation_problem(request: Request, error: Exception) -> JSONResponse:
    """HTTP 422 for any request that does not fit the schema, naming each field."""
    errors = error.errors() if isinstance(error, RequestValidationError) else []
    detail = [
        {"field": clean_text(field_path(e.get("loc", ()))), "type": str(e.get("type", "")), "problem": describe(e)}
        for e in errors[:50]
    ]
    return problem(422, [describe(e) for e in errors] or ["invalid request"], detail)


async def http_problem(request: Request, error: Exception) -> JSONResponse:
    """Other HTTP errors (404, 405, an unreadable body) in the same shape as the 422s."""
    status = getattr(error, "status_code", 400)
    response = problem(status, [clean_text(getattr(error, "detail", "bad request"), 300)])
    response.headers.update(getattr(error, "headers", None) or {})
    return response


def invalid_query(name: str, sentence: str) -> RequestValidationError:
    """A 422 for a query parameter that passed its type check but is still unusable."""
    return RequestValidationError([{"type": "value_error", "loc": ("query", name), "msg": sentence}])


class BodyLimit:
    """ASGI middleware: refuse a request body over ``max_bytes`` with 413, declared or streamed.

    A declared Content-Length is checked before reading; a body sent without one (chunked) is read
    up to the limit and refused as soon as it goes over. The app then gets the body already read.
    """

    def __init__(self, app: Callable[..., Awaitable[None]], max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self.refuse(scope, receive, send, declared.isdigit())
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_bytes:
                await self.refuse(scope, receive, send, True)
                return
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def refuse(self, scope: dict, receive: Callable, send: Callable, too_large: bool) -> None:
        """Answer 413 (or 400 for a Content-Length that is not a number)."""
        if too_large:
            response = problem(
                413,
                [
                    f"body: the request body is larger than the limit of {self.max_bytes:,} "
                    f"bytes (at most {MAX_BATCH} tracks per batch)"
                ],
            )
        else:
            response = problem(400, ["Content-Length: not a number"])
        await response(scope, receive, send)


def _replay(body: bytes, receive: Callable) -> Callable:
    """A ``receive`` that hands over the body already read, then waits on the real one."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> dict:
        return pending.pop() if pending else await receive()

    return replay


def add_error_handling(app: FastAPI) -> None:
    """The body limit and the JSON error handlers, on one app."""
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_exception_handler(RequestValidationError, validation_problem)
    app.add_exception_handler(StarletteHTTPException, http_problem)
