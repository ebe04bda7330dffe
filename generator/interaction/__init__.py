"""政民互动 (SPEC §2.5, `hdjl/`): citizens' messages and the replies to them, read from the tables the
platform's message system exports, and the 常见问题 knowledge base, with a “留言前先查一查” page that
shows the answered questions most like the one a citizen is typing before sending them on to the
real message form.

A kind of content (kinds.py): `stage.load` reads and checks the messages and 常见问题 (model.py),
`stage.check_documents` the documents the 常见问题 cite, `stage.ledger` counts the replies against
their time limit for the 工作台账, `pages.site_part` makes the section's pages and `pages.search`
indexes them; templates/ and static/hdjl.js are its template and script.
"""
