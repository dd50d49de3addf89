"""Headless access (P-C5): Wagtail's read API v2 and its read-and-write API v3.

Wagtail's endpoints are used as they are; this module only wraps them where a malformed request
would otherwise reach code that cannot handle it (and answer 500), and corrects the v3 OpenAPI
schema where it misdescribes what the API accepts and answers. Every guard here answers the way
Wagtail itself answers a bad request (v2: 400 with a message; v3: RFC 7807 problem details), and
none returns an exception's own text.
"""

import json
import logging
from functools import wraps
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from pydantic import Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail, as_validation_error, problem_response
from wagtail.api.v3.routers.pages import PageCopySchema, PageCreateAliasSchema, PageMoveSchema
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

# The largest listing offset either API accepts: far past any real listing, and a value every
# database takes in LIMIT/OFFSET. Wagtail passes any integer on to the database, which fails on
# one above 64 bits (SQLite "datatype mismatch", PostgreSQL "bigint out of range").
MAX_OFFSET = 2**31 - 1
# The largest id any of the portal's databases can hold (a signed 64-bit integer).
MAX_ID = 2**63 - 1

logger = logging.getLogger(__name__)


def _has_nul(value):
    """Whether a NUL character is in a string, or in any key or string of decoded JSON."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


# API v2 -------------------------------------------------------------------------------------


class BoundedOffsetPagination(WagtailPagination):
    """Wagtail's v2 pagination, refusing an offset above MAX_OFFSET as it refuses a negative one."""

    def paginate_queryset(self, queryset, request, view=None):
        for value in request.GET.getlist("offset"):
            try:
                too_far = int(value) > MAX_OFFSET
            except ValueError:
                too_far = False  # Wagtail answers "offset must be a positive integer"
            if too_far:
                raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class HardenedEndpointMixin:
    """A v2 endpoint that answers 400, as Wagtail does for other bad queries, where Wagtail's own
    code fails (500) or answers with Python's exception text:

    - a NUL character in the query (PostgreSQL refuses it in a search: DataError);
    - a field filter value that Django's field refuses with ValidationError instead of ValueError
      (``?first_published_at=abc``: Wagtail only catches ValueError);
    - Wagtail's "field filter error" message ends with the ValueError's text in parentheses
      (``invalid literal for int() with base 10: 'x'``): the message is kept, that text dropped.
    """

    pagination_class = BoundedOffsetPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if any(_has_nul([name, *values]) for name, values in request.GET.lists()):
            raise BadRequestError("null characters are not allowed in the query")

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = BadRequestError(" ".join(exc.messages))
        elif isinstance(exc, BadRequestError) and str(exc).startswith("field filter error.") and exc.__cause__:
            exc = BadRequestError(str(exc).removesuffix(f" ({exc.__cause__})"))
        return super().handle_exception(exc)


class PortalPagesAPIViewSet(HardenedEndpointMixin, PagesAPIViewSet):
    pass


class PortalImagesAPIViewSet(HardenedEndpointMixin, ImagesAPIViewSet):
    pass


class PortalDocumentsAPIViewSet(HardenedEndpointMixin, DocumentsAPIViewSet):
    pass


api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", PortalPagesAPIViewSet)
api_v2.register_endpoint("images", PortalImagesAPIViewSet)
api_v2.register_endpoint("documents", PortalDocumentsAPIViewSet)


# API v3: requests ----------------------------------------------------------------------------

_ID = TypeAdapter(Annotated[int, Field(le=MAX_ID)])
_OFFSET = TypeAdapter(Annotated[int, Field(ge=0, le=MAX_OFFSET)])
_PORT = TypeAdapter(Annotated[int, Field(ge=0, le=65535)])


def _errors(adapter, value, loc):
    try:
        adapter.validate_python(value)
    except PydanticValidationError as exc:
        return [{"type": error["type"], "loc": list(loc), "msg": error["msg"]} for error in exc.errors()]
    return []


def _nul_error(loc):
    return [{"type": "null_character", "loc": list(loc), "msg": "Null characters are not allowed."}]


FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
# The operations whose body Wagtail sorts by its ``meta.type`` before validating it, assuming an
# object: a JSON array or null made its discriminator fail (AttributeError, 500).
TYPED_BODY_OPERATIONS = {"create_page", "update_page", "create_snippet", "update_snippet"}


