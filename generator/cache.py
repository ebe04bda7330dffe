"""What one build hands the next, so that a rebuild redoes only the work an edit touched.

`gongkai serve` keeps one `BuildCache` for its whole session and passes it to every `build`.  Each
entry is keyed by everything its result depends on, so a cached result is exactly what the work
would produce again (a rebuild with the cache is byte-identical to a clean build; tested):

- `documents`: a document file's loaded form and diagnostics, by the file's (and, for a bundle,
  its folder's) names, sizes and modification times;
- `bodies`: a rendered Markdown body, by its text, first line, folder and the set of documents and
  attachments its links can point at;
- `segments`: the postings of a segment of the search index (search_index.segments), by a digest
  of its documents' text;
- `indexes`: a site's search index files, by a digest of everything the index is built from;
- `exports`: an organization's catalog as CSV and XLSX, by a digest of the catalog;
- `published`: the output folder, what the last build put in it (writer.Written) and, for each
  page file, the page and a digest of its context (`Shown`), so that the next build renders only
  pages that changed and writes only files that changed (writer.Output).

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
    resolved: ResolveCache = field(default_factory=lambda: _stage_cache("documents", "ResolveCache"))
    assembled: AssembleCache = field(default_factory=lambda: _stage_cache("assemble", "AssembleCache"))
    search_documents: dict = field(default_factory=dict)
    segment_digests: dict = field(default_factory=dict)
    segments: dict = field(default_factory=dict)
    indexes: dict = field(default_factory=dict)
    exports: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    published: tuple | None = None  # (output folder, writer.Written, Shown)


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
