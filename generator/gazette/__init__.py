"""The 政府公报 (government gazette) archive, a kind of content (kinds.py): gazette/gazette.yaml and
one YAML per issue (model.py), read and checked (stage.py: load, check, and `audit` for what
`gongkai check` finds missing), published on the portals of its publishing organization at
zfgb/ (pages.py) with this package's templates."""