def _body_errors(request, operation_name):
    """NUL characters in a JSON body or form; a JSON body too deeply nested to decode."""
    if request.content_type == "application/json" or request.content_type.endswith("+json"):
        if not request.body:
            return []
        try:
            data = json.loads(request.body)
        except RecursionError:
            return [{"type": "json_invalid", "loc": ["body"], "msg": "JSON nested too deeply."}]
        except ValueError:
            return []  # Django Ninja answers malformed JSON itself
        if not isinstance(data, dict) and operation_name in TYPED_BODY_OPERATIONS:
            return [{"type": "dict_type", "loc": ["body", "data"], "msg": "Input should be a JSON object."}]
        return _nul_error(("body",)) if _has_nul(data) else []
    if request.method == "POST" and request.content_type in FORM_TYPES:
        errors = []
        for name, values in request.POST.lists():
            if _has_nul([name, *values]):
                errors += _nul_error(("form", name))
        return errors
    return []


def _parameter_errors(request, path_params, operation_name):
    errors = []
    for name, value in path_params.items():
        if name.endswith("_id"):
            errors += _errors(_ID, value, ("path", name))
    for name, values in request.GET.lists():
        if _has_nul([name, *values]):
            errors += _nul_error(("query", name))
        elif name == "offset":
            errors += [error for value in values for error in _errors(_OFFSET, value, ("query", name))]
        elif name == "user_id":
            errors += [error for value in values for error in _errors(_ID, value, ("query", name))]
        elif name == "site":
            for value in values:
                if ":" in value:
                    errors += _errors(_PORT, value.split(":", 1)[1], ("query", name))
    return errors + _body_errors(request, operation_name)


def reject_malformed_parameters(run):
    """Check, before Wagtail sees a request, what it would otherwise pass on unchecked (each a 500):

    - every ``*_id`` path parameter is an integer (all of v3's are) that a database can hold:
      Wagtail's page update reads ``page_id`` to find the page type before Django Ninja validates
      it (``PATCH /api/v3/pages/true/``: ValueError), and looks a page up by ``page_ptr`` where
      SQLite cannot bind an integer above 64 bits (OverflowError);
    - ``offset`` is at most MAX_OFFSET (Wagtail sets only a minimum and the database fails);
    - the revision filter ``user_id`` is an integer (Wagtail declares "integer or string" and
      the database lookup raises ValueError on a string); the portal's users have integer ids;
    - a ``site`` filter's port, after ``host:``, is a port number (Wagtail's SiteFilterValidator
      looks it up unchecked: ValueError);
    - the body of a page create or update is a JSON object (Wagtail picks its schema by the
      body's ``meta.type`` and fails on an array or null: AttributeError);
    - no NUL character in the query, a JSON body or a form (PostgreSQL refuses it in text:
      DataError; SQLite's full-text search fails on it), and a JSON body nested no deeper than
      Python can decode (RecursionError).

    A failure is answered as Django Ninja answers any invalid parameter: 422, "Validation failed",
    with each parameter's location in ``errors``. Registered as a "view" decorator, this runs
    before authentication, so a malformed request gets 422 whoever sends it.
    """

    # Django Ninja calls this with each operation's bound ``run``; several operations share a URL
    # (and so a Django URL name), their own names tell them apart.
    operation_name = getattr(getattr(run, "__self__", None), "url_name", None)

    @wraps(run)
    def checked(request, *args, **path_params):
        errors = _parameter_errors(request, path_params, operation_name)
        if errors:
            return problem_response(status=422, detail="Validation failed", errors=errors)
        return run(request, *args, **path_params)

    return checked


def number_too_large(request, exc):
    """SQLite cannot bind an integer above 64 bits, and Wagtail's field filters pass any integer
    on (``/api/v3/redirects/?site=10000000000000000000000``: OverflowError); PostgreSQL simply
    finds nothing. A number too large for the database is the request's fault: 422."""
    logger.warning("API v3 request with a number too large for the database: %s", request.path, exc_info=exc)
    return problem_response(
        status=422,
        detail="Validation failed",
        errors=[{"type": "number_too_large", "loc": [], "msg": "A number in the request is too large."}],
    )


def _is_root_page(page_id):
    return page_id is not None and Page.objects.filter(pk=page_id, depth=1).exists()


