"""The SHACL shapes compiled to SPARQL: one SELECT per (shape, constraint) returning ?focus and ?value.

Supported: targets (sh:targetClass through rdfs:subClassOf*, implicit class targets, sh:targetNode,
sh:targetSubjectsOf, sh:targetObjectsOf); paths (IRI, inverse, sequence, alternative, zero-or-more,
one-or-more, zero-or-one); constraints sh:minCount, sh:maxCount, sh:hasValue, sh:class, sh:datatype,
sh:nodeKind, sh:languageIn, sh:in, sh:pattern (with sh:flags), sh:node, sh:property, sh:and, sh:or, sh:xone, sh:not,
sh:qualifiedValueShape with sh:qualifiedMinCount/MaxCount (not disjoint); SPARQL-based constraints
(sh:sparql with sh:select and sh:prefixes, on a node shape; see sparql_constraint). Anything else in a shape
that SHACL gives a meaning (another constraint component, sh:target, sh:ask …) raises ShapesError
when the shapes are compiled: a constraint is never silently skipped.

The scope (every focus node, or those of one agreement) is applied by CompiledCheck.sparql(scope).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from ..literals import well_formed_sparql
from ..store.base import strip_comments_and_strings
from .engine import SAMSH, SEVERITIES, SH, ShapesError, curie, described, path_text
from .members import Members

_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

#: shape properties that carry no constraint (annotations, or read elsewhere)
_ANNOTATIONS = {SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
                SH.deactivated, SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.flags}
_VALUE_COMPONENTS = {SH["class"], SH.datatype, SH.nodeKind, SH.languageIn, SH["in"], SH.pattern, SH.node, SH["and"],
                     SH["or"], SH.xone, SH["not"]}
#: datatypes whose ill-formed literals fail sh:datatype (those the reference engine, pyshacl, parses)
_PARSED_DATATYPES = {str(XSD[name]) for name in ("boolean", "integer", "decimal", "float", "double", "date", "time",
                                                 "dateTime")}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


@dataclass
class CompiledCheck:
    """One (shape, constraint) as a SELECT ?focus ?value; `{scope}` marks where a scope group goes."""

    shape: URIRef | BNode
    component: str
    severity: str
    messages: dict[str, str]
    path: str | None
    query: str
    reports_value: bool = field(default=False)
    path_node: object = None
    path_triples: list = field(default_factory=list)
    targets: str = ""
    #: the target classes when sh:targetClass is the only kind of target, else None
    target_classes: tuple[str, ...] | None = None
    #: the same check for every focus node written with MINUS (an anti-join read once, instead of a
    #: NOT EXISTS tested per node); used only without a scope, where the whole graph is read anyway
    whole_query: str | None = None

    def sparql(self, scope: str = "", exact: bool = False, focus_values: str = "") -> str:
        """The query over every focus node, or with `scope` (a group binding ?focus) over those only: then
        the scope drives and the targets are tested per node, so the cost follows the scope. `exact`: the
        scope binds only focus nodes of this check's targets (no test needed). `focus_values`: the scope is
        exactly `VALUES ?focus { focus_values }`, which then also goes inside the OPTIONAL groups of a
        SPARQL-based constraint (the same answers, as ?focus is one of them on the left)."""
        if not scope and self.whole_query is not None:
            return self.whole_query.replace("{targets}", f"{{ SELECT DISTINCT ?focus WHERE {{ {self.targets} }} }}", 1)
        if scope and exact:
            focus = f"{{ SELECT DISTINCT ?focus WHERE {{ {scope} }} }}"
        elif scope:
            focus = f"{{ SELECT DISTINCT ?focus WHERE {{ {scope} FILTER EXISTS {{ {self.targets} }} }} }}"
        else:
            focus = f"{{ SELECT DISTINCT ?focus WHERE {{ {self.targets} }} }}"
        query = self.query.replace("{targets}", focus, 1)
        inside = f"VALUES ?focus {{ {focus_values} }}" if scope and focus_values else ""
        return query.replace(FOCUS_IN_OPTIONAL, inside)


def term(node) -> str:
    """An rdflib term in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise ShapesError(f"shapes: a blank node cannot be a constant in a constraint ({node})")


