"""Getting a new agreement into the graph without writing RDF by hand.

- template.py: `samverkan new agreement`, a ready-to-fill source file;
- table.py: `samverkan import table`, an åtagandeplan kept as CSV or XLSX;
- text.py: `samverkan import text`, a draft from the agreement's own text, in steps: structure.py (blocks,
  where the agreement starts), parties.py, signatures.py, commitments.py (with text_tables.py for tables
  inside the text), goals.py and review.py (the review report); patterns.py holds the shared regexes;
- writer.py: the project's authoring format (Turtle with short comments), shared by all three.
"""
