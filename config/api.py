"""Headless access (P-C5): Wagtail's read API v2 and its read-and-write API v3."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", PagesAPIViewSet)
api_v2.register_endpoint("images", ImagesAPIViewSet)
api_v2.register_endpoint("documents", DocumentsAPIViewSet)


def _schema_with_optional_auth(stock_schema):
    """Wagtail 8.0 declares its "anonymous allowed" marker as an HTTP security scheme without the
    required ``scheme`` key, which makes /api/v3/openapi.json invalid OpenAPI. The standard way to
    say "authentication optional" is an empty security requirement: rewrite the schema to that."""

    def get_openapi_schema(*args, **kwargs):
        schema = stock_schema(*args, **kwargs)
        schemes = schema.get("components", {}).get("securitySchemes", {})
        anonymous = {name for name, scheme in schemes.items() if scheme == {"type": "http"}}
        for name in anonymous:
            del schemes[name]
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                if isinstance(operation, dict) and "security" in operation:
                    operation["security"] = [
                        {} if set(requirement) & anonymous else requirement for requirement in operation["security"]
                    ]
        return schema

    return get_openapi_schema


api_v3.get_openapi_schema = _schema_with_optional_auth(api_v3.get_openapi_schema)
