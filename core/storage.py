"""Where files live (issue 21): Django's two storages, ``default`` (public media, Wagtail images and
documents) and ``private`` (applicants' uploads, records' documents, import files, export results).

On one machine both are folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT); with AWS_S3_ENDPOINT_URL set
(config/settings/base.py) both are buckets of an S3-compatible store, so that any web node or
worker reads a file another one stored. Code reaches files only through a storage (open, save,
delete), never by a path.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.translation import gettext_lazy as _

try:  # the S3 backend is needed only with AWS_S3_ENDPOINT_URL
    from botocore.exceptions import BotoCoreError, ClientError
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover - django-storages[s3] is in requirements.lock
    BotoCoreError = ClientError = S3Storage = None

# What a storage raises when it cannot keep or give a file: a full or unwritable disk, an object
# store that is down, refuses the credentials or lacks the bucket.
STORAGE_ERRORS = (OSError,) if BotoCoreError is None else (OSError, BotoCoreError, ClientError)

logger = logging.getLogger(__name__)

STORAGE_UNAVAILABLE = _(
    "Your files could not be stored just now, so nothing was saved. Please try again in a few minutes."
)


# The names stored in the current ``atomic_with_files`` block, if one is open.
_stored_in_block = contextvars.ContextVar("private_files_stored_in_block", default=None)


class PrivateFiles:
    """The private storage's own: file names kept short, files of a failed block removed again
    (``atomic_with_files``), and the mark that tells a private file field (core.models.private_file_fields)
    from one of public media."""

    def save(self, name, content, max_length=None):
        name = super().save(name, content, max_length=max_length)
        if (stored := _stored_in_block.get()) is not None:
            stored.append(name)
        return name

    # A file system keeps at most 255 bytes of a name, and a name in four-byte letters passes that
    # long before a field's 100 characters (issue 16.10): the stem is shortened, the ending kept,
    # with room for the suffix that tells two files of one name apart.
    NAME_BYTES = 150

    def get_valid_name(self, name):
        name = super().get_valid_name(name)
        stem, dot, ending = name.rpartition(".")
        if not dot:
            stem, ending = name, ""
        room = self.NAME_BYTES - len((dot + ending).encode())
        return stem.encode()[:room].decode(errors="ignore") + dot + ending


class PrivateStorage(PrivateFiles, FileSystemStorage):
    """Private files on one machine, outside the public web root (PRIVATE_MEDIA_ROOT, read when
    first used so that tests and workers may set it), never served as media (P-F4)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


@contextmanager
def atomic_with_files():
    """A transaction whose private files go with it: the files stored in the block are deleted
    again when it rolls back, since no record would ever refer to them (a store that failed
    halfway, a rule that refused). The files are removed after the rollback, never before it."""
    stored = []
    token = _stored_in_block.set(stored)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for name in stored:
            try:
                private_files.delete(name)
            except STORAGE_ERRORS:
                logger.warning("Could not remove %s, stored by a failed change", name, exc_info=True)
        raise
    finally:
        _stored_in_block.reset(token)


if S3Storage is not None:

    class PrivateS3Storage(PrivateFiles, S3Storage):
        """Private files in a bucket that is never public: they reach a person only through the
        portal's permission-checked download, streamed (core.private_files.file_response)."""


class PrivateStorageProxy(LazyObject):
    """``storages["private"]`` as a file field's storage: looked up when first used and again after
    a test changes STORAGES, so that a field keeps naming one callable (core.models.private_storage)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_files = PrivateStorageProxy()


def _storages_changed(setting, **kwargs):
    if setting == "STORAGES":
        private_files._wrapped = empty


setting_changed.connect(_storages_changed, dispatch_uid="core.storage.storages_changed")


def buckets():
    """{storage alias: its S3 storage}, for those of ``default`` and ``private`` kept in a bucket."""
    if S3Storage is None:
        return {}
    chosen = {alias: storages[alias] for alias in ("default", "private")}
    return {alias: storage for alias, storage in chosen.items() if isinstance(storage, S3Storage)}


def unreachable_buckets():
    """[(alias, bucket, why)] for each bucket the portal cannot reach: missing, refused, or the store down."""
    problems = []
    for alias, storage in buckets().items():
        try:
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            why = "does not exist" if code in {"404", "NoSuchBucket"} else f"refuses the portal ({code or error})"
            problems.append((alias, storage.bucket_name, why))
        except BotoCoreError as error:
            problems.append((alias, storage.bucket_name, f"cannot be reached ({error})"))
    return problems


@register(Tags.compatibility, "storage")
def check_buckets(app_configs=None, **kwargs):
    """``manage.py check`` (and every start of runserver, migrate, gunicorn via check) names a bucket
    that is missing or an object store that cannot be reached, before a person's upload would fail."""
    return [
        Error(
            f"The {alias} storage's bucket {bucket!r} at {settings.AWS_S3_ENDPOINT_URL} {why}.",
            hint="Create the bucket, or correct AWS_S3_ENDPOINT_URL, AWS_STORAGE_BUCKET_NAME, "
            "PRIVATE_STORAGE_BUCKET_NAME, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
            id="core.E021",
        )
        for alias, bucket, why in unreachable_buckets()
    ]
