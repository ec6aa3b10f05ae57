"""A realistic national knowledge graph for benchmarks and tests: every municipality, years of agreements.

`generate(out_dir, municipalities, years, seed)` writes Turtle source files in the authoring format
(docs/authoring.md): agreements/ (one file per agreement), organisations/ (one per municipality, plus
the police areas), descriptions/ (one per municipality: its councils and groups), documents-generated.ttl,
follow-ups/ (an invented yearly follow-up of every agreement-year, each file marked as invented; see
followups.py), and copies of graph/themes.ttl, graph/methods.ttl and graph/follow-up-status.ttl so the
folder builds on its own. The same seed and options give byte-identical files.
"""

from __future__ import annotations

import collections
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SamverkanError
from ..paths import graph_dir
from ..slug import slugify
from . import vocabulary as V
from .followups import AgreementMade, follow_up_file
from .turtle import TurtleFile, en, iri, plain, sv, typed

GENERATED_PARTS = ("agreements", "organisations", "descriptions", "documents-generated.ttl", "themes.ttl", "methods.ttl",
                   "follow-ups", "follow-up-status.ttl")
MAX_MUNICIPALITIES = 290


@dataclass(frozen=True)
class Gaps:
    """How often a document leaves something out (0–1); what is left out is absent, never invented."""

    measure: float = 0.35
    timeframe: float = 0.25
    follow_up: float = 0.5
    responsible: float = 0.1
    agreement_follow_up: float = 0.3
    coordinator: float = 0.1
    indicator: float = 0.2

    def __post_init__(self):
        for name, value in self.__dict__.items():
            if not 0 <= value <= 1:
                raise SamverkanError(f"gap rate {name}={value} is not between 0 and 1")


@dataclass
class Municipality:
    short: str
    label: str
    county: str
    slug: str = ""
    short_slug: str = ""
    police_area: str = ""  # IRI relative to the base, e.g. org/polisen/lpo-mark
    police_label: str = ""
    units: list[tuple[str, str, str, str]] = field(default_factory=list)  # (iri, class, sv, en)

    @property
    def iri(self) -> str:
        return "org/" + self.slug

    @property
    def en_label(self) -> str:
        if self.label.startswith("Region"):
            return self.label
        if self.label.lower().endswith(" stad"):
            return f"City of {self.short}"
        return f"{self.short} Municipality"


@dataclass
class GenerateReport:
    """What was written."""

    out_dir: Path
    municipalities: int = 0
    police_areas: int = 0
    agreements: int = 0
    commitments: int = 0
    files: int = 0