class Compiler:
    """Compiles one shapes graph; `checks` are the top-level (shape, constraint) queries."""

    def __init__(self, shapes: Graph):
        self.g = shapes
        self._vars = itertools.count()
        self.checks: list[CompiledCheck] = []
        for shape in self._top_level_shapes():
            self._compile_shape(shape)

    # --- shapes and targets -------------------------------------------------------------------

    def _top_level_shapes(self) -> list:
        g = self.g
        shapes = set()
        for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            shapes.update(g.subjects(prop, None))
        for kind in (SH.NodeShape, SH.PropertyShape):
            shapes.update(s for s in g.subjects(RDF.type, kind) if (s, RDF.type, RDFS.Class) in g)
        if any(True for _ in g.subjects(SH.target, None)):
            raise ShapesError("shapes: sh:target (SPARQL-based targets) is not supported by the sparql engine")
        return sorted(shapes, key=str)

    def _targets(self, shape) -> str:
        g = self.g
        parts = [f"?focus {_TYPE} {term(c)} ." for c in sorted(g.objects(shape, SH.targetClass))]
        if (shape, RDF.type, RDFS.Class) in g:
            parts.append(f"?focus {_TYPE} {term(shape)} .")
        nodes = sorted(g.objects(shape, SH.targetNode))
        if nodes:
            parts.append("VALUES ?focus { " + " ".join(term(n) for n in nodes) + " }")
        parts += [f"?focus {term(p)} [] ." for p in sorted(g.objects(shape, SH.targetSubjectsOf))]
        parts += [f"[] {term(p)} ?focus ." for p in sorted(g.objects(shape, SH.targetObjectsOf))]
        return " UNION ".join("{ " + p + " }" for p in parts)

    def _is_deactivated(self, shape) -> bool:
        return any(v.toPython() is True for v in self.g.objects(shape, SH.deactivated) if isinstance(v, Literal))

    def _check_known(self, shape) -> None:
        for p in set(self.g.predicates(shape, None)):
            if str(p).startswith(str(SH)) and p not in _ANNOTATIONS and p not in _VALUE_COMPONENTS \
                    and p not in (SH.minCount, SH.maxCount, SH.hasValue, SH.property, SH.qualifiedValueShape, SH.sparql):
                raise ShapesError(f"shapes: {curie(str(shape)) if isinstance(shape, URIRef) else 'a shape'} uses "
                                  f"{curie(str(p))}, which the sparql engine cannot compile (use --engine pyshacl)")
        if any(v.toPython() is True for v in self.g.objects(shape, SH.qualifiedValueShapesDisjoint)):
            raise ShapesError("shapes: sh:qualifiedValueShapesDisjoint is not supported by the sparql engine")

    def _meta(self, shape) -> tuple[str, dict[str, str]]:
        severity = SEVERITIES.get(self.g.value(shape, SH.severity), "violation")
        messages: dict[str, str] = {}
        for m in self.g.objects(shape, SH.message):
            if isinstance(m, Literal):
                messages.setdefault(m.language or "", str(m))
        return severity, messages

    def _target_classes(self, shape) -> tuple[str, ...] | None:
        g = self.g
        if any(True for p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf) for _ in g.objects(shape, p)):
            return None
        classes = {str(c) for c in g.objects(shape, SH.targetClass)}
        if (shape, RDF.type, RDFS.Class) in g:
            classes.add(str(shape))
        return tuple(sorted(classes))

    def _compile_shape(self, shape, targets: str | None = None, target_classes: tuple | None = None) -> None:
        if self._is_deactivated(shape):
            return
        self._check_known(shape)
        g = self.g
        if targets is None:
            targets, target_classes = self._targets(shape), self._target_classes(shape)
        severity, messages = self._meta(shape)
        path_node = g.value(shape, SH.path)

        def add(component: str, where: str, reports_value: bool, path: str | None, select: str = "?focus ?value",
                tail: str = "", whole: str | None = None):
            query = f"SELECT DISTINCT {select} WHERE {{ {{targets}} {where} }}{tail}"
            whole_query = f"SELECT DISTINCT {select} WHERE {{ {{targets}} {whole} }}{tail}" if whole else None
            self.checks.append(CompiledCheck(shape, component, severity, messages or _default(component), path,
                                             query, reports_value, path_node, described(g, path_node), targets,
                                             target_classes, whole_query))

        if path_node is None:  # a node shape: its value node is the focus node
            report_path = g.value(shape, SAMSH.reportPath)
            shown = path_text(g, report_path) if report_path is not None else None
            universe = f"{{ SELECT DISTINCT ?focus WHERE {{ {targets} }} }}"
            members = Members(self).value_patterns(shape, "?focus", universe)
            for (component, cond), member in zip(self._value_conditions(shape, "?focus"), members):
                add(component, f"FILTER(!({cond})) BIND(?focus AS ?value)", True, shown,
                    whole=f"MINUS {member} BIND(?focus AS ?value)" if member else None)
            for value in g.objects(shape, SH.hasValue):
                add("HasValue", f"FILTER(!sameTerm(?focus, {term(value)}))", False, shown, "?focus")
            for prop in sorted(g.objects(shape, SH.property), key=str):
                self._compile_shape(prop, targets, target_classes)
            for constraint in sorted(g.objects(shape, SH.sparql), key=str):
                query, constraint_messages = sparql_constraint(g, constraint)
                self.checks.append(CompiledCheck(shape, "SPARQL", severity, constraint_messages or messages
                                                 or _default("SPARQL"), shown, query, True, None, [], targets,
                                                 target_classes))
            return
        if any(True for _ in g.objects(shape, SH.sparql)):
            raise ShapesError("shapes: sh:sparql on a property shape is not supported by the sparql engine")

        path = self.path(path_node)
        shown = path_text(g, path_node)
        for n in g.objects(shape, SH.minCount):
            n = int(n)
            if n == 1:
                add("MinCount", f"FILTER NOT EXISTS {{ ?focus {path} ?v0 }}", False, shown, "?focus",
                    whole=f"MINUS {{ ?focus {path} ?v0 }}")
            elif n > 1:
                add("MinCount", f"OPTIONAL {{ ?focus {path} ?v0 }}", False, shown, "?focus",
                    f" GROUP BY ?focus HAVING(COUNT(DISTINCT ?v0) < {n})")
        for n in g.objects(shape, SH.maxCount):
            add("MaxCount", f"?focus {path} ?v0 .", False, shown, "?focus",
                f" GROUP BY ?focus HAVING(COUNT(DISTINCT ?v0) > {int(n)})")
        for value in g.objects(shape, SH.hasValue):
            add("HasValue", f"FILTER NOT EXISTS {{ ?focus {path} {term(value)} }}", False, shown, "?focus")
        for qshape in g.objects(shape, SH.qualifiedValueShape):
            cond = self.conforms(qshape, "?v0")
            for n in g.objects(shape, SH.qualifiedMinCount):
                add("QualifiedMinCount", f"OPTIONAL {{ ?focus {path} ?v0 FILTER({cond}) }}", False, shown, "?focus",
                    f" GROUP BY ?focus HAVING(COUNT(DISTINCT ?v0) < {int(n)})")
            for n in g.objects(shape, SH.qualifiedMaxCount):
                add("QualifiedMaxCount", f"OPTIONAL {{ ?focus {path} ?v0 FILTER({cond}) }}", False, shown, "?focus",
                    f" GROUP BY ?focus HAVING(COUNT(DISTINCT ?v0) > {int(n)})")
        for component, cond in self._value_conditions(shape, "?value"):
            add(component, f"?focus {path} ?value FILTER(!({cond}))", True, shown,
                whole=f"?focus {path} ?value MINUS {{ {cond[len('EXISTS {'):-1].strip()} }}" if component == "Class" else None)
        if any(True for _ in g.objects(shape, SH.property)):
            raise ShapesError("shapes: sh:property inside a property shape is not supported by the sparql engine")

    # --- paths and conditions -----------------------------------------------------------------

    def path(self, node) -> str:
        """A SHACL path as a SPARQL property path."""
        g = self.g
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in g:
            return "(" + "/".join(self.path(n) for n in Collection(g, node)) + ")"
        for prop, text in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                           (SH.zeroOrOnePath, "{}?")):
            inner = g.value(node, prop)
            if inner is not None:
                return "(" + text.format(self.path(inner)) + ")"
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(n) for n in Collection(g, alternatives)) + ")"
        raise ShapesError(f"shapes: not a SHACL path: {node}")

    def _var(self) -> str:
        return f"?x{next(self._vars)}"

    def _list(self, node) -> list:
        return list(Collection(self.g, node))

    def _value_conditions(self, shape, v: str) -> list[tuple[str, str]]:
        """(component, SPARQL expression true when value `v` conforms) for each value-level constraint."""
        g = self.g
        out = []
        for c in sorted(g.objects(shape, SH["class"])):
            out.append(("Class", f"EXISTS {{ {v} {_TYPE} {term(c)} }}"))
        for d in g.objects(shape, SH.datatype):
            well_formed = f" && {well_formed_sparql(v, str(d))}" if str(d) in _PARSED_DATATYPES else ""
            out.append(("Datatype", f"(isLiteral({v}) && datatype({v}) = {term(d)}{well_formed})"))
        for k in g.objects(shape, SH.nodeKind):
            if k not in _NODE_KINDS:
                raise ShapesError(f"shapes: unknown sh:nodeKind {k}")
            out.append(("NodeKind", _NODE_KINDS[k].format(v=v)))
        for lst in g.objects(shape, SH.languageIn):
            tests = " || ".join(f"langMatches(lang({v}), {Literal(str(t)).n3()})" for t in self._list(lst))
            out.append(("LanguageIn", f"(isLiteral({v}) && ({tests or 'false'}))"))
        for lst in g.objects(shape, SH["in"]):
            tests = " || ".join(f"sameTerm({v}, {term(t)})" for t in self._list(lst))
            out.append(("In", f"({tests or 'false'})"))
        for pattern in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            arguments = f"{Literal(str(pattern)).n3()}" + (f", {Literal(str(flags)).n3()}" if flags is not None else "")
            out.append(("Pattern", f"(!isBlank({v}) && REGEX(STR({v}), {arguments}))"))
        for s in g.objects(shape, SH.node):
            out.append(("Node", self.conforms(s, v)))
        for lst in g.objects(shape, SH["and"]):
            out.append(("And", "(" + " && ".join(self.conforms(s, v) for s in self._list(lst)) + ")"))
        for lst in g.objects(shape, SH["or"]):
            out.append(("Or", "(" + " || ".join(self.conforms(s, v) for s in self._list(lst)) + ")"))
        for lst in g.objects(shape, SH.xone):
            out.append(("Xone", "(" + " + ".join(f"IF({self.conforms(s, v)}, 1, 0)" for s in self._list(lst)) + " = 1)"))
        for s in g.objects(shape, SH["not"]):
            out.append(("Not", f"!({self.conforms(s, v)})"))
        return out

    def conforms(self, shape, v: str) -> str:
        """A SPARQL expression true when the node in `v` conforms to `shape` (a nested shape)."""
        if self._is_deactivated(shape):
            return "true"
        self._check_known(shape)
        g = self.g
        path_node = g.value(shape, SH.path)
        if path_node is None:
            parts = [cond for _, cond in self._value_conditions(shape, v)]
            parts += [f"sameTerm({v}, {term(x)})" for x in g.objects(shape, SH.hasValue)]
            parts += [self.conforms(p, v) for p in g.objects(shape, SH.property)]
            return "(" + (" && ".join(parts) or "true") + ")"
        path = self.path(path_node)
        parts = []
        for n in g.objects(shape, SH.minCount):
            if int(n) > 0:
                parts.append(f"EXISTS {{ {self._distinct_values(v, path, int(n))} }}")
        for n in g.objects(shape, SH.maxCount):
            parts.append(f"NOT EXISTS {{ {self._distinct_values(v, path, int(n) + 1)} }}")
        for x in g.objects(shape, SH.hasValue):
            parts.append(f"EXISTS {{ {v} {path} {term(x)} }}")
        for qshape in g.objects(shape, SH.qualifiedValueShape):
            for n in g.objects(shape, SH.qualifiedMinCount):
                if int(n) > 1:
                    raise ShapesError("shapes: a nested sh:qualifiedMinCount above 1 is not supported by the sparql engine")
                if int(n) == 1:
                    x = self._var()
                    parts.append(f"EXISTS {{ {v} {path} {x} FILTER({self.conforms(qshape, x)}) }}")
            if any(True for _ in g.objects(shape, SH.qualifiedMaxCount)):
                raise ShapesError("shapes: a nested sh:qualifiedMaxCount is not supported by the sparql engine")
        for _, cond in self._value_conditions(shape, "?VALUE"):
            x = self._var()
            parts.append(f"NOT EXISTS {{ {v} {path} {x} FILTER(!({cond.replace('?VALUE', x)})) }}")
        if any(True for _ in g.objects(shape, SH.property)):
            raise ShapesError("shapes: sh:property inside a property shape is not supported by the sparql engine")
        return "(" + (" && ".join(parts) or "true") + ")"

    def _distinct_values(self, v: str, path: str, n: int) -> str:
        if n > 4:
            raise ShapesError("shapes: a nested sh:minCount/sh:maxCount above 4 is not supported by the sparql engine")
        xs = [self._var() for _ in range(n)]
        pattern = " ".join(f"{v} {path} {x} ." for x in xs)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(xs, 2))
        return pattern + (f" FILTER({distinct})" if distinct else "")


