"""Deploy targets: the `deploy:` section of `config.yaml`, and `--to` on the command line.

    deploy:
      pages:                       # a name of your choice
        type: github-pages         # github-pages | directory | rsync
        repo: git@github.com:me/reading.git
        branch: gh-pages           # the default
        cname: reading.example.org # optional
      mirror:
        type: directory
        dest: ../public
      bucket:
        type: s3                   # Amazon S3 or an S3-compatible service
        bucket: my-reading-site
        prefix: reading            # optional: the site's folder in the bucket
        region: eu-west-1          # optional
        endpoint_url: https://…    # optional: R2, B2, MinIO, Spaces …

`--to NAME` picks a target by name; `--to github-pages|directory|rsync|s3`
with `--repo`/`--dest`/`--bucket` makes one on the spot. Local paths in
the file are relative to it. Credentials never come from the file (the
usual AWS environment variables or profile supply them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import Diagnostics, SiteError, did_you_mean, shown
from ..yamlfile import key_line

KINDS = ("github-pages", "directory", "rsync", "s3")
_OPTIONS = {"github-pages": ("repo", "branch", "cname"), "directory": ("dest",),
            "rsync": ("dest",), "s3": ("bucket", "prefix", "region", "endpoint_url")}
_REQUIRED = {"github-pages": "repo", "directory": "dest", "rsync": "dest", "s3": "bucket"}
_ALL_OPTIONS = tuple(dict.fromkeys(o for options in _OPTIONS.values() for o in options))
_CREDENTIALS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token",
                "access_key", "secret_key", "access_key_id", "secret_access_key", "password")
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://|^[^/\\]+:", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    name: str
    kind: str  # one of KINDS
    repo: str | None = None  # github-pages: a git repository (path or URL)
    branch: str | None = None  # github-pages: default gh-pages
    cname: str | None = None  # github-pages: the custom domain, written to CNAME
    dest: str | None = None  # directory: a folder; rsync: a folder or [user@]host:path
    bucket: str | None = None  # s3: the bucket
    prefix: str | None = None  # s3: the site's folder in the bucket (default: the whole bucket)
    region: str | None = None  # s3: the bucket's region (default: from the AWS settings)
    endpoint_url: str | None = None  # s3: an S3-compatible service's address


def is_remote(location: str) -> bool:
    """True for `scheme://…` and `[user@]host:path`, as git and rsync read them."""
    return bool(_REMOTE.match(location))


def parse_targets(value: Any, text: str, path: Path, diag: Diagnostics) -> dict[str, Target]:
    """The `deploy:` section: name → target. Mistakes are errors with the line;
    unknown options are warnings with a suggestion."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SiteError("`deploy` must map target names to their settings", path,
                        key_line(text, "deploy"))
    return {str(name): _target(str(name), options, text, path, diag)
            for name, options in value.items()}


def _target(name: str, options: Any, text: str, path: Path, diag: Diagnostics) -> Target:
    line = key_line(text, name)
    if not isinstance(options, dict):
        raise SiteError(f"deploy target `{name}` must be a mapping with a `type`", path, line)
    kind = options.get("type")
    if kind not in KINDS:
        raise SiteError(f"deploy target `{name}`: `type` must be one of {', '.join(KINDS)}, "
                        f"not {shown(kind)}{did_you_mean(str(kind), KINDS)}", path, line)
    values: dict[str, str] = {}
    for key, item in options.items():
        if key == "type":
            continue
        if str(key).lower() in _CREDENTIALS:
            raise SiteError(f"`deploy.{name}.{key}`: credentials do not belong in the config "
                            "file; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or "
                            "AWS_PROFILE) in the environment", path, key_line(text, str(key)))
        if key not in _OPTIONS[kind]:
            diag.warn(f"unknown setting `deploy.{name}.{key}` for type {kind}"
                      f"{did_you_mean(str(key), _OPTIONS[kind])}", path, key_line(text, str(key)))
        elif not isinstance(item, str) or not item:
            raise SiteError(f"`deploy.{name}.{key}` must be text", path, key_line(text, key))
        else:
            values[key] = item
    target = _with_local_paths(Target(name, kind, **values), path.parent.resolve())
    _require(target, f"deploy target `{name}`", path, line)
    return target


def choose_target(targets: dict[str, Target], to: str | None, **options: str | None) -> Target:
    """The target `--to` names (or the only one configured), with the options
    given on the command line (None: not given) replacing its own."""
    given = {key: value for key, value in options.items() if value is not None}
    if to is None:
        if len(targets) != 1:
            configured = ", ".join(targets) or "none in config.yaml"
            raise SiteError(f"say where to deploy with --to NAME (targets: {configured}) or "
                            f"--to {'|'.join(KINDS)} with --repo, --dest or --bucket")
        to = next(iter(targets))
    if to in targets:
        target = replace(targets[to], **given)
    elif to in KINDS:
        target = Target(to, to, **given)
    else:
        raise SiteError(f"no deploy target named `{to}`{did_you_mean(to, [*targets, *KINDS])}; "
                        f"configured: {', '.join(targets) or 'none'}")
    target = _with_local_paths(target, Path.cwd())
    _require(target, f"--to {to}", None, None)
    return target


def _require(target: Target, where: str, path: Path | None, line: int | None) -> None:
    needed = _REQUIRED[target.kind]
    if getattr(target, needed) is None:
        flag = f"`{needed}`" if path else f"--{needed}"
        raise SiteError(f"{where}: type {target.kind} needs {flag}", path, line)
    stray = [key for key in _ALL_OPTIONS
             if key not in _OPTIONS[target.kind] and getattr(target, key) is not None]
    if stray:
        raise SiteError(f"{where}: type {target.kind} takes no {', '.join(stray)}", path, line)


def _with_local_paths(target: Target, base: Path) -> Target:
    """Local paths made absolute against `base` (the config file's folder or
    the working folder); remote addresses stay as written."""
    fields = {key: str((base / value).resolve()) for key in ("repo", "dest")
              if (value := getattr(target, key)) is not None and not is_remote(value)}
    return replace(target, **fields)