def load_municipalities() -> list[Municipality]:
    """Sweden's 290 municipalities from kommuner.txt, in file order."""
    result = []
    for line in (Path(__file__).parent / "kommuner.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        county, short, *official = line.split("|")
        label = official[0] if official else _default_label(short)
        result.append(Municipality(short, label, county, slugify(label), slugify(short)))
    # Håbo (Uppsala) and Habo (Jönköping) share a slug: both get their county, so each has one IRI.
    clashes = collections.Counter(m.short_slug for m in result)
    for m in result:
        if clashes[m.short_slug] > 1:
            m.slug, m.short_slug = f"{m.slug}-{slugify(m.county)}", f"{m.short_slug}-{slugify(m.county)}"
    return result


def _default_label(short: str) -> str:
    # Swedish genitive: "Marks kommun", "Alingsås kommun", "Ale kommun".
    last = short[-1].lower()
    return f"{short} kommun" if last in "aeiouyåäösxz" else f"{short}s kommun"


def _police_areas(rng: random.Random, all_munis: list[Municipality]) -> list[list[Municipality]]:
    """Group each county's municipalities into local police areas of one to five, in shuffled order."""
    groups: list[list[Municipality]] = []
    counties: dict[str, list[Municipality]] = {}
    for m in all_munis:
        counties.setdefault(m.county, []).append(m)
    for county in counties:
        members = list(counties[county])
        rng.shuffle(members)
        while members:
            size = min(rng.randint(1, 5), len(members))
            group, members = members[:size], members[size:]
            lead = group[0]
            for m in group:
                m.police_area = "org/polisen/lpo-" + lead.short_slug
                m.police_label = lead.short
            groups.append(group)
    rng.shuffle(groups)
    return groups


def generate(
    out_dir: str | Path,
    municipalities: int = MAX_MUNICIPALITIES,
    years: int = 10,
    seed: int = 1,
    *,
    end_year: int = 2024,
    commitments: tuple[int, int] = (20, 60),
    gaps: Gaps | None = None,
    force: bool = False,
    follow_ups: bool = True,
) -> GenerateReport:
    """Write a generated national graph to `out_dir` (see the module docstring).

    `municipalities` (1–290) are taken police area by police area, so even a small graph has
    municipalities sharing a police area; each signs agreements of one to three years covering
    `years` years up to `end_year`, with `commitments` (min, max) commitments each; with `follow_ups`,
    every agreement-year gets an invented follow-up file. An existing generated folder is replaced only
    with `force`.
    """
    if not 1 <= municipalities <= MAX_MUNICIPALITIES:
        raise SamverkanError(f"--municipalities must be between 1 and {MAX_MUNICIPALITIES}, not {municipalities}")
    if years < 1:
        raise SamverkanError(f"--years must be at least 1, not {years}")
    low, high = commitments
    if not 1 <= low <= high:
        raise SamverkanError(f"commitments per agreement must be a range MIN-MAX with 1 <= MIN <= MAX, not {low}-{high}")
    gaps = gaps or Gaps()
    out = Path(out_dir)
    _prepare(out, force)

    rng = random.Random(seed)
    groups = _police_areas(rng, load_municipalities())
    chosen = [m for group in groups for m in group][:municipalities]
    chosen_areas = sorted({m.police_area: m for m in chosen}.values(), key=lambda m: m.police_area)
    report = GenerateReport(out, municipalities=len(chosen), police_areas=len(chosen_areas))
    documents = TurtleFile("Source documents of the generated graph (samverkan generate): one per agreement and description.")
    files: dict[Path, str] = {}

    files[out / "organisations" / "polisen-generated.ttl"] = _police_file(chosen_areas)
    for m in chosen:
        _units(rng, m)
        files[out / "organisations" / f"{m.slug}.ttl"] = _organisation_file(m)
        forums, text = _description_file(rng, m, gaps, documents)
        files[out / "descriptions" / f"{m.short_slug}-trygghetsarbete.ttl"] = text
        start = end_year - years + 1
        while start <= end_year:
            end = min(end_year, start + rng.randint(1, 3) - 1)
            made = AgreementMade()
            slug, text, count = _agreement_file(rng, m, start, end, forums, (low, high), gaps, documents, made)
            files[out / "agreements" / f"{slug}.ttl"] = text
            if follow_ups:
                for year in range(start, end + 1):
                    files[out / "follow-ups" / slug / f"{year}.ttl"] = follow_up_file(seed, made, year)
            report.agreements += 1
            report.commitments += count
            start = end + 1
    files[out / "documents-generated.ttl"] = documents.text()
    for name in ("themes.ttl", "methods.ttl", "follow-up-status.ttl"):
        files[out / name] = (graph_dir() / name).read_text(encoding="utf-8")

    for path in sorted(files):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    report.files = len(files)
    return report


def _prepare(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise SamverkanError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        unknown = sorted(p.name for p in out.iterdir() if p.name not in GENERATED_PARTS)
        if unknown:
            raise SamverkanError(f"{out}: folder holds files that samverkan generate did not write ({', '.join(unknown[:5])}); "
                                 "choose an empty or new folder")
        if not force:
            raise SamverkanError(f"{out}: folder already holds a generated graph; use --force to replace it")
        for name in GENERATED_PARTS:
            part = out / name
            if part.is_dir():
                shutil.rmtree(part)
            elif part.exists():
                part.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _units(rng: random.Random, m: Municipality) -> None:
    pairs = [V.UNITS[i:i + 2] for i in range(2, len(V.UNITS), 2)]
    picked = [V.UNITS[0:2]] + sorted(rng.sample(pairs, rng.randint(2, len(pairs))), key=pairs.index)
    m.units = []
    for pair in picked:
        for kind, label, english in pair:
            m.units.append((f"{m.iri}/{slugify(label)}", kind, f"{label} ({m.label})", f"{english} ({m.short})"))
    if rng.random() < 0.6:
        company = f"{m.short}hem AB"
        m.units.append((f"{m.iri}/{slugify(company)}", "MunicipalCompany", company, f"{company} (municipal housing company)"))


def _police_file(areas: list[Municipality]) -> str:
    f = TurtleFile("Polismyndigheten and the local police areas of the generated graph (samverkan generate).")
    f.subject(iri("org/polisen"), [("a", "sam:PoliceAuthority"),
                                   ("rdfs:label", [sv("Polismyndigheten"), en("Swedish Police Authority")]),
                                   ("skos:altLabel", sv("Polisen"))])
    for m in areas:
        f.subject(iri(m.police_area), [("a", "sam:PoliceArea"), ("org:unitOf", iri("org/polisen")),
                                       ("rdfs:label", [sv(f"Lokalpolisområde {m.police_label}"), en(f"Local police area {m.police_label}")])])
        f.subject(iri(m.police_area + "/kommunpoliser"), [
            ("a", "sam:PoliceUnit"), ("org:unitOf", iri(m.police_area)),
            ("rdfs:label", [sv(f"Kommunpoliser (lokalpolisområde {m.police_label})"),
                            en(f"Community police officers (local police area {m.police_label})")])])
    return f.text()


def _organisation_file(m: Municipality) -> str:
    f = TurtleFile(f"{m.label} and its units (generated by samverkan generate).")
    f.subject(iri(m.iri), [("a", "sam:Municipality"), ("rdfs:label", [sv(m.label), en(m.en_label)])])
    committee = None
    for unit, kind, label, english in m.units:
        link = "org:subOrganizationOf" if kind == "MunicipalCompany" else "org:unitOf"
        pairs = [("a", "sam:" + kind), (link, iri(m.iri)), ("rdfs:label", [sv(label), en(english)])]
        if kind == "Administration" and committee:
            pairs.append(("sam:administrationOf", iri(committee)))
        committee = unit if kind == "Committee" else None
        f.subject(iri(unit), pairs)
    return f.text()


def _unit(rng: random.Random, m: Municipality, kind: str | None = None) -> str:
    candidates = [u[0] for u in m.units if kind is None or u[1] == kind]
    return rng.choice(candidates)


def _description_file(rng: random.Random, m: Municipality, gaps: Gaps, documents: TurtleFile) -> tuple[dict[str, str], str]:
    """The municipality's organisation description: its forums. Returns {role: forum IRI} and the file text."""
    slug = f"{m.short_slug}-brottsforebyggande-arbetet"
    doc = f"document/{slug}"
    documents.subject(iri(doc), [("a", "sam:SourceDocument"), ("dcterms:title", sv(f"Det brottsförebyggande arbetet i {m.label}")),
                                 ("sam:encoded", "true"), ("sam:aboutMunicipality", iri(m.iri))])
    f = TurtleFile(f"How {m.label} organises its crime-prevention work (generated by samverkan generate).\nSource: {doc}.")
    f.subject(iri(f"description/{slug}"), [
        ("a", "sam:OrganisationDescription"),
        ("rdfs:label", [sv(f"Det brottsförebyggande arbetet i {m.label}"), en(f"Crime-prevention work in {m.en_label}")]),
        ("dcterms:description", sv(f"{m.label} bedriver sitt brottsförebyggande och trygghetsskapande arbete i ett brottsförebyggande råd och i samverkansgrupper tillsammans med polisen.")),
        ("prov:wasDerivedFrom", iri(doc)), ("sam:sourceLocation", plain("Organisation"))])

    forums: dict[str, str] = {}
    specs = [("Council", "Brottsförebyggande rådet", "Crime Prevention Council", None)]
    if rng.random() < 0.6:
        specs.append(("SteeringGroup", "Styrgrupp för trygghet", "Steering group for safety", None))
    specs += sorted(rng.sample(V.FORUMS, rng.randint(2, 4)), key=V.FORUMS.index)
    for kind, label, english, method in specs:
        forum = f"forum/{m.short_slug}/{slugify(label)}"
        forums[method or kind] = forum
        pairs = [("a", "sam:" + kind), ("rdfs:label", [sv(f"{label} ({m.short})"), en(f"{english} ({m.short})")]),
                 ("sam:forumOf", iri(m.iri))]
        if method:
            pairs.append(("sam:usesMethod", iri("method/" + method)))
        if rng.random() < 0.7:
            pairs.append(("sam:meetingFrequency", sv(rng.choice(V.MEETINGS))))
        pairs += [("prov:wasDerivedFrom", iri(doc)), ("sam:sourceLocation", plain(f"Organisation; {label}"))]
        f.subject(iri(forum), pairs)
        if rng.random() >= gaps.coordinator:
            f.statement(iri(_unit(rng, m, "Administration")), "sam:coordinates", iri(forum))
        if kind == "Council":
            f.statement(iri(_unit(rng, m, "Committee")), "sam:leads", iri(forum))
        f.statement(iri(m.police_area), "sam:participatesIn", iri(forum))
        members = [(m.police_area + "/kommunpoliser", m.police_area, "kommunpoliser")]
        members += [(u, m.iri, lab) for u, _k, lab, _e in rng.sample(m.units, min(len(m.units), rng.randint(1, 3)))]
        for member, party, text in members:
            f.subject("[]", [("a", "sam:Membership"), ("org:member", iri(member)), ("org:organization", iri(forum)),
                             ("sam:onBehalfOf", iri(party)), ("sam:memberDescription", sv(text))])
    return forums, f.text()


def _period(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _agreement_file(rng: random.Random, m: Municipality, start: int, end: int, forums: dict[str, str],
                    commitment_range: tuple[int, int], gaps: Gaps, documents: TurtleFile,
                    made: AgreementMade | None = None) -> tuple[str, str, int]:
    made = made if made is not None else AgreementMade()
    slug = f"{m.short_slug}-{start}" if start == end else f"{m.short_slug}-{start}-{end}"
    a = f"agreement/{slug}"
    doc = f"document/{slug}"
    police = m.police_area if rng.random() < 0.9 else "org/polisen"
    police_name = f"lokalpolisområde {m.police_label}" if police != "org/polisen" else "Polismyndigheten"
    police_en = f"local police area {m.police_label}" if police != "org/polisen" else "the Swedish Police Authority"
    signed = f"{start}-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
    period = _period(start, end)
    documents.subject(iri(doc), [("a", "sam:SourceDocument"),
                                 ("dcterms:title", sv(f"Samverkansöverenskommelse mellan {m.label} och {police_name} {period}")),
                                 ("sam:encoded", "true"), ("sam:aboutMunicipality", iri(m.iri)),
                                 ("sam:coversYear", [typed(str(y), "xsd:gYear") for y in range(start, end + 1)]),
                                 ("dcterms:date", typed(signed, "xsd:date"))])

    f = TurtleFile(f"Samverkansöverenskommelse mellan {m.label} och {police_name}, {period} (generated by samverkan generate).\n"
                   f"Source: {doc}. What the document does not say is left out.")
    f.section("The agreement")
    signatures = [f"{a}/signature/{m.short_slug}", f"{a}/signature/{police.rsplit('/', 1)[-1]}"]
    pairs = [("a", "sam:Agreement"),
             ("rdfs:label", [sv(f"Samverkansöverenskommelse {m.label} och {police_name} {period}"),
                             en(f"Collaboration agreement {m.en_label} and {police_en} {period}")]),
             ("dcterms:description", sv(f"Ska ligga till grund för det brottsförebyggande och trygghetsskapande arbetet i {m.short}. "
                                        "Det gemensamma målet är att öka tryggheten och minska brottsligheten.")),
             ("sam:party", [iri(m.iri), iri(police)]),
             ("sam:periodStart", typed(str(start), "xsd:gYear")), ("sam:periodEnd", typed(str(end), "xsd:gYear")),
             ("sam:revision", sv("Överenskommelsen kan revideras vid behov.")),
             ("sam:signedOn", typed(signed, "xsd:date")), ("sam:signedAt", sv(m.short)),
             ("sam:signature", [iri(s) for s in signatures])]
    follow_up = rng.random() >= gaps.agreement_follow_up
    if follow_up:
        sv_freq, en_freq = rng.choice(V.FREQUENCIES)
        pairs += [("sam:followUpFrequency", [sv(sv_freq), en(en_freq)]),
                  ("sam:yearlyFollowUp", "true" if sv_freq == "Årligen" else []),
                  ("sam:reportedTo", iri(f"{m.iri}/kommunstyrelsen"))]
    goals = [g for g in V.GOALS if rng.random() < 0.25]
    goal_iris = [f"{a}/goal/{slugify(text)}" for text, _ in goals]
    if goal_iris:
        pairs.append(("sam:goal", [iri(g) for g in goal_iris]))
    pairs += [("prov:wasDerivedFrom", iri(doc)), ("sam:sourceLocation", plain("Rubrik och inledning; underskrifter"))]
    f.subject(iri(a), pairs)
    made.agreement, made.label, made.start = a, f"Samverkansöverenskommelse {m.label} och {police_name} {period}", start
    if follow_up:
        f.statement(iri(forums["Council"]), "sam:followsUp", iri(a))
        made.follower = forums["Council"]

    for signature, party in zip(signatures, (m.iri, police)):
        person = f"{rng.choice(V.FIRST_NAMES)} {rng.choice(V.LAST_NAMES)}"
        post = "Kommunstyrelsens ordförande" if party == m.iri else "Lokalpolisområdeschef"
        f.subject(iri(signature), [("a", "sam:Signature"), ("sam:inAgreement", iri(a)),
                                   ("sam:signatory", iri(f"person/{slugify(person)}")), ("sam:post", sv(post)),
                                   ("sam:onBehalfOf", iri(party)), ("sam:signedOn", typed(signed, "xsd:date")),
                                   ("sam:signedAt", sv(m.short))])
        f.subject(iri(f"person/{slugify(person)}"), [("a", "foaf:Person"), ("rdfs:label", plain(person))])

    for goal, (text, indicator) in zip(goal_iris, goals):
        pairs = [("a", "sam:Goal"), ("sam:inAgreement", iri(a)), ("rdfs:label", sv(text))]
        has_indicator = rng.random() >= gaps.indicator
        if has_indicator:
            pairs.append(("sam:indicator", iri(f"{a}/indicator/{slugify(indicator)}")))
        pairs += [("prov:wasDerivedFrom", iri(doc)), ("sam:sourceLocation", plain("Mål och indikatorer"))]
        f.subject(iri(goal), pairs)
        if has_indicator:
            made.indicators.append(f"{a}/indicator/{slugify(indicator)}")
            f.subject(iri(f"{a}/indicator/{slugify(indicator)}"), [("a", "sam:Indicator"), ("rdfs:label", sv(indicator)),
                                                                    ("prov:wasDerivedFrom", iri(doc))])

    f.section("Focus areas and initiatives")
    themes = rng.sample(V.THEMES, rng.randint(3, 4))
    slots = []  # (area iri, area label, theme words, initiative iri, initiative label, method)
    for words in themes:
        label = rng.choice(words.areas)
        area = f"{a}/area/{slugify(label, 40)}"
        extra = [t.theme for t in V.THEMES if t is not words and rng.random() < 0.05]
        f.subject(iri(area), [("a", "sam:FocusArea"), ("sam:inAgreement", iri(a)), ("rdfs:label", sv(label)),
                              ("dcterms:description", sv(words.description)),
                              ("sam:theme", [iri("theme/" + t) for t in [words.theme, *extra]]),
                              ("prov:wasDerivedFrom", iri(doc)), ("sam:sourceLocation", plain(f"Samverkansområden: {label}"))])
        for init_label, method in rng.sample(words.initiatives, rng.randint(1, min(3, len(words.initiatives)))):
            initiative = f"{a}/initiative/{slugify(init_label, 40)}"
            f.subject(iri(initiative), [("a", "sam:Initiative"), ("sam:inAgreement", iri(a)), ("sam:focusArea", iri(area)),
                                        ("rdfs:label", sv(init_label)),
                                        ("sam:usesMethod", iri("method/" + method) if method else []),
                                        ("prov:wasDerivedFrom", iri(doc)),
                                        ("sam:sourceLocation", plain(f"Åtagandeplan, {label}: {init_label}"))])
            if method and method in forums:
                f.statement(iri(forums[method]), "sam:participatesIn", iri(initiative))
            slots.append((area, label, words, initiative, init_label, method))

    f.section("Commitments")
    count = rng.randint(*commitment_range)
    used_text: set[str] = set()
    used_slug: set[str] = set()
    responsibility: list[tuple[str, str]] = []
    for i in range(count):
        area, area_label, words, initiative, init_label, method = rng.choice(slots)
        roll = rng.random()
        who = "gemensamt" if roll < 0.1 else ("kommun" if roll < 0.55 else "polisen")
        phrase = rng.choice(words.police if who == "polisen" else words.municipality)
        text = phrase[0].upper() + phrase[1:]
        for qualifier in rng.sample(V.QUALIFIERS, len(V.QUALIFIERS)):
            if text not in used_text:
                break
            text = f"{phrase[0].upper() + phrase[1:]} {qualifier}"
        n = 2
        base = text
        while text in used_text:
            text, n = f"{base} ({n})", n + 1
        used_text.add(text)
        cslug = f"{who}-{slugify(phrase, 40)}"
        n, base = 2, cslug
        while cslug in used_slug:
            cslug, n = f"{base}-{n}", n + 1
        used_slug.add(cslug)
        c = f"{a}/commitment/{cslug}"
        made.commitments.append(c)
        parties = {"kommun": [m.iri], "polisen": [police], "gemensamt": [m.iri, police]}[who]
        side = {"kommun": f"{m.label} förbinder sig att", "polisen": "Polisen förbinder sig att", "gemensamt": "Parterna förbinder sig att"}[who]
        f.subject(iri(c), [
            ("a", "sam:Commitment"), ("sam:inAgreement", iri(a)), ("sam:focusArea", iri(area)), ("sam:initiative", iri(initiative)),
            ("sam:committedBy", [iri(p) for p in parties]), ("rdfs:label", sv(text)),
            ("sam:timeframe", sv(rng.choice(V.TIMEFRAMES).format(year=end)) if rng.random() >= gaps.timeframe else []),
            ("sam:activityMeasure", sv(rng.choice(V.MEASURES)) if rng.random() >= gaps.measure else []),
            ("sam:followUp", sv(rng.choice(V.FOLLOW_UPS)) if rng.random() >= gaps.follow_up else []),
            ("sam:usesMethod", iri("method/" + method) if method and rng.random() < 0.5 else []),
            ("prov:wasDerivedFrom", iri(doc)),
            ("sam:sourceLocation", plain(f"Åtagandeplan, {area_label}: {init_label}; {side}, rad {i + 1}"))])
        if rng.random() >= gaps.responsible:
            for party in parties:
                # an agreement signed by Polismyndigheten is still carried out by the local kommunpoliser
                unit = _unit(rng, m, "Administration") if party == m.iri else m.police_area + "/kommunpoliser"
                responsibility.append((unit, c))
    f.section("Who is responsible for each commitment (the åtagandeplan's Ansvar column)")
    for unit, c in responsibility:
        f.statement(iri(unit), "sam:responsibleFor", iri(c))
    return slug, f.text(), count
