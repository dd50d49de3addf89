"""The two storages in buckets of an S3-compatible store (issue 21), from environment variables:
settings/base.py uses them when AWS_S3_ENDPOINT_URL is set, the storage tests with SeaweedFS."""

from botocore.config import Config


def bucket_storages(env):
    """STORAGES' ``default`` (public media) and ``private`` entries for the store that ``env`` names."""
    access = {
        "endpoint_url": env["AWS_S3_ENDPOINT_URL"],
        "access_key": env.get("AWS_ACCESS_KEY_ID", ""),
        "secret_key": env.get("AWS_SECRET_ACCESS_KEY", ""),
        "region_name": env.get("AWS_S3_REGION_NAME", "us-east-1"),
        # Larger files are spooled to a temporary file while read, not kept in memory.
        "max_memory_size": 2 * 1024 * 1024,
        # Two files of one name are both kept (as on disk), never one replacing the other.
        "file_overwrite": False,
        # A store that is down answers a person within seconds, not after minutes of retries.
        "client_config": Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 2},
        ),
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **access,
                "bucket_name": env.get("AWS_STORAGE_BUCKET_NAME", "media"),
                # Public media: plain URLs (through AWS_S3_CUSTOM_DOMAIN, e.g. the reverse proxy), cacheable.
                "querystring_auth": False,
                "custom_domain": env.get("AWS_S3_CUSTOM_DOMAIN") or None,
                "url_protocol": env.get("AWS_S3_URL_PROTOCOL", "https:"),
            },
        },
        "private": {
            "BACKEND": "core.storage.PrivateS3Storage",
            "OPTIONS": {
                **access,
                "bucket_name": env.get("PRIVATE_STORAGE_BUCKET_NAME", "private"),
                "default_acl": "private",
                # Never handed out: downloads are streamed by the portal's checked view. Should a URL
                # be made anyway, it is valid for seconds.
                "querystring_auth": True,
                "querystring_expire": 10,
            },
        },
    }
