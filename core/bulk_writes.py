"""New records and their history rows written in bulk (imports, P-H1; issue 15.8).

On PostgreSQL the rows are loaded with ``COPY … FROM STDIN``, the database's own bulk-load path:
the same rows into the same tables, every index and constraint checked, the primary keys drawn
from the tables' own sequences first so that each history row names its record. Django's
``bulk_create`` composes one INSERT of thousands of placeholders and psycopg quotes every value
into it in Python; simple-history first builds a model instance of each history row. Elsewhere
(SQLite), and for a model COPY cannot serve as simply (a key not drawn from a sequence, a parent
table, a history model without its user as a foreign key), simple-history's
``bulk_create_with_history`` writes them.

Neither path sends signals (``bulk_create`` sends none); both run in the caller's transaction.
"""

from django.conf import settings
from django.db import connections, transaction
from django.db.models import AutoField, BigAutoField, ForeignKey, SmallAutoField
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_change_reason_from_object, get_history_manager_for_model

SEQUENCE_KEYS = (AutoField, BigAutoField, SmallAutoField)


def create_with_history(objs, model, batch_size=None, default_user=None, default_change_reason="", using="default"):
    """Insert the unsaved ``objs`` of ``model`` and a history row ("+") of each, as simple-history's
    ``bulk_create_with_history`` does: the user and reason an object carries, or the defaults."""
    history = get_history_manager_for_model(model).model
    if not objs or not (copies(model, using) and copies(history, using) and has_user_key(history)):
        return bulk_create_with_history(
            objs, model, batch_size=batch_size, default_user=default_user, default_change_reason=default_change_reason
        )
    connection = connections[using]
    with transaction.atomic(using=using, savepoint=False):
        written = copy_records(connection, model, objs)
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            copy_history(connection, history, objs, written, default_user, default_change_reason)
    return objs


def copies(model, using):
    """Whether ``COPY`` can write ``model``'s new rows: PostgreSQL, one table, a sequence's key."""
    meta = model._meta
    return connections[using].vendor == "postgresql" and not meta.parents and isinstance(meta.pk, SEQUENCE_KEYS)


def has_user_key(history):
    return isinstance(history._meta.get_field("history_user"), ForeignKey)


def copy_records(connection, model, objs):
    """The records, each given its key from the table's sequence and marked saved; returns
    {column: value} of their fields and each record's values as written."""
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    unkeyed = [obj for obj in objs if obj.pk is None]
    for obj, key in zip(unkeyed, next_keys(connection, model, len(unkeyed)), strict=True):
        obj.pk = key
    fields = written_fields(model)
    rows = [[field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields] for obj in objs]
    copy_rows(connection, model, fields, rows)
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return {field.attname: position for position, field in enumerate(fields)}, rows


def copy_history(connection, history, objs, written, default_user, default_change_reason):
    """A history row of each record, with the values simple-history's ``bulk_history_create``
    gives it: the record's tracked values (as ``copy_records`` wrote them: a history column is
    its record's column without its uniqueness), now, the object's own user (even None) or
    the default, its change reason or the default; any other column its default."""
    positions, records = written
    fields = written_fields(history)
    tracked = {field.attname for field in history.tracked_fields}
    user_key = history._meta.get_field("history_user").attname
    keys = iter(next_keys(connection, history, len(objs)))

    def values(obj, record):
        user = history_user(history, obj, default_user)
        own = {
            history._meta.pk.attname: next(keys),
            "history_date": getattr(obj, "_history_date", None) or timezone.now(),
            user_key: getattr(user, "pk", user),
            "history_change_reason": get_change_reason_from_object(obj) or default_change_reason,
            "history_type": "+",
            "history_relation_id": obj.pk,
        }
        return [
            record[positions[field.attname]]
            if field.attname in tracked
            else field.get_db_prep_save(own[field.attname] if field.attname in own else field.get_default(), connection)
            for field in fields
        ]

    copy_rows(connection, history, fields, [values(obj, record) for obj, record in zip(objs, records, strict=True)])


def history_user(history, obj, default_user):
    """The object's own user wins, even None, as in simple-history."""
    if hasattr(obj, "_history_user"):
        return obj._history_user
    return default_user or history.get_default_history_user(obj)


def written_fields(model):
    return [field for field in model._meta.concrete_fields if not field.generated]


def copy_rows(connection, model, fields, rows):
    """``rows`` of values prepared for the database, in the order of ``fields``."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def next_keys(connection, model, count):
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [key for (key,) in cursor.fetchall()]
