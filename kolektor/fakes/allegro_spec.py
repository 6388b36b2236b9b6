"""Allegro's official OpenAPI file as a validator for the fake's requests and answers.

``allegro-openapi.yaml`` beside this module is Allegro's ``developer.allegro.pl/swagger.yaml``
as mirrored in ``em411/allegro-php-api`` (``resources/spec.yaml``, commit ``bf03f60``,
2026-07-18), unchanged (sha256 ``7d5ce882…``).  It is 1.4 MB of YAML and takes about a second
to parse, so the operations the fake serves (:data:`OPERATIONS`) and every schema they
reference are extracted once and cached as JSON keyed by the file's sha256
(``$KOLEKTOR_CACHE_DIR`` or ``~/.cache/kolektor``); a changed file makes a new cache.

Schemas are OpenAPI 3.0 Schema Objects, validated with ``jsonschema``'s Draft 4 validator
(3.0's dialect: ``$ref`` siblings ignored, boolean ``exclusiveMinimum``) after one
translation: ``nullable: true`` becomes "or null".  Formats are not checked (the spec's
``UUID``, ``BCP-47 language code``, ``ISO 4217`` are not JSON Schema formats), except that a
path parameter declared ``format: uuid`` must be a UUID (``getOrdersDetailsUsingGET``
documents 422 for a malformed one).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_FILE: Final = Path(__file__).with_name("allegro-openapi.yaml")
_ROOT_URI: Final = "urn:allegro-openapi"
_MISSING: Final = re.compile(r"^'(.+)' is a required property$")

OPERATIONS: Final[tuple[tuple[str, str], ...]] = (
    ("get", "/me"),
    ("get", "/order/checkout-forms/{id}"),
    ("get", "/order/carriers/{carrierId}/tracking"),
    ("get", "/shipment-management/delivery-proposals/{orderId}"),
    ("post", "/shipment-management/shipments/create-commands"),
    ("get", "/shipment-management/shipments/create-commands/{commandId}"),
    ("post", "/shipment-management/shipments/cancel-commands"),
    ("get", "/shipment-management/shipments/cancel-commands/{commandId}"),
    ("get", "/shipment-management/shipments/{shipmentId}"),
    ("post", "/shipment-management/label"),
)
"""(method, path) of every operation the fake serves."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason the spec refuses a message: where (``input.packages[0].weight``) and what."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    definition: Mapping[str, Any]

    def parameters(self, where: str) -> list[Mapping[str, Any]]:
        return [p for p in self.definition.get("parameters", []) if p.get("in") == where]

    def request_media(self) -> tuple[str, Mapping[str, Any]] | None:
        """The request body's media type and schema (None: the operation takes no body)."""
        content = self.definition.get("requestBody", {}).get("content", {})
        for media, entry in content.items():
            return media, entry.get("schema", {})
        return None

    def response(self, status: int) -> Mapping[str, Any] | None:
        """The documented response for ``status`` (None: not documented)."""
        result: Mapping[str, Any] | None = self.definition.get("responses", {}).get(str(status))
        return result

    def success_media(self) -> str:
        """The media type of the 200 answer (what ``Accept`` must allow)."""
        content = (self.response(200) or {}).get("content", {})
        return next(iter(content), "application/vnd.allegro.public.v1+json")


