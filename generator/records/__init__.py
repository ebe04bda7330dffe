"""Records (数据表): catalog columns that publish the rows of a table (SPEC §2.4).

The second kind of content after documents, kept in one place: its model (model.py), reading and
checking a table file (table.py), and its pages and exports (pages.py).
"""
