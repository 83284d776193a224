"""Deploy to Amazon S3 or an S3-compatible service (R2, B2, MinIO, Spaces).

The bucket (under `prefix`) is made to hold exactly the files of the site:

* only what changed is uploaded: a file whose MD5 equals the object's ETag
  is left alone (objects are uploaded whole, so their ETag is their MD5;
  an object whose ETag is not, such as a multipart upload made elsewhere,
  is uploaded again);
* every object gets a `Content-Type` and a `Cache-Control`: a year for
  files whose name carries a content hash (the search index's chunks),
  minutes for pages, feeds and other files that change in place, a day
  for the rest (images, style sheets, scripts);
* uploads go first, assets before the pages that use them; objects the
  site no longer has are deleted last, and only under the prefix. A
  failure on the way therefore leaves the old site serving, with some
  files already new;
* like a folder (see `marker.py`), a prefix that holds objects is
  replaced only when its marker object says it holds this site, unless
  `force`: a deploy deletes what the site does not have.

Credentials come from where boto3 finds them (environment, profile, instance
role), never from `config.yaml`.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SiteError
from ..marker import MARKER, site_in, site_of
from .outcome import Outcome, counted
from .targets import Target

WORKERS = 8  # uploads at a time
_DELETE_BATCH = 1000  # the most one DeleteObjects request takes
_HASHED = re.compile(r"[._-](?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}(?:\.\w+)+$")
_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json",
    ".txt": "text/plain; charset=utf-8", ".xml": "application/xml",
    ".xsl": "text/xsl; charset=utf-8", ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json", ".wasm": "application/wasm",
    ".epub": "application/epub+zip", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".webp": "image/webp", ".ico": "image/x-icon",
    ".pdf": "application/pdf", ".mp3": "audio/mpeg",
}
_CHANGING = (".html", ".xml", ".txt", ".json", ".webmanifest", ".xsl")
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"
DAY = "public, max-age=86400"


@dataclass(frozen=True)
class _File:
    key: str
    path: Path
    md5: str


def deploy_s3(site: Path, target: Target, dry_run: bool = False, force: bool = False) -> Outcome:
    """Make the bucket's objects under the prefix exactly the files of
    `site`. What the prefix holds must be this site's earlier deploy (or
    nothing), unless `force`."""
    assert target.bucket is not None  # checked when the target was made
    client = _client(target)
    prefix = _prefix(target.prefix)
    where = f"s3://{target.bucket}/{prefix}"
    files = _local_files(site, prefix)
    remote = _call(where, lambda: _remote_etags(client, target.bucket, prefix))
    if remote and not force:
        _refuse_foreign_objects(client, target.bucket, prefix, site_of(site), where)
    uploads = sorted((f for f in files if remote.get(f.key) != f'"{f.md5}"'), key=_upload_order)
    deletions = sorted(remote.keys() - {f.key for f in files})
    verb = ("would upload", "would delete") if dry_run else ("uploaded", "deleted")
    details = (*(f"{verb[0]} {f.key}" for f in uploads), *(f"{verb[1]} {k}" for k in deletions))
    if not dry_run:
        _upload_all(client, target.bucket, uploads, where)
        _call(where, lambda: _delete(client, target.bucket, deletions),
              " (every file was uploaded; some old ones may be left: deploy again)")
    summary = (f"{where}: {verb[0]} {counted(len(uploads), 'file')}, {verb[1]} "
               f"{len(deletions)}, {len(files) - len(uploads)} unchanged")
    return Outcome(summary, details)


def content_type(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    if name == "feed.xml":
        return "application/atom+xml"
    suffix = Path(name).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    if _HASHED.search(name):
        return LONG
    if name == "sw.js" or Path(name).suffix.lower() in _CHANGING:
        return SHORT
    return DAY


def _client(target: Target) -> Any:
    try:
        import boto3
    except ImportError:
        raise SiteError("deploying to S3 needs boto3: pip install boto3") from None
    return boto3.session.Session().client("s3", region_name=target.region,
                                          endpoint_url=target.endpoint_url)


def _prefix(prefix: str | None) -> str:
    """`reading`, `/reading/` → `reading/`; nothing → `` (the whole bucket)."""
    folder = (prefix or "").strip("/")
    return f"{folder}/" if folder else ""


def _local_files(site: Path, prefix: str) -> list[_File]:
    return [_File(prefix + path.relative_to(site).as_posix(), path,
                  hashlib.md5(path.read_bytes()).hexdigest())
            for path in sorted(site.rglob("*")) if path.is_file()]


def _upload_order(file: _File) -> tuple[bool, str]:
    """Assets first, then the pages and feeds that refer to them."""
    return file.key.endswith(_CHANGING), file.key


def _remote_etags(client: Any, bucket: str, prefix: str) -> dict[str, str]:
    etags = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", ()):
            etags[item["Key"]] = item["ETag"]
    return etags


def _refuse_foreign_objects(client: Any, bucket: str, prefix: str, site: str | None,
                            where: str) -> None:
    """Raise unless the prefix's marker object names `site` (when known)."""
    def marker() -> bytes:
        try:
            return client.get_object(Bucket=bucket, Key=prefix + MARKER)["Body"].read()
        except client.exceptions.NoSuchKey:
            return b""

    found = site_in(_call(where, marker).decode("utf-8", "replace"))
    if found is None:
        raise SiteError(f"refusing to deploy to {where}: it holds objects but no {MARKER}, so "
                        "sitegen did not put them there, and a deploy deletes what the site "
                        "does not have (choose another bucket or prefix, or use --force)")
    if site is not None and found != site:
        raise SiteError(f"refusing to deploy to {where}: it holds another site ({found}) "
                        "(choose another bucket or prefix, or use --force)")


