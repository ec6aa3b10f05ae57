"""A nested shape as a set of nodes: a SPARQL pattern binding a variable to exactly the nodes that conform.

Compiler.conforms writes a shape as a FILTER expression tested node by node (EXISTS within EXISTS:
index seeks per focus node, and per value node again for every focus node that reaches it). For the
whole graph the same condition is cheaper as set operations the store evaluates with scans and hash
joins: conjunction = join, disjunction = UNION, negation and "every value conforms" = MINUS from a
universe (the nodes being tested). `pattern` returns None for what it does not cover; the check then
keeps its FILTER form.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef

from .engine import SH

_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


class Members:
    """Set patterns for the shapes of one Compiler (its paths, lists and fresh variables)."""

    def __init__(self, compiler):
        self.c = compiler
        self.g = compiler.g

    def pattern(self, shape, v: str, universe: str | None) -> str | None:
        """A group binding `v` to the nodes conforming to `shape`; `universe` (a group binding `v`, or None)
        holds every node that may be tested, needed for negation and for "every value conforms"."""
        if self.c._is_deactivated(shape):
            return universe
        path_node = self.g.value(shape, SH.path)
        if path_node is None:
            parts = self.value_patterns(shape, v, universe)
            parts += [f"{{ VALUES {v} {{ {self._term(x)} }} }}" for x in self.g.objects(shape, SH.hasValue)]
            parts += [self.pattern(p, v, universe) for p in self.g.objects(shape, SH.property)]
        else:
            parts = self._property(shape, path_node, v, universe)
        return self._all(parts, universe)

    def value_patterns(self, shape, v: str, universe: str | None) -> list[str | None]:
        """One pattern per value-level constraint of `shape` (None where not covered)."""
        g, out = self.g, []
        out += [f"{{ {v} {_TYPE} {self._term(c)} }}" for c in sorted(g.objects(shape, SH["class"]))]
        for p in (SH.datatype, SH.nodeKind, SH.languageIn, SH["in"]):
            out += [None for _ in g.objects(shape, p)]
        out += [self.pattern(s, v, universe) for s in g.objects(shape, SH.node)]
        for lst in g.objects(shape, SH["and"]):
            out.append(self._all([self.pattern(s, v, universe) for s in self.c._list(lst)], universe))
        for lst in g.objects(shape, SH["or"]):
            alternatives = [self.pattern(s, v, universe) for s in self.c._list(lst)]
            out.append(None if None in alternatives or not alternatives else "{ " + " UNION ".join(alternatives) + " }")
        out += [None for _ in g.objects(shape, SH.xone)]
        for s in g.objects(shape, SH["not"]):
            inner = self.pattern(s, v, universe)
            out.append(None if inner is None or universe is None else f"{{ {universe} MINUS {inner} }}")
        return out

    def _property(self, shape, path_node, v: str, universe: str | None) -> list[str | None]:
        g, c = self.g, self.c
        path = c.path(path_node)
        parts: list[str | None] = []
        for n in g.objects(shape, SH.minCount):
            n = int(n)
            if n == 1:
                parts.append(f"{{ SELECT DISTINCT {v} WHERE {{ {v} {path} {c._var()} }} }}")
            elif n > 1:
                x = c._var()
                parts.append(f"{{ SELECT {v} WHERE {{ {v} {path} {x} }} GROUP BY {v} HAVING(COUNT(DISTINCT {x}) >= {n}) }}")
        for n in g.objects(shape, SH.maxCount):
            x = c._var()
            too_many = f"{{ SELECT {v} WHERE {{ {v} {path} {x} }} GROUP BY {v} HAVING(COUNT(DISTINCT {x}) > {int(n)}) }}"
            parts.append(f"{{ {universe} MINUS {too_many} }}" if universe is not None else None)
        parts += [f"{{ SELECT DISTINCT {v} WHERE {{ {v} {path} {self._term(x)} }} }}" for x in g.objects(shape, SH.hasValue)]
        for qshape in g.objects(shape, SH.qualifiedValueShape):
            for n in g.objects(shape, SH.qualifiedMinCount):
                if int(n) == 1:
                    x = c._var()
                    inner = self.pattern(qshape, x, f"{{ SELECT DISTINCT {x} WHERE {{ {c._var()} {path} {x} }} }}")
                    parts.append(None if inner is None else f"{{ SELECT DISTINCT {v} WHERE {{ {v} {path} {x} . {inner} }} }}")
                elif int(n) > 1:
                    parts.append(None)
            parts += [None for _ in g.objects(shape, SH.qualifiedMaxCount)]
        x = c._var()
        values = f"{{ SELECT DISTINCT {x} WHERE {{ {c._var()} {path} {x} }} }}"
        for cond in self.value_patterns(shape, x, values):
            # every value conforms: no (node, value) pair whose value is outside the conforming set
            parts.append(None if cond is None or universe is None
                         else f"{{ {universe} MINUS {{ {v} {path} {x} MINUS {cond} }} }}")
        return parts

    @staticmethod
    def _all(parts: list[str | None], universe: str | None) -> str | None:
        if None in parts:
            return None
        if not parts:
            return universe
        return parts[0] if len(parts) == 1 else "{ " + " ".join(parts) + " }"

    @staticmethod
    def _term(node) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        if isinstance(node, Literal):
            return node.n3()
        raise ValueError(node)
