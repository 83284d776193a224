"""deploy to S3-compatible storage, against a real S3 API on this machine:
moto's standalone server, started here on 127.0.0.1 with a free port."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from conftest import run_sitegen

from sitegen.deploy import Target, deploy
from sitegen.deploy import s3 as s3_deploy
from sitegen.errors import SiteError
from sitegen.marker import MARKER

ARTICLE = "articles/a-flood-barrier-meant-to-protect-low-lying-streets-along-the-river-tamsin/"
OUTSIDE = {"other/keep.txt": b"not the site's", "reading-old/index.html": b"an old copy",
           "readme.txt": b"at the top"}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """The URL of a moto S3 server, running for this module's tests."""
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert server.stdout is not None
    url = None
    for line in server.stdout:
        found = re.search(r"Running on (http://127\.0\.0\.1:\d+)", line)
        if found:
            url = found.group(1)
            break
    assert url, "the moto server did not start"
    # keep reading its request log, so the server never blocks on a full pipe
    threading.Thread(target=server.stdout.read, daemon=True).start()
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Credentials from the environment only, as a user would set them."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1",
                        "AWS_CONFIG_FILE": str(tmp_path / "none"),
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)


def _bucket(endpoint: str, name: str) -> Any:
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    for key, body in OUTSIDE.items():
        client.put_object(Bucket=name, Key=key, Body=body)
    return client


def _objects(client: Any, bucket: str, prefix: str = "") -> dict[str, str]:
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", ()):
            found[item["Key"]] = item["ETag"].strip('"')
    return found