def _upload_all(client: Any, bucket: str, files: Sequence[_File], where: str) -> None:
    """Upload `files`: the assets, then (once they are all there) the pages."""
    def put(file: _File) -> None:
        # S3 checks the body against the MD5 planned with (a file changed since is refused)
        client.put_object(Bucket=bucket, Key=file.key, Body=file.path.read_bytes(),
                          ContentMD5=base64.b64encode(bytes.fromhex(file.md5)).decode(),
                          ContentType=content_type(file.key), CacheControl=cache_control(file.key))

    done = 0
    pages = [f for f in files if f.key.endswith(_CHANGING)]
    for batch in ([f for f in files if not f.key.endswith(_CHANGING)], pages):
        with ThreadPoolExecutor(WORKERS) as pool:
            for future in [pool.submit(put, file) for file in batch]:
                _call(where, future.result,
                      f" ({counted(done, 'file')} uploaded before it; nothing deleted, so the "
                      "old site still serves: deploy again)")
                done += 1


def _delete(client: Any, bucket: str, keys: Sequence[str]) -> None:
    for start in range(0, len(keys), _DELETE_BATCH):
        batch = [{"Key": key} for key in keys[start:start + _DELETE_BATCH]]
        answer = client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        errors = answer.get("Errors") or []
        if errors:
            first = errors[0]
            raise SiteError(f"could not delete {first['Key']}: {first.get('Message', '')}")


def _call(where: str, action: Callable[[], Any], state: str = "") -> Any:
    """Run `action`, turning what boto3 raises into a `SiteError`; `state`
    says what the bucket holds then."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    try:
        return action()
    except NoCredentialsError:
        reason = ("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
                  "AWS_PROFILE, in the environment")
    except ClientError as exc:
        error = exc.response.get("Error", {})
        reason = f"{error.get('Code', 'error')}: {error.get('Message', '')}".rstrip(": ")
    except BotoCoreError as exc:
        reason = str(exc)
    except OSError as exc:
        reason = f"cannot read {exc.filename}: {exc.strerror}"
    raise SiteError(f"{where}: {reason}{state}") from None