# --- SPARQL-based constraints (sh:sparql) --------------------------------------------------------------

def _prefixes(g: Graph, constraint) -> str:
    """PREFIX lines for the sh:declare of every sh:prefixes node of a SPARQL-based constraint."""
    lines = []
    for holder in g.objects(constraint, SH.prefixes):
        for declaration in g.objects(holder, SH.declare):
            prefix, namespace = g.value(declaration, SH.prefix), g.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise ShapesError("shapes: an sh:declare needs sh:prefix and sh:namespace")
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def sparql_constraint(g: Graph, constraint) -> tuple[str, dict[str, str]]:
    """A SPARQL-based constraint as a check query: its SELECT (with $this as ?focus) joined with the
    shape's targets, and its messages. The SELECT must project $this and may project ?value."""
    if any(True for p in g.predicates(constraint, None)
           if str(p).startswith(str(SH)) and p not in (SH.select, SH.prefixes, SH.message, SH.deactivated)):
        raise ShapesError("shapes: a SPARQL-based constraint may only have sh:select, sh:prefixes, sh:message "
                          "and sh:deactivated for the sparql engine")
    select = g.value(constraint, SH.select)
    if select is None:
        raise ShapesError("shapes: an sh:sparql constraint has no sh:select (sh:ask is not supported)")
    text = re.sub(r"[$?]this\b", "?focus", str(select))
    head = text[:text.find("{")] if "{" in text else text
    if "?focus" not in head:
        raise ShapesError("shapes: the SELECT of an sh:sparql constraint must project $this")
    value = "?value" if "?value" in head else "(?focus AS ?value)"  # without ?value the focus node is the value
    # a plain SELECT's pattern joins the targets directly (as pyshacl pre-binds $this), so the focus nodes in
    # scope drive it; a subquery would be evaluated for every node of the store first
    plain = re.fullmatch(r"\s*SELECT\s+(?:DISTINCT\s+)?(?:\?focus|\?value|\s)+WHERE\s*\{(.*)\}\s*", text, re.DOTALL)
    where = plain.group(1) if plain else f"{{ {text} }}"
    if plain:
        where = _mark_optionals(where)
    query = f"{_prefixes(g, constraint)}\nSELECT DISTINCT ?focus {value} WHERE {{ {{targets}} {where} }}"
    messages: dict[str, str] = {}
    for m in g.objects(constraint, SH.message):
        if isinstance(m, Literal):
            messages.setdefault(m.language or "", str(m))
    return query, messages


