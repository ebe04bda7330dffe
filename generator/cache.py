"""What one build hands the next, so that a rebuild redoes only the work an edit touched.

`gongkai serve` keeps one `BuildCache` for its whole session and passes it to every `build`.  Each
entry is keyed by everything its result depends on, so a cached result is exactly what the work
would produce again (a rebuild with the cache is byte-identical to a clean build; tested):

- `documents`, `catalogs`, `register`: a file's loaded form and diagnostics, by the file's (and, for
  a bundle, its folder's) names, sizes and modification times; a reloaded document whose front
  matter is unchanged keeps the previous front-matter objects;
- `kinds`: each kind of content's own cache (kinds.py), by its name — records keep a column's rows and
  diagnostics by its `records:` and its files' stamps;
- `listing`: content/'s document files with their stamps as the last build listed them, listed
  again only for the files in `edited` when serve's watcher sets it (loading.load_documents);
- `resolved` (documents.ResolveCache): the placement of every document (organization, column,
  索引号, relations) and the front-matter checks, by all documents' front matter; each finished
  document, by its source, placement and link targets; rendered bodies, by their text and link targets;
- `assembled` (assemble.AssembleCache): the plan (which organizations and documents each site
  shows) and each site's layout (all pages but the documents' own), by everything they read (all
  but the bodies); each document page, by its document, its site's layout and the front matter of
  the documents it links to by title;
- `search_documents`, `segment_digests`, `segments`: each site's index input per document, each
  segment's digest while it holds the same documents, and each segment's postings by that digest;
- `indexes`: a site's search index (search_index.SiteIndex), by everything it is built from; the
  next index joins again only the terms of the segments that changed;
- `exports`: an organization's catalog as CSV and XLSX, by a digest of the catalog;
- `versions`: the fingerprint of each file other than a page, by its content object (or a copied
  file's stamp), so that an unchanged file is neither read nor hashed again;
- `published`: the output folder, what the last build put in it (writer.Written) and, for each
  page file, the page and a digest of its context (`Shown`), so that the next build renders only
  pages that changed and writes only files that changed (writer.Output).

Results are compared by identity where a stage hands an unchanged input on as the same object (a
document whose file did not change, a layout whose inputs did not change), so a rebuild after one
edit does work in proportion to the edit, not to the platform (`docs/PERFORMANCE.md`).

Only `serve`, which owns its preview folder, keeps a cache between builds; `gongkai build` always
swaps in a complete new folder.

After a build each table keeps only what that build used, so the cache never outgrows the project.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import pickle
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .assemble import AssembleCache
    from .documents import ResolveCache


Shown = dict  # output path of a page -> (pages.Page, digest of what else its HTML depends on)


@dataclass
class BuildCache:
    documents: dict = field(default_factory=dict)
    catalogs: dict = field(default_factory=dict)
    register: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    resolved: ResolveCache = field(default_factory=lambda: _stage_cache("documents", "ResolveCache"))
    assembled: AssembleCache = field(default_factory=lambda: _stage_cache("assemble", "AssembleCache"))
    search_documents: dict = field(default_factory=dict)
    segment_digests: dict = field(default_factory=dict)
    segments: dict = field(default_factory=dict)
    indexes: dict = field(default_factory=dict)
    exports: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    published: tuple | None = None  # (output folder, writer.Written, Shown)
    listing: list = field(default_factory=list)
    # set by serve before a build: the only files under content/ changed since the last build, each
    # of them an existing file whose content alone changed; None when that is not known
    edited: frozenset[str] | None = None


def _stage_cache(module: str, name: str):
    """A stage's own table, defined in the stage's module (which imports this one)."""
    return getattr(importlib.import_module(f".{module}", __package__), name)()


def digest(value: object) -> str:
    """A digest of any picklable, acyclic value (used for inputs too big to keep as keys).  Pickled
    without its memo, so that equal values give equal digests however their parts are shared."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=20).hexdigest()
