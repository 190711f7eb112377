"""``maxResults``/``nextToken`` paging, shared by every List* operation."""

from __future__ import annotations

import base64
import binascii
import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ecslearn.errors import InvalidParameterException

T = TypeVar("T")


def paginate(
    items: Sequence[T], request: dict, default_size: int = 100, max_size: int = 100
) -> tuple[list[T], str | None]:
    """One page of `items` and the token for the next (None when this is the last)."""
    size = request.get("maxResults", default_size)
    if not 1 <= size <= max_size:
        raise InvalidParameterException(
            f"maxResults must be between 1 and {max_size}; it was {size}."
        )
    start = _decode(request.get("nextToken"))
    page = list(items[start : start + size])
    end = start + size
    return page, (_encode(end) if end < len(items) else None)


def paged_response(
    key: str,
    items: Sequence[T],
    request: dict,
    *,
    shown: Callable[[T], Any] | None = None,
    default_size: int = 100,
    max_size: int = 100,
) -> dict[str, Any]:
    """A List*/Describe* answer: ``{key: [one page of items], "nextToken": ...}``, the token
    only when more pages follow. `shown` turns each item of the page into its JSON."""
    page, token = paginate(items, request, default_size, max_size)
    response: dict[str, Any] = {key: [shown(i) for i in page] if shown else page}
    if token:
        response["nextToken"] = token
    return response


def paged_stream(
    key: str, items: Iterable[T], request: dict, default_size: int = 100, max_size: int = 100
) -> dict[str, Any]:
    """`paged_response` over items produced on demand: reads only up to the end of the page,
    and one more item to know whether a next page follows."""
    size = request.get("maxResults", default_size)
    if not 1 <= size <= max_size:
        raise InvalidParameterException(
            f"maxResults must be between 1 and {max_size}; it was {size}."
        )
    start = _decode(request.get("nextToken"))
    page = list(itertools.islice(items, start, start + size + 1))
    response: dict[str, Any] = {key: page[:size]}
    if len(page) > size:
        response["nextToken"] = _encode(start + size)
    return response


def offset_page(
    items: Sequence[T], size: int, token: str | None, bad_token: Callable[[str], Exception]
) -> tuple[list[T], str | None]:
    """One page of `size` items from the offset `token` names, and the token for the next (None
    on the last page): the Marker/NextToken paging of the query and EC2 protocols' services
    (EC2, Auto Scaling, ELBv2), which differ only in their page sizes and in the error
    `bad_token(token)` a token they never gave gets."""
    start = 0
    if token:
        try:
            start = int(base64.b64decode(token, validate=True).decode())
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise bad_token(token) from None
    end = start + size
    following = base64.b64encode(str(end).encode()).decode() if end < len(items) else None
    return list(items[start:end]), following


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"ecslearn:{offset}".encode()).decode()


def _decode(token: str | None) -> int:
    if not token:
        return 0
    try:
        prefix, _, offset = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        if prefix == "ecslearn" and offset.isdigit():
            return int(offset)
    except (binascii.Error, UnicodeError, ValueError):
        pass
    raise InvalidParameterException(  # ecslearn's wording
        "Invalid nextToken.",
        hint="Pass the nextToken from the previous response unchanged.",
    )
