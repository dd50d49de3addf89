"""Issue 21 item 4: any node serves any request, any worker runs any job. Two gunicorn nodes (A, B)
with their own empty media folders, one worker, PostgreSQL, Redis and SeaweedFS (conftest.py)."""

import re
import subprocess
import uuid

import redis
import requests

from tests.cluster.conftest import PYTHON, ROOT, csrf_token, signed_in, wait_for

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def page_url(cluster, slug):
    code = f"from wagtail.models import Page; print(Page.objects.get(slug={slug!r}).specific.url)"
    return cluster.manage("shell", "--no-imports", "-c", code).stdout.strip()


def one_value(cluster, query, *params):
    with cluster.database() as connection:
        row = connection.execute(query, params).fetchone()
    return row[0] if row else None


def test_an_application_sent_to_node_a_is_downloaded_by_staff_on_node_b(cluster):
    applicant = requests.Session()
    url = cluster.urls["A"] + page_url(cluster, "erkenning-en-subsidie-aanvragen")
    form = applicant.get(url).text
    fields = {
        "initiative_name": "Huiswerkklas Cluster",
        "kind": "non_profit",
        "applicant_name": "An Coördinator",
        "email": "an@example.org",
        "school_year": "2026-2027",
        "requested_amount": "2500.00",
        "declares_support_free": "on",
        "declares_ghent_pupils": "on",
        "submission_token": re.search(r'name="submission_token" value="([^"]+)"', form).group(1),
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1),
    }
    sent = applicant.post(url, data=fields, files={"budget": ("begroting.pdf", PDF, "application/pdf")})
    assert sent.status_code == 200 and "SA-" in sent.text, "the applicant's reference"
    file_id, name = cluster.database().execute("SELECT id, file FROM forms_app_submissionfile").fetchone()
    assert name in cluster.store.objects("private") and cluster.local_files() == []

    download = signed_in(cluster.urls["B"], "gent-admin").get(f"{cluster.urls['B']}/admin/application-files/{file_id}/")
    assert download.status_code == 200 and download.content == PDF
    assert requests.get(f"{cluster.store.endpoint_url}/private/{name}", timeout=10).status_code == 403


def test_a_change_published_on_node_b_is_served_by_node_a_at_once(cluster):
    url = cluster.urls["A"] + page_url(cluster, "visie-studieondersteuning")
    title = f"Visie {uuid.uuid4().hex[:8]}"
    page_id = cluster.manage(
        "shell",
        "--no-imports",
        "-c",
        "from wagtail.models import Page; page = Page.objects.get(slug='visie-studieondersteuning').specific; "
        f"page.title = {title!r}; page.save_revision(); print(page.pk)",
    ).stdout.strip()
    assert title not in requests.get(url, timeout=10).text and title not in requests.get(url, timeout=10).text, (
        "the cached published page"
    )

    editor = signed_in(cluster.urls["B"], "admin")
    action = f"{cluster.urls['B']}/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    _page, token = csrf_token(editor, cluster.urls["B"], action.removeprefix(cluster.urls["B"]))
    assert editor.post(action, data={"csrfmiddlewaretoken": token}, allow_redirects=False).status_code == 302
    assert title in requests.get(url, timeout=10).text


def test_an_import_uploaded_on_node_a_is_run_by_the_worker_and_listed_on_node_b(cluster):
    staff_a = signed_in(cluster.urls["A"], "gent-admin")
    _form, token = csrf_token(staff_a, cluster.urls["A"], "/admin/studysupport/pupil/import/")
    rows = "institution;external_code;first_name;last_name;school_level;grade\ngent;CLU-1;Lina;Clustertest;BaO;4\n"
    sent = staff_a.post(
        f"{cluster.urls['A']}/admin/studysupport/pupil/import/",
        data={"csrfmiddlewaretoken": token},
        files={"file": ("leerlingen.csv", rows.encode(), "text/csv")},
        allow_redirects=False,
    )
    assert sent.status_code == 302
    batch = one_value(cluster, "SELECT max(id) FROM core_importbatch")
    status = "SELECT status FROM core_importbatch WHERE id = %s"
    wait_for(lambda: one_value(cluster, status, batch) == "preview", what="the worker's check")
    _preview, token = csrf_token(staff_a, cluster.urls["A"], f"/admin/studysupport/pupil/import_preview/{batch}/")
    staff_a.post(
        f"{cluster.urls['A']}/admin/studysupport/pupil/import_confirm/{batch}/", data={"csrfmiddlewaretoken": token}
    )
    wait_for(lambda: one_value(cluster, status, batch) == "applied", what="the worker's import")

    staff_b = signed_in(cluster.urls["B"], "gent-admin")
    assert "Clustertest" in staff_b.get(f"{cluster.urls['B']}/admin/studysupport/pupil/?q=Clustertest").text
    assert cluster.local_files() == []


