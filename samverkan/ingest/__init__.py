"""Getting a new agreement into the graph without writing RDF by hand.

- template.py: `samverkan new agreement`, a ready-to-fill source file;
- table.py: `samverkan import table`, an åtagandeplan kept as CSV or XLSX;
- text.py (with patterns.py): `samverkan import text`, a draft from the agreement's own text;
- writer.py: the project's authoring format (Turtle with short comments), shared by all three.
"""
