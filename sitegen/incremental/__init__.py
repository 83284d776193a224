"""The incremental engine: what makes a build fast, in one place.

The stages (load, collect, render, write) are plain functions of plain
data; this package decides what to skip and keeps what a later build can
reuse, in the build cache (`cache.py`, one SQLite file in `cache_dir`).

Crash consistency: whatever instant a build dies at, the next build's
output equals a `--no-cache` build's. Every cached item is either checked
against the key it was made from when it is read, or written only after
what it vouches for:

1. Parsed content files are stored by path *and* file stamp (size, times,
   inode), in shards that hold each file's parse and its catalog entry
   together (one transaction writes both, and a new token that the record
   of the last build must match); converted bodies by the digest of their
   Markdown; an article's view by the digest of its front matter and
   reading time and the base URL; the digest of what the search index
   took from an article page by the page's path *and* fingerprint
   (`search.PageDigests`): an entry can only be used for the very input it
   was made from.
2. Planned pages are stored by path *and* shape digest, and a page is
   given out only for a recipe of the same shape. They are stored before
   the recipes (by structure key: the list of every page's path, the
   recipes in chunks, the index of the pages each article shows and the
   article fields planning read, `reads.py`, all in one transaction) that
   name them, so a build killed in between finds the old recipes and
   plans again; a page a recipe names but the cache lacks is planned
   again, and stored.
3. The staging folder's manifest ("back") is dropped before the folder is
   touched; after the swap, the manifests of both folders are written in
   one transaction (the live one with what its page fingerprints were made
   from, which the next build trusts with it; both as deltas from a base
   written in the same transaction when it changes, see `manifests.py`;
   `trees.py` keeps these records), and each is trusted only while its
   folder's identity (device, inode, change time) is the one recorded: a
   build killed before or after the swap leaves manifests that name no
   folder. A cold build's spare copy of the new site takes the staging
   folder's place before that transaction and is recorded (as equal to the
   live site) after it: a build killed in between leaves the staging
   folder unknown.
4. The record of the last build (for the nothing-changed shortcut) is
   written last, after the swap and the manifests.

Each step is one SQLite transaction (in WAL mode: a killed process never
leaves half of one). Compiled templates are written by Jinja to a
temporary file and renamed into place. `crashpoint.crash_point` names the
places in between; `tests/test_crash.py` kills real builds at every one
of them (and `tests/test_atomic.py` at random instants) and compares the
next build with a clean one, byte for byte. (A power cut is another
matter: the cache never asks the disk to flush, which cost seconds; a
cache SQLite finds damaged is discarded, and `--no-cache` rebuilds all.)
"""