def test_a_csv_export_started_on_node_b_is_downloaded_from_node_a(cluster):
    """The worker writes the file into the private bucket; node A, which never saw the export
    asked for, streams it to the same user (one session, as behind the load balancer)."""
    staff = signed_in(cluster.urls["B"], "gent-admin")
    started = staff.get(f"{cluster.urls['B']}/admin/studysupport/pupil/export/?format=csv", allow_redirects=False)
    assert started.status_code == 302 and "/export_job/" in started.headers["Location"], "a background export"
    export = int(started.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    status = "SELECT status FROM core_exportjob WHERE id = %s"
    wait_for(lambda: one_value(cluster, status, export) == "done", what="the worker's export")
    name = one_value(cluster, "SELECT file FROM core_exportjob WHERE id = %s", export)
    assert name in cluster.store.objects("private") and cluster.local_files() == []

    download = staff.get(f"{cluster.urls['A']}/admin/studysupport/pupil/export_download/{export}/")
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment")
    header, *rows = download.content.decode("utf-8-sig").splitlines()
    assert rows and all(row.startswith("gent") for row in rows), "the Ghent pupils, every row"
    assert requests.get(f"{cluster.store.endpoint_url}/private/{name}", timeout=10).status_code == 403
    other = signed_in(cluster.urls["A"], "admin")
    assert other.get(f"{cluster.urls['A']}/admin/studysupport/pupil/export_download/{export}/").status_code == 404


def test_two_workers_racing_on_100_jobs_run_each_exactly_once(cluster):
    second = cluster.worker("worker-2")
    try:
        code = "from tests.cluster.jobs import count_run\nfor number in range(100): count_run.enqueue(number)"
        cluster.manage("shell", "--no-imports", "-c", code)
        done = (
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s AND status = 'SUCCESSFUL'"
        )
        wait_for(lambda: one_value(cluster, done, "%count_run") == 100, what="100 jobs done")
    finally:
        second.terminate()
    counts = redis.Redis.from_url(cluster.redis_url)
    assert [int(counts.get(f"cluster:runs:{number}") or 0) for number in range(100)] == [1] * 100
    workers = "SELECT count(DISTINCT worker_ids) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s"
    assert one_value(cluster, workers, "%count_run") == 2, "both workers took a share"


def test_the_daily_run_started_on_both_nodes_at_once_acts_once(cluster):
    """Both runs start together; the one that takes the lease is held up inside its run (a table it
    reads first is locked by the test), so the other certainly finds the lease taken: it does nothing."""
    command = [PYTHON, "manage.py", "run_daily"]
    with cluster.database() as blocker, blocker.transaction():
        blocker.execute("LOCK TABLE django_tasks_database_dbtaskresult IN ACCESS EXCLUSIVE MODE")
        runs = [
            subprocess.Popen(command, cwd=ROOT, env=cluster.node_env(node), stdout=subprocess.PIPE, text=True)
            for node in ("A", "B")
        ]
        wait_for(lambda: any(run.poll() is not None for run in runs), timeout=120, what="the second run to give up")
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert sorted("core.end_abandoned_jobs" in output for output in outputs) == [False, True], outputs
    assert sorted("Another process is running the daily jobs now" in output for output in outputs) == [False, True]