def refuse_root_page_without_parent(view_func):
    """The root page has no parent and no siblings; Wagtail's page actions assume both exist.

    - copy and create_alias without ``destination_id`` use the page's parent as destination: for
      the root page that is None, and finding a free slug under it raised AttributeError (500);
    - move with a sibling position (``left``, ``right``, ``first-sibling``, ``last-sibling``,
      or none, which Wagtail takes as ``last-sibling``) next to the root page checked the
      permission against the root's parent, None (AttributeError, 500).

    Both are answered 422 naming the body field at fault. Registered as an "operation" decorator,
    it runs after authentication and validation, on the validated body.
    """

    @wraps(view_func)
    def guarded(request, *args, **kwargs):
        data = kwargs.get("data")
        if (
            isinstance(data, PageCopySchema | PageCreateAliasSchema)
            and data.destination_id is None
            and _is_root_page(kwargs.get("page_id"))
        ):
            raise as_validation_error(
                ValueError(),
                "The root page has no parent to copy it beside: give a destination_id.",
                loc=("body", "data", "destination_id"),
            )
        if (
            isinstance(data, PageMoveSchema)
            and data.position not in ("first-child", "last-child")
            and _is_root_page(data.destination_id)
        ):
            raise as_validation_error(
                ValueError(),
                "The root page has no siblings: move a page into it with position first-child or last-child.",
                loc=("body", "data", "position"),
            )
        return view_func(request, *args, **kwargs)

    return guarded


api_v3.add_decorator(reject_malformed_parameters, mode="view")
api_v3.add_decorator(refuse_root_page_without_parent, mode="operation")
api_v3.add_exception_handler(OverflowError, number_too_large)


# API v3: the OpenAPI schema ------------------------------------------------------------------

# The problem responses the API gives, each with the condition under which an operation can give it.
_PROBLEMS = {
    "400": "Bad request: a parameter out of range (e.g. limit above the maximum) or malformed",
    "401": "Authentication required: no valid bearer API token",
    "403": "Permission denied: the token's user lacks the permission",
    "404": "Not found",
    "422": "Validation failed: see errors",
}


def _problem(description):
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
    }


def _corrected_schema(stock_schema):
    """Wagtail 8.0's OpenAPI schema, corrected where it misdescribes the API:

    - it declares its "anonymous allowed" marker as an HTTP security scheme without the required
      ``scheme`` key, which makes /api/v3/openapi.json invalid OpenAPI. The standard way to say
      "authentication optional" is an empty security requirement: rewrite it to that;
    - it declares only the success response; every operation also answers 400, 404 and 422
      problem details, and those that need a token 401 and 403;
    - ``limit`` has no maximum although Wagtail refuses one above WAGTAILAPI_LIMIT_MAX (400), nor
      ``offset`` and the ``*_id`` path parameters, which the portal bounds (422);
    - with no snippet model exposed (the portal has none), the snippet operations' ``type`` path
      parameter can only be the empty string: operations nobody can call, dropped.
    """

    def get_openapi_schema(*args, **kwargs):
        schema = stock_schema(*args, **kwargs)
        components = schema.setdefault("components", {})
        schemes = components.get("securitySchemes", {})
        anonymous = {name for name, scheme in schemes.items() if scheme == {"type": "http"}}
        for name in anonymous:
            del schemes[name]
        components.setdefault("schemas", {})["ProblemDetail"] = ProblemDetail.model_json_schema()
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        maxima = {"offset": MAX_OFFSET, **({"limit": limit_max} if limit_max else {})}

        for path in list(schema.get("paths", {})):
            operations = schema["paths"][path]
            if any(_uncallable(operation) for operation in operations.values() if isinstance(operation, dict)):
                del schema["paths"][path]
                continue
            for operation in operations.values():
                if not isinstance(operation, dict):
                    continue
                if "security" in operation:
                    operation["security"] = [
                        {} if set(requirement) & anonymous else requirement for requirement in operation["security"]
                    ]
                for parameter in operation.get("parameters", []):
                    name, where, declared = parameter.get("name", ""), parameter.get("in"), parameter.get("schema", {})
                    if where == "query" and name in maxima:
                        declared["maximum"] = maxima[name]
                    elif where == "path" and name.endswith("_id") and declared.get("type") == "integer":
                        declared["maximum"] = MAX_ID
                needs_token = {} not in operation.get("security", [{}])
                responses = operation.setdefault("responses", {})
                for status, description in _PROBLEMS.items():
                    if status in ("401", "403") and not needs_token:
                        continue
                    responses.setdefault(status, _problem(description))
        return schema

    return get_openapi_schema


def _uncallable(operation):
    return any(
        parameter.get("in") == "path" and parameter.get("schema", {}).get("const") == ""
        for parameter in operation.get("parameters", [])
    )


api_v3.get_openapi_schema = _corrected_schema(api_v3.get_openapi_schema)