def _site(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def _with_target(project: Path, endpoint: str, bucket: str) -> None:
    with (project / "config.yaml").open("a") as config:
        config.write(f"\ndeploy:\n  bucket:\n    type: s3\n    bucket: {bucket}\n"
                     f"    prefix: /reading/\n    region: us-east-1\n"
                     f"    endpoint_url: {endpoint}\n")


def _deploy(project: Path, *args: str) -> tuple[set[str], set[str], str]:
    """(uploaded keys, deleted keys, summary) of `sitegen deploy -v ARGS`."""
    result = run_sitegen("deploy", "-v", *args, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    uploaded = set(re.findall(r"^(?:would upload|uploaded) (\S+)$", result.stdout, re.M))
    deleted = set(re.findall(r"^(?:would delete|deleted) (\S+)$", result.stdout, re.M))
    summary = next(line for line in result.stdout.splitlines() if line.startswith("deploy"))
    return uploaded, deleted, summary


def test_s3_deploy_uploads_changes_only_and_deletes_only_under_its_prefix(
        project: Path, s3_endpoint: str, aws: None) -> None:
    client = _bucket(s3_endpoint, "reading-site")
    _with_target(project, s3_endpoint, "reading-site")
    site = project / "site"

    uploaded, deleted, _ = _deploy(project)
    files = _site(site)
    assert uploaded == {f"reading/{p}" for p in files} and deleted == set()
    assert _objects(client, "reading-site", "reading/") == {f"reading/{p}": md5
                                                            for p, md5 in files.items()}

    uploaded, deleted, summary = _deploy(project, "--no-ingest")  # the same site again
    assert (uploaded, deleted) == (set(), set())
    assert f"uploaded 0 files, deleted 0, {len(files)} unchanged" in summary

    article = next(p for p in (project / "content").glob("*.md")
                   if "a flood barrier" in p.read_text().lower())
    article.write_text(article.read_text() + "\nOne more paragraph, added later.\n")
    uploaded, deleted, _ = _deploy(project, "--no-ingest")
    now = _site(site)
    assert uploaded == {f"reading/{p}" for p, md5 in now.items() if files.get(p) != md5}
    assert deleted == {f"reading/{p}" for p in files.keys() - now.keys()}  # old index chunks
    pages = {key for key in uploaded if key.endswith(".html")}
    assert {key for key in pages if "/articles/" in key} == {f"reading/{ARTICLE}index.html"}
    assert len(pages) < len([p for p in files if p.endswith(".html")]) / 4  # not the site
    files = _site(site)

    article.unlink()
    uploaded, deleted, _ = _deploy(project, "--no-ingest")
    assert f"reading/{ARTICLE}index.html" in deleted
    assert deleted == {f"reading/{p}" for p in files.keys() - _site(site).keys()}
    assert _objects(client, "reading-site", "reading/") == {f"reading/{p}": md5
                                                            for p, md5 in _site(site).items()}
    outside = {k: v for k, v in _objects(client, "reading-site").items()
               if not k.startswith("reading/")}
    assert outside == {key: hashlib.md5(body).hexdigest() for key, body in OUTSIDE.items()}


def test_s3_objects_have_content_type_and_cache_control(
        project: Path, s3_endpoint: str, aws: None) -> None:
    client = _bucket(s3_endpoint, "typed-site")
    _with_target(project, s3_endpoint, "typed-site")
    _deploy(project)
    keys = _objects(client, "typed-site", "reading/")
    fragment = next(k for k in keys if k.startswith("reading/pagefind/") and "/fragment/" in k)
    script = next(k for k in keys if k.startswith("reading/pagefind/") and
                  k.endswith("/pagefind.js"))
    expected = {
        "reading/index.html": ("text/html; charset=utf-8", s3_deploy.SHORT),
        f"reading/{ARTICLE}index.html": ("text/html; charset=utf-8", s3_deploy.SHORT),
        "reading/feed.xml": ("application/atom+xml", s3_deploy.SHORT),
        "reading/sitemap.xml": ("application/xml", s3_deploy.SHORT),
        "reading/robots.txt": ("text/plain; charset=utf-8", s3_deploy.SHORT),
        "reading/static/style.css": ("text/css; charset=utf-8", s3_deploy.DAY),
        "reading/pagefind/shards.json": ("application/json", s3_deploy.SHORT),
        script: ("text/javascript; charset=utf-8", s3_deploy.DAY),
        fragment: ("application/octet-stream", s3_deploy.LONG),
    }
    for key, (kind, cache) in expected.items():
        head = client.head_object(Bucket="typed-site", Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (kind, cache), key


def test_s3_dry_run_lists_the_plan_and_changes_nothing(
        project: Path, sample_site: Path, s3_endpoint: str, aws: None) -> None:
    client = _bucket(s3_endpoint, "planned-site")
    client.put_object(Bucket="planned-site", Key="reading/gone.html", Body=b"old")
    client.put_object(Bucket="planned-site", Key=f"reading/{MARKER}",  # an earlier deploy's
                      Body=(sample_site / "site" / MARKER).read_bytes())
    _with_target(project, s3_endpoint, "planned-site")
    before = _objects(client, "planned-site")
    uploaded, deleted, summary = _deploy(project, "--dry-run")
    assert uploaded == {f"reading/{p}" for p in _site(project / "site") if p != MARKER}
    assert deleted == {"reading/gone.html"}
    assert "(dry run)" in summary and "would upload" in summary
    assert _objects(client, "planned-site") == before


def test_a_failed_upload_deletes_nothing_and_leaves_the_pages(
        sample_site: Path, tmp_path: Path, s3_endpoint: str, aws: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    client = _bucket(s3_endpoint, "failing-site")
    client.put_object(Bucket="failing-site", Key="site/index.html", Body=b"the old front page")
    client.put_object(Bucket="failing-site", Key="site/gone.html", Body=b"an old page")
    client.put_object(Bucket="failing-site", Key=f"site/{MARKER}",
                      Body=(sample_site / "site" / MARKER).read_bytes())
    real = s3_deploy._client
    puts = []

    def failing_client(target: Target) -> Any:
        """A real client whose fifth upload fails, as a dropped connection would."""
        inner = real(target)
        put = inner.put_object

        def put_object(**options: Any) -> Any:
            puts.append(options["Key"])
            if len(puts) == 5:
                raise client.exceptions.ClientError(
                    {"Error": {"Code": "InternalError", "Message": "try again"}}, "PutObject")
            return put(**options)

        inner.put_object = put_object
        return inner

    monkeypatch.setattr(s3_deploy, "_client", failing_client)
    target = Target("bucket", "s3", bucket="failing-site", prefix="site",
                    endpoint_url=s3_endpoint)
    with pytest.raises(SiteError, match="nothing deleted, so the old site still serves"):
        deploy(sample_site / "site", target)
    objects = _objects(client, "failing-site", "site/")
    assert "site/gone.html" in objects  # deletions come last
    old = client.get_object(Bucket="failing-site", Key="site/index.html")["Body"].read()
    assert old == b"the old front page"  # pages come after every asset
    assert not any(key.endswith(".html") for key in puts)


@pytest.mark.parametrize(("marker", "reason"), [
    (None, f"it holds objects but no {MARKER}, so sitegen did not put them there"),
    (b"A site written by sitegen, replaced as a whole by its next build or deploy.\n"
     b"site: https://elsewhere.example/\ntitle: Another\n",
     r"it holds another site \(https://elsewhere\.example/\)"),
])
def test_a_prefix_holding_what_sitegen_did_not_put_there_is_refused_unless_forced(
        project: Path, s3_endpoint: str, aws: None, marker: bytes | None, reason: str) -> None:
    bucket = "shared-site" if marker is None else "other-site"
    client = _bucket(s3_endpoint, bucket)
    client.put_object(Bucket=bucket, Key="reading/notes.txt", Body=b"someone's notes")
    if marker is not None:
        client.put_object(Bucket=bucket, Key=f"reading/{MARKER}", Body=marker)
    before = _objects(client, bucket)
    _with_target(project, s3_endpoint, bucket)
    result = run_sitegen("deploy", cwd=project)
    assert result.returncode == 1
    assert re.search(f"error: refusing to deploy to s3://{bucket}/reading/: {reason}",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert _objects(client, bucket) == before  # nothing uploaded, nothing deleted

    _, deleted, _ = _deploy(project, "--no-ingest", "--force")
    assert "reading/notes.txt" in deleted
    assert _objects(client, bucket, "reading/") == {
        f"reading/{p}": md5 for p, md5 in _site(project / "site").items()}


def test_credentials_in_the_config_file_are_refused(project: Path) -> None:
    with (project / "config.yaml").open("a") as config:
        config.write("\ndeploy:\n  bucket:\n    type: s3\n    bucket: b\n"
                     "    aws_secret_access_key: abc\n")
    result = run_sitegen("deploy", "--dry-run", cwd=project)
    assert result.returncode == 1
    assert "credentials do not belong in the config file" in result.stderr
    assert "config.yaml:" in result.stderr


def test_an_unreachable_endpoint_is_a_plain_error(project: Path, sample_site: Path,
                                                  aws: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # boto3 would retry for ten seconds
    _with_target(project, "http://127.0.0.1:9", "nowhere")
    result = run_sitegen("deploy", "--out", str(sample_site / "site"), "--dry-run", cwd=project)
    assert result.returncode == 1
    assert "error: s3://nowhere/reading/:" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_credentials_say_where_they_come_from(project: Path, sample_site: Path,
                                                      s3_endpoint: str, aws: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance role to look for
    _with_target(project, s3_endpoint, "no-credentials")
    result = run_sitegen("deploy", "--out", str(sample_site / "site"), "--dry-run", cwd=project)
    assert result.returncode == 1
    assert "no AWS credentials: set AWS_ACCESS_KEY_ID" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("key", "cache"), [
    ("pagefind/fragment/en_e1ba830.pf_fragment", s3_deploy.LONG),
    ("pagefind/pagefind.en_74da3ecbda.pf_meta", s3_deploy.LONG),
    ("images/photo-20250101.jpg", s3_deploy.DAY),  # digits alone are a date, not a hash
    ("articles/x/index.html", s3_deploy.SHORT),
    ("sw.js", s3_deploy.SHORT),
])
def test_cache_control_by_kind_of_file(key: str, cache: str) -> None:
    assert s3_deploy.cache_control(key) == cache
