"""The portal's 规章和规范性文件库 (一网通查): every 规章 and 行政规范性文件 of the platform, on every
portal, by issuing organization, year, validity and source, with a combined query that works from disk
and the library's data as JSON for a provincial database.

A kind of content (kinds.py): `pages.shares` places other organizations' documents on a portal,
`federation.load` reads the libraries other platforms publish (platform.yaml `library: federation:`),
and `pages.site_part` makes the library's pages with both; its template and script are in templates/
and static/.  `model.py` holds the configuration and the schema of a published library.json.
"""