class Spec:
    """The extracted operations with a validator over their schemas."""

    def __init__(self, subset: Mapping[str, Any]) -> None:
        self._document = {"components": subset["components"]}
        resource = Resource.from_contents(self._document, default_specification=DRAFT4)
        self._registry: Registry[Any] = Registry().with_resource(_ROOT_URI, resource)
        self.operations: list[Operation] = []
        for template, methods in subset["paths"].items():
            regex = re.sub(r"\\\{([^}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
            for method, definition in methods.items():
                self.operations.append(
                    Operation(
                        definition["operationId"],
                        method.upper(),
                        template,
                        re.compile(f"^{regex}$"),
                        definition,
                    )
                )
        # A fixed path wins over a template (``create-commands`` over ``{shipmentId}``).
        self.operations.sort(key=lambda op: op.template.count("{"))

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        for operation in self.operations:
            found = operation.pattern.match(path)
            if found and operation.method == method:
                return operation, found.groupdict()
        return None

    def problems(self, schema: Mapping[str, Any], instance: Any, prefix: str = "") -> list[Problem]:
        """Why ``instance`` does not match ``schema`` (empty: it does)."""
        validator = Draft4Validator(self._rooted(schema), registry=self._registry)
        found = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        return [Problem(_where(error, prefix), error.message[:300]) for error in found]

    def _rooted(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        """``schema`` with its ``#/components/…`` references pointing into the document."""
        text = json.dumps(schema).replace('"#/components/', f'"{_ROOT_URI}#/components/')
        rooted: dict[str, Any] = json.loads(text)
        return rooted

    def check_parameters(
        self,
        operation: Operation,
        path_params: Mapping[str, str],
        query: Mapping[str, list[str]],
    ) -> tuple[int, list[Problem]]:
        """(status to answer, problems) for the path and query parameters: 422 for a
        malformed UUID where the operation documents 422, else 400."""
        problems: list[Problem] = []
        status = 400
        for parameter in operation.parameters("path"):
            name = parameter["name"]
            given = path_params.get(name, "")
            schema = _translate(parameter.get("schema", {}))
            if schema.get("format") == "uuid" and not _is_uuid(given):
                problems.append(Problem(name, f"{given!r} is not a UUID"))
                status = 422 if operation.response(422) is not None else 400
        for parameter in operation.parameters("query"):
            name = parameter["name"]
            values = query.get(name, [])
            if not values:
                if parameter.get("required"):
                    problems.append(Problem(name, f"the query parameter {name} is required"))
                continue
            schema = _translate(parameter.get("schema", {}))
            value: Any = values if schema.get("type") == "array" else values[-1]
            problems += self.problems(schema, value, name)
        return status, problems


def _where(error: ValidationError, prefix: str) -> str:
    path = list(error.absolute_path)
    if error.validator == "required" and (missing := _MISSING.match(error.message)):
        path.append(missing.group(1))
    text = prefix
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36


def _translate(schema: Any) -> Any:
    """OpenAPI 3.0 → JSON Schema: ``nullable: true`` allows null too."""
    if isinstance(schema, list):
        return [_translate(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: _translate(value) for key, value in schema.items()}
    if result.pop("nullable", False) is True:
        return {"anyOf": [result, {"type": "null"}]}
    return result


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


def extract(document: Mapping[str, Any]) -> dict[str, Any]:
    """The :data:`OPERATIONS` and every component they reference, translated."""
    paths: dict[str, dict[str, Any]] = {}
    for method, path in OPERATIONS:
        paths.setdefault(path, {})[method] = document["paths"][path][method]
    schemas: dict[str, Any] = {}
    # ErrorsHolder and AuthError also answer the statuses no operation documents (429, 5xx).
    todo = [
        *_references(paths),
        "#/components/schemas/ErrorsHolder",
        "#/components/schemas/AuthError",
    ]
    while todo:
        reference = todo.pop()
        name = reference.removeprefix("#/components/schemas/")
        if name == reference:
            raise ValueError(f"only schema references are supported, not {reference}")
        if name not in schemas:
            schemas[name] = document["components"]["schemas"][name]
            todo.extend(_references(schemas[name]))
    return {"paths": _translate(paths), "components": {"schemas": _translate(schemas)}}


def _cache_dir() -> Path:
    configured = os.environ.get("KOLEKTOR_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "kolektor"


def _parse_yaml(data: bytes) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~1 s instead of ~15
    return yaml.load(data, Loader=loader)


@cache
def load_spec(path: Path = SPEC_FILE) -> Spec:
    """The spec's operations (parsed once per process; the extract cached on disk)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    cached = _cache_dir() / f"allegro-openapi-{digest[:16]}.json"
    with contextlib.suppress(OSError, ValueError):
        return Spec(json.loads(cached.read_text(encoding="utf-8")))
    subset = extract(_parse_yaml(data))
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=cached.parent, delete=False, suffix=".tmp"
        ) as file:
            json.dump(subset, file)
        os.replace(file.name, cached)
    return Spec(subset)
