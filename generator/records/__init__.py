"""Records (数据表): catalog columns that publish the rows of a table (SPEC §2.4).

The second kind of content after documents, kept in one place: its model (model.py), reading and
checking a table file (table.py), the build's records stage (stage.py), its pages (pages.py), its
downloads (exports.py), and its template and script (templates/, static/).
"""