#: where CompiledCheck.sparql puts the focus nodes of a VALUES scope inside an OPTIONAL group
FOCUS_IN_OPTIONAL = "{focus_in_optional}"


def _mark_optionals(where: str) -> str:
    """The pattern with FOCUS_IN_OPTIONAL at the start of each OPTIONAL group (none if it holds a subquery,
    whose ?focus would be another variable). The engine evaluates an OPTIONAL's group on its own and then
    joins it, so without the focus nodes in it one agreement's check reads the whole country's matches."""
    bare = strip_comments_and_strings(where)
    if re.search(r"\bSELECT\b", bare, re.IGNORECASE):
        return where
    cuts = [m.end() for m in re.finditer(r"\bOPTIONAL\s*\{", bare, re.IGNORECASE)]
    for cut in reversed(cuts):
        where = where[:cut] + f" {FOCUS_IN_OPTIONAL} " + where[cut:]
    return where


def _default(component: str) -> dict[str, str]:
    return {"sv": f"Bryter mot villkoret sh:{component[0].lower()}{component[1:]}.",
            "en": f"Does not meet sh:{component[0].lower()}{component[1:]}."}


def compile_shapes(shapes: Graph) -> list[CompiledCheck]:
    """Every top-level (shape, constraint) of `shapes` as a SPARQL SELECT; ShapesError if one cannot be."""
    return Compiler(shapes).checks
