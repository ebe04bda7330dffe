"""Offline: the service worker each site gets, and the zip of a site for USB sticks and kiosks.

Opened from disk (file://) a site needs neither: every link names a file and the search index is
made of classic scripts.  Served over http(s), `sw.js` keeps the site shell, the search index and
every visited page available offline.  Its cache is named after a hash of the site's files, so a
rebuild makes a new worker, which fills a new cache and deletes the old ones on the next online
visit: never stale forever.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

PRECACHE_LIMIT = 8_000_000  # bytes of search index precached at install; larger indexes are cached as used
FIXED_TIME = (2000, 1, 1, 0, 0, 0)

_WORKER = """/* gongkai service worker for site %(site)s, build %(version)s (generated: do not edit). */
var CACHE = "gongkai-%(site)s-%(version)s";
var PREFIX = "gongkai-%(site)s-";
var PRECACHE = %(precache)s;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(PRECACHE); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function remember(request, response) {
  if (response && response.ok) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request.url.split("?")[0], copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  var cached = function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || (request.mode === "navigate" ? caches.match("404.html") : undefined) || Response.error();
    });
  };
  if (request.mode === "navigate") {  // pages: the network first, so a rebuild shows at once
    event.respondWith(fetch(request).then(function (r) { return remember(request, r); }).catch(cached));
  } else {                            // assets and index files: the cache first (it is per build)
    event.respondWith(caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || fetch(request).then(function (r) { return remember(request, r); });
    }).catch(cached));
  }
});
"""


def service_worker(site_id: str, files: dict[str, tuple[bytes, int]]) -> bytes:
    """sw.js for one site; `files` maps site paths to the (digest, size) of their content."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path][0])
    shell = [p for p in sorted(files) if p.startswith("static/") or p in ("index.html", "404.html", "search/index.html")]
    index = [p for p in sorted(files) if p.startswith("search/index/")]
    if sum(files[p][1] for p in index) <= PRECACHE_LIMIT:
        shell += index
    else:
        shell += [p for p in index if p.endswith(("head.js", "meta.js"))]
    return (_WORKER % {"site": site_id, "version": digest.hexdigest()[:16],
                       "precache": json.dumps(shell, ensure_ascii=False)}).encode("utf-8")


def bundle_zip(files: dict[str, bytes | Path], folder: str) -> tuple[bytes, int]:
    """A site (site path -> bytes or source file) as a deterministic zip whose top folder is `folder`;
    returns (zip bytes, file count).  The service worker is left out: it has no use on file://."""
    out = io.BytesIO()
    names = [p for p in sorted(files) if p != "sw.js" and not p.startswith("offline/")]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in names:
            data = files[path]
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data if isinstance(data, bytes) else Path(data).read_bytes())
    return out.getvalue(), len(names)
