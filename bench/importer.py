"""How well `samverkan import text` recovers commitments: on seeds 002 and 003 (the documents it was built
against) and 004, and on texts we wrote in other styles: tests/fixtures_ingest/heldout/, fresh/, fresh2/, and in
the structures of published agreements: before/, after/, after2/, after3/ and after4/ (issue 15).

Run: python -m bench.importer   (writes bench/RESULTS-importer.md)

Match: a drafted commitment matches a gold commitment when the Dice coefficient of their word sets
(lower case, diacritics folded, punctuation dropped) is at least 0.8; pairs are made one-to-one, best
first. Recall = matched / gold; precision = matched / drafted; party attribution = matched pairs whose
parties agree / matched. Gold for the seeds: the hand-encoded graph/agreements/*.ttl (parties compared as
IRIs); for the held-out texts: the YAML beside each text (parties compared as municipality / police / both).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from samverkan.errors import SourceError  # noqa: E402
from samverkan.ingest.patterns import fold, similarity  # noqa: E402
from samverkan.ingest.text import draft_from_text  # noqa: E402
from samverkan.ingest.writer import to_turtle  # noqa: E402
from samverkan.namespaces import ID, RDF_TYPE, RDFS, SAM  # noqa: E402

SEEDS = Path(os.environ.get("SAMVERKAN_SEEDS", REPO.parent / "shared" / "seeds"))
CASES = [("002_93d1b150904f2eb5.txt", "boras-2015"), ("003_1b21d44ff2a2d1b1.txt", "mark-2022-2024"),
         ("004_a545e772eaae0390.txt", "boden-2010-2011")]
HELDOUT = REPO / "tests" / "fixtures_ingest" / "heldout"
#: written after the rules were tuned on HELDOUT, and scored without tuning on them: the unbiased figure
FRESH = REPO / "tests" / "fixtures_ingest" / "fresh"
#: written after the fresh texts' gaps were closed; scored once before any rule was changed for them
FRESH2 = REPO / "tests" / "fixtures_ingest" / "fresh2"
#: written in the structures of published agreements (issue 15) before any rule was changed for them
BEFORE = REPO / "tests" / "fixtures_ingest" / "before"
#: written after the rules were changed for BEFORE, scored before any tuning on them: the held-out figure
AFTER = REPO / "tests" / "fixtures_ingest" / "after"
#: a second held-out round, written after the rules were tuned on AFTER and scored before any change for them
AFTER2 = REPO / "tests" / "fixtures_ingest" / "after2"
#: a third round (issue 15), nine texts in structures read this round, written before any rule was changed for them
AFTER3 = REPO / "tests" / "fixtures_ingest" / "after3"
#: five more, written after the rules were changed for AFTER3 and scored before any change for them
AFTER4 = REPO / "tests" / "fixtures_ingest" / "after4"
THRESHOLD = 0.8
KIND = {"municipality": frozenset({"municipality"}), "police": frozenset({"police"}),
        "both": frozenset({"municipality", "police"}), "other": frozenset({"other"})}


@dataclass
class Score:
    seed: str
    agreement: str
    gold: int
    drafted: int
    matched: int
    right_party: int
    missed: list[str]
    extra: list[str]
    wrong_party: list[str] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)  # held-out only: parties, period, signatories → ok/…

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 0.0

    @property
    def attribution(self) -> float:
        return self.right_party / self.matched if self.matched else 0.0


def commitments(triples) -> dict[str, tuple[str, frozenset[str]]]:
    """Commitment IRI → (Swedish label, committing parties)."""
    kinds, labels, parties = set(), {}, {}
    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == RDF_TYPE and o.value == SAM + "Commitment":
            kinds.add(s)
        elif p == RDFS + "label" and getattr(o, "language", None) == "sv":
            labels[s] = o.value
        elif p == SAM + "committedBy":
            parties.setdefault(s, set()).add(o.value)
    return {c: (labels.get(c, ""), frozenset(parties.get(c, ()))) for c in kinds}


def match(gold: dict, drafted: dict) -> list[tuple[str, str]]:
    """One-to-one pairs (gold, drafted) with similarity ≥ THRESHOLD, best first."""
    scored = sorted(((similarity(g[0], d[0]), gi, di) for gi, g in gold.items() for di, d in drafted.items()),
                    reverse=True)
    used_g, used_d, pairs = set(), set(), []
    for sim, gi, di in scored:
        if sim < THRESHOLD:
            break
        if gi not in used_g and di not in used_d:
            used_g.add(gi)
            used_d.add(di)
            pairs.append((gi, di))
    return pairs


def _compare(name: str, agreement: str, gold: dict, drafted: dict) -> Score:
    pairs = match(gold, drafted)
    right = [(g, d) for g, d in pairs if gold[g][1] == drafted[d][1]]
    mg, md = {g for g, _ in pairs}, {d for _, d in pairs}
    wrong = [f"{gold[g][0]} (gold: {'+'.join(sorted(gold[g][1]))}, drafted: {'+'.join(sorted(drafted[d][1]))})"
             for g, d in pairs if (g, d) not in right]
    return Score(name, agreement, len(gold), len(drafted), len(pairs), len(right),
                 sorted(gold[g][0] for g in gold if g not in mg), sorted(drafted[d][0] for d in drafted if d not in md),
                 sorted(wrong))


def score(seed: str, agreement: str) -> Score:
    """A seed document against its hand-encoded agreement in graph/."""
    path = SEEDS / seed
    draft, _review = draft_from_text(path)
    drafted = commitments(ox.parse(to_turtle(draft), format=ox.RdfFormat.TURTLE, base_iri=ID))
    gold = commitments(ox.parse(path=str(REPO / "graph" / "agreements" / f"{agreement}.ttl"),
                                format=ox.RdfFormat.TURTLE, base_iri=ID))
    return _compare(seed, agreement, gold, drafted)


def heldout_files(folder: Path = HELDOUT) -> list[Path]:
    """The held-out documents: every file in `folder` with a gold .yaml beside it."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix != ".yaml" and p.with_suffix(".yaml").is_file())


def _place(label: str) -> str:
    """The place a party is named after: "Lokalpolisområde Ekedal" → "ekedal", "Ekedals kommun" → "ekedal"."""
    words = [w for w in fold(label).replace(",", " ").split()
             if w not in ("kommun", "stad", "lokalpolisomrade", "narpolisomrade", "polisomrade", "polismyndigheten")]
    return " ".join(words).rstrip("s")


def _kind(org) -> str:
    return "police" if org.is_police else "municipality" if org.kind in ("municipality", "unit") else "other"


def score_heldout(path: Path) -> Score:
    """A held-out document against the gold answer written beside it (a refused document drafts nothing)."""
    gold_doc = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
    gold = {i: (text, KIND[party]) for i, (party, text) in enumerate(gold_doc["commitments"])}
    try:
        draft, _review = draft_from_text(path)
    except SourceError as exc:
        s = _compare(path.name, "", gold, {})
        s.facts = {k: "refused" for k in ("parties", "period", "signatories", "follow-up")}
        s.facts["refused"] = exc.message
        return s
    drafted = {i: (c.text, frozenset(_kind(p) for p in c.parties)) for i, c in enumerate(draft.commitments)}
    s = _compare(path.name, "", gold, drafted)
    s.facts["slug"] = draft.slug
    want = gold_doc["parties"]
    got = {("police" if p.is_police else "municipality"): p.label for p in draft.parties}
    s.facts["parties"] = "ok" if all(_place(got.get(k, "")) == _place(v) for k, v in want.items()) else \
        f"got {got}"
    period = [str(y) for y in gold_doc.get("period", [])]
    s.facts["period"] = "ok" if [draft.period_start, draft.period_end] == period else \
        f"got {draft.period_start}–{draft.period_end}"
    names = {sig.name for sig in draft.signatures}
    want_names = set(gold_doc.get("signatories", []))
    s.facts["signatories"] = f"{len(names & want_names)}/{len(want_names)}" + \
        (f" (extra: {', '.join(sorted(names - want_names))})" if names - want_names else "")
    if "follow_up" in gold_doc:
        found = bool(getattr(draft, "follow_up", None))
        s.facts["follow-up"] = "ok" if found == bool(gold_doc["follow_up"]) else f"got {'some' if found else 'none'}"
    if "goals" in gold_doc:
        goals = {(fold(g.label), tuple(fold(i) for i in g.indicators)) for g in draft.goals}
        want_goals = {(fold(g), (fold(i),)) for g, i in gold_doc["goals"]}
        s.facts["goals"] = f"{len(goals & want_goals)}/{len(want_goals)}"
    return s


def _table(title: str, scores: list[Score], first: str) -> list[str]:
    lines = [f"## {title}", "", f"| {first} | gold | drafted | matched | recall | precision | party attribution |",
             "|---|---|---|---|---|---|---|"]
    for s in scores:
        name = f"{s.seed[:3]} ({s.agreement})" if s.agreement else s.seed
        lines.append(f"| {name} | {s.gold} | {s.drafted} | {s.matched} | {s.recall:.1%} | {s.precision:.1%} | "
                     f"{s.attribution:.1%} |")
    g, d = sum(s.gold for s in scores), sum(s.drafted for s in scores)
    m, r = sum(s.matched for s in scores), sum(s.right_party for s in scores)
    lines.append(f"| **all** | {g} | {d} | {m} | {m / g:.1%} | {m / max(d, 1):.1%} | {r / max(m, 1):.1%} |")
    return lines


def _facts_table(scores: list[Score]) -> list[str]:
    lines = ["| file | parties | period | signatories | follow-up |", "|---|---|---|---|---|"]
    for s in scores:
        lines.append(f"| {s.seed} | {s.facts.get('parties', '—')} | {s.facts.get('period', '—')} | "
                     f"{s.facts.get('signatories', '—')} | {s.facts.get('follow-up', '—')} |")
    return lines


#: the BEFORE texts scored with the rules as they were when the texts were written (commit 1c0dabd)
BEFORE_FIGURE = ("**Before any rule was changed for them** (rules of commit 1c0dabd) they scored 32 of 65 gold "
                 "commitments matched: recall 49.2 %, precision 97.0 % (32 of 33 drafted), party attribution 93.8 % "
                 "(30 of 32). One text (13, three municipalities, only “polisen”) was refused outright; 3 others drafted "
                 "nothing; no draft had a follow-up arrangement; periods were missed or wrong in 4 of 16 and the police "
                 "party in 2.")
#: the AFTER2 texts scored once, before any rule was changed for them
AFTER2_FIGURE = ("**Scored once before any rule was changed for them** (rules of commit c153998): 12 of 20 gold "
                 "commitments matched: recall 60.0 %, precision 100 % (12 of 12), party attribution 100 %; parties, "
                 "period, signatories and follow-up right in 5 of 5. Of the 8 missed, the review listed 3; the other 5 "
                 "were lost silently: an HTML table whose text column is “Löfte” was not read as a commitment table "
                 "(3), an item under “Parterna ansvarar gemensamt för att:”, and “Kommunen ser till att …”.")
#: the AFTER texts scored once, before any rule was changed for them
AFTER_FIGURE = ("**Scored once before any rule was changed for them** (rules of commit e846b43): 17 of 24 "
                "gold commitments matched: recall 70.8 %, precision 94.4 % (17 of 18 drafted), party attribution "
                "100 % (17 of 17); parties right in 4 of 5 (31 names its three municipalities without “kommun”), "
                "period, signatories and follow-up right in 5 of 5. Misses: a lead-in that names no doer (“Det "
                "innebär att:”, “Löftena i korthet:”) over items that name it themselves (“polisen genomför …”, "
                "“… (polisen)”); “Kommunen kommer också att …”.")


#: the AFTER3 texts scored once, before any rule was changed for them (rules of commit c43127e)
AFTER3_FIGURE = ("**Scored once before any rule was changed for them** (rules of commit c43127e): 13 of 34 gold "
                 "commitments matched: recall 38.2 %, precision 56.5 % (13 of 23 drafted), party attribution 76.9 % "
                 "(10 of 13); parties right in 6 of 9, period in 6 of 9, signatories 0 of 9 names, follow-up in 9 of 9. "
                 "Of the 21 missed, the review listed 14; 7 were lost silently (3 passive items under a “Medborgarlöfte "
                 "2027” heading, an infinitive item under “Det här ska vi göra”, 3 commitments drafted with a comment "
                 "sentence or a follow-up clause glued on). What failed, by kind: list scope — a lead-in that ends in "
                 "“genom att:” or “Bland annat:”, or a heading, over items naming no doer (14 of the 21 misses); "
                 "“Kommunen och polisen gemensamt genomför …” (an adverb after the subject, 1); "
                 "“vi” meaning the police on the police's own page (3 wrongly joint); verb-first promises in prose "
                 "(“kommer man tillsammans att”, “dessutom kommer X att”, a later “Polisen kommer att …”, 3); a "
                 "commitment's text running on into "
                 "“Detta ska ske …” / “Målet är …” or a follow-up clause (3); aims (“arbeta för att minska …”) drafted "
                 "as commitments (5 of the 10 extra) and an earlier promise on the same page drafted (2 extra).")
#: the AFTER4 texts scored once, written after the rule changes for AFTER3, before any change for them (commit 09d72f7)
AFTER4_FIGURE = ("**Scored once before any rule was changed for them** (rules of commit 09d72f7): 7 of 11 gold "
                 "commitments matched: recall 63.6 %, precision 100 % (7 of 7), party attribution 85.7 % (6 of 7); "
                 "parties right in 5 of 5, period in 4 of 5, signatories 0 of 8 names, follow-up in 5 of 5. All 4 "
                 "missed were listed in the review (none lost silently): an item whose subject is a party's genitive "
                 "after the verb (“ska polisens övervakning öka”), “att kommunen, polisen och andra aktörer ska …” "
                 "inside a sentence and a passive “ska också … göras” after it, a later “Kommunen ska dessutom …” "
                 "sentence; the wrong party was “ska polisen och X kommun tillsammans …” read as the police's alone.")


def third_round(after3: list[Score], after4: list[Score]) -> list[str]:
    """The issue-15 third round: after3/ (scored before any change, the headline) and after4/."""
    lines: list[str] = []
    if after3:
        lines += ["## Third round: texts in structures read this round (the headline figure)", "",
                  "tests/fixtures_ingest/after3/: nine texts written in our own words after reading 20 more published",
                  "promises (docs/importing.md lists them and the structures found), answer keys written first.", "",
                  AFTER3_FIGURE, ""]
        lines += _table("After3-texts, now (tuned on them after the figure was recorded)", after3, "file")[1:]
        lines += [""] + _facts_table(after3) + [""]
    if after4:
        lines += ["## Third round, held out: written after the rule changes for after3/", "",
                  "tests/fixtures_ingest/after4/: five more texts in structures read this round and not used in after3/.", "",
                  AFTER4_FIGURE, ""]
        lines += _table("After4-texts, now (tuned on them after the figure was recorded)", after4, "file")[1:]
        lines += [""] + _facts_table(after4) + [""]
    if after3:
        lines += CLOSING_NOTE_3 + [""]
    return lines


CLOSING_NOTE_3 = [
    "### Closing note, third round: what the figures not tuned on say",
    "",
    "Not tuned on, in the order written: after/ 70.8 / 94.4 / 100 % (recall / precision / attribution), after2/",
    "60.0 / 100 / 100 %, after3/ 38.2 / 56.5 / 76.9 %, after4/ 63.6 / 100 / 85.7 %. after3/ was the hardest because",
    "it was written from 20 newly read pages whose structures the earlier rounds had not met; after4/, written once",
    "the rules had been generalised on those (list scope, “vi”, verb-first promises, aims), lost nothing silently",
    "and drafted nothing wrong, but still missed a third. The rule-based importer does not reach the 90 % target on",
    "unseen texts: each round brings constructions the rules have not met, and recall on the next unseen text should",
    "be expected at 60–70 %, with precision 95–100 % and the review listing what was missed.",
    "",
    "What would reach it: a sentence classifier (promise / not promise) and a doer tagger (police / municipality /",
    "both / other / from the lead-in) trained on annotated published agreements, with the rules kept for parties,",
    "periods, signatures, tables and as features (lead-in scope, cue verbs), and the review report unchanged.",
    "Concretely: annotate ~300 published medborgarlöften and överenskommelser (the police's and the municipalities'",
    "pages, ~8–10 promise sentences each, so ~3,000 labelled sentences): at 10–15 minutes a page, 50–75 person-hours,",
    "plus a second annotator on 50 pages to measure agreement (~10 hours). Model: a Swedish BERT-base encoder",
    "(KB-BERT, ~500 MB on disk, ~125 M parameters) fine-tuned for two token/sentence heads, a few hours on one GPU or",
    "a night on a CPU; at run time it needs torch + transformers (~1 GB installed) and takes ~0.2–0.5 s per page on a",
    "laptop CPU, offline. A smaller option: fastText or logistic regression over word n-grams plus the rule",
    "features (~10 MB, no torch) on the same annotations, expected to sit between the rules and the encoder. Score",
    "either on a held-out 20 % of the annotated pages, as here, before any tuning.",
]


def real_structures(before: list[Score], after: list[Score], after2: list[Score] = ()) -> list[str]:
    """The issue-15 sections: texts in the structures of published agreements."""
    lines: list[str] = []
    if before:
        lines += ["## Texts in the structures of published agreements, written before the rules were changed",
                  "", "tests/fixtures_ingest/before/: 16 texts written in our own words, each reproducing a structure",
                  "seen in published medborgarlöften and samverkansöverenskommelser (docs/importing.md lists them);",
                  "answer keys written by hand before the importer was run on them.", ""]
        if BEFORE_FIGURE:
            lines += [BEFORE_FIGURE, ""]
        lines += _table("Before-texts, now (the rules were changed on these: tuned)", before, "file")[1:] + [""]
        lines += _facts_table(before) + [""]
    if after:
        lines += ["## Held-out texts written after the rule changes (the figure that matters)", "",
                  "tests/fixtures_ingest/after/: written after the rules were changed for the before-texts, in styles",
                  "seen in published texts, with answer keys written first.", ""]
        if AFTER_FIGURE:
            lines += [AFTER_FIGURE, ""]
        lines += _table("After-texts, now (tuned on them after the held-out figure was recorded)", after, "file")[1:]
        lines += [""] + _facts_table(after) + [""]
    after2 = list(after2)
    if after2:
        lines += ["## Second held-out round", "",
                  "tests/fixtures_ingest/after2/: five more texts written after the rules were tuned on after/, in styles",
                  "seen in published texts (a news item on an extended promise, focus-area headings with a “barnlöfte”, an",
                  "HTML table with an Ansvarig column, “X ansvarar för att:” lists, promises inside news prose).", ""]
        if AFTER2_FIGURE:
            lines += [AFTER2_FIGURE, ""]
        lines += _table("After2-texts, now", after2, "file")[1:] + [""] + _facts_table(after2) + [""]
    if after:
        lines += CLOSING_NOTE + [""]
    return lines


CLOSING_NOTE = [
    "### Closing note: what the held-out figure says",
    "",
    "The figures not tuned on: the after-texts 70.8 % recall, 94.4 % precision, 100 % attribution; the second",
    "round (after2/, written once the rules had been tuned on after/) 60.0 % recall, 100 % precision, 100 %",
    "attribution. Both are below the 90 % recall target, and the second round did not do better than the first:",
    "each new text brings a structure the rules have not seen (a lead-in naming no doer, “kommer också att”, a",
    "table column “Löfte”, “ansvarar gemensamt för att”, promises inside a news sentence). Each was closed by a",
    "general rule, but the next real text will bring others: expect about 60–70 % recall on an unseen text, not",
    "the tuned 100 %. Precision and attribution held up (94–100 %): what is drafted is mostly right.",
    "The review report is the safety net: every sentence that looks like a promise and was not drafted is listed",
    "with its line. On the after-texts before tuning, 3 of the 7 missed commitments were listed there and 1 was",
    "drafted with a longer text; the other 3 (items tagged “(polisen)” under a verbless “Löftena i korthet:”) were",
    "neither, so the review now also lists undrafted items of a list whose lead-in speaks of promises, actions or",
    "activities, and items that carry a doer tag. In the second round the review listed 3 of the 8 missed; the",
    "other 5 (a table not read, an item under an unrecognised “… för att:” lead-in, “ser till att”) are now listed",
    "too: every table not read as commitments, and every undrafted item under a lead-in ending in “att:”.",
    "",
    "What would reach ≥ 90 % on unseen texts: a sentence classifier (promise / not) and a doer tagger trained on",
    "annotated real agreements, kept behind the same review report. Cost: annotating some 200–300 published",
    "medborgarlöften and överenskommelser (about 2–3 person-weeks at 15–20 minutes each) and a Swedish BERT-size",
    "model (~500 MB, runs offline on a laptop CPU in about a second per document); or an LLM extraction step,",
    "which needs network access and a per-document cost, and the same review. Rules stay useful for what they",
    "do well: parties, periods, signatures and tables.",
]


def report(seeds: list[Score], heldout: list[Score], fresh: list[Score] = (), fresh2: list[Score] = (),
           before: list[Score] = (), after: list[Score] = (), after2: list[Score] = (), after3: list[Score] = (),
           after4: list[Score] = ()) -> str:
    lines = ["# Importer benchmark: `samverkan import text`", "",
             "Produced by `python -m bench.importer`. A drafted commitment matches a gold one when the Dice",
             "coefficient of their word sets (case and diacritics folded, punctuation dropped) is ≥ 0.8; pairs are",
             "one-to-one, best first. Party attribution = matched pairs whose parties agree.", "",
             "The seeds 002 (Borås 2015) and 003 (Mark 2022–2024) are the documents the importer was built against;",
             "004 (Boden 2010–2011, a PDF transcript after a list of ~90 other documents' titles) was measured later and",
             "the rules were then improved on it (see below). Their gold is the hand-encoded graph/agreements/*.ttl.",
             "The held-out set (tests/fixtures_ingest/heldout/)",
             "holds six texts **we wrote ourselves** in other styles of the genre (a medborgarlöfte, numbered sections",
             "and lists, “Kommunens åtaganden” headings, an HTML åtagandeplan with English headers, PDF-like noise,",
             "Boden-style “Ansvar:” lines with goals); their gold is the YAML beside each. They are invented, not real",
             "agreements, so they measure robustness to style, not the full variety of real documents.", ""]
    if seeds:
        lines += _table("Seeds (002, 003 built against; 004 tuned on after a first measurement)", seeds, "seed") + [""]
        lines += ["Seed 004 was first measured once its parties could be found (the agreement is taken to start after",
                  "the “Transkript:” marker or the list of titles): 2 of 11 gold commitments matched (recall 18.2 %),",
                  "precision 66.7 %, attribution 100 %. General rules were then added or fixed on it: an “Ansvar:” list",
                  "of units ends where the list does (PDF text runs the next heading on), every “Ansvar:” in a paragraph",
                  "counts (only the first did — a bug), “(polisen ansvarig)” marks the clause before it as that party's,",
                  "and in a whole page run into one paragraph each “Polisen ska …” sentence counts. Its figure above is",
                  "therefore tuned. Its gold has 7 commitments since the four “Syftet är …” / “Målet är …” sentences",
                  "before “Ansvar:” were recognised as goals (kept in the initiatives' descriptions); the importer notes",
                  "such a sentence for review instead of drafting it. What still misses is a passive sentence naming no",
                  "party (“Under 2010–2011 ska en … kommunikationsstrategi … utarbetas”).",
                  ""]
    lines += _table("Held-out texts (written by us; the rules were then improved on them)", heldout, "file") + [""]
    lines += ["Before the rules were improved on them, the held-out texts scored 31 of 71 gold commitments matched",
              "(recall 43.7 %), precision 93.9 %, party attribution 96.8 %.", ""]
    fresh = list(fresh)
    if fresh:
        lines += ["Once the rules had been improved on the held-out texts, these figures stopped being unbiased. Two",
                  "more texts were then written (tests/fixtures_ingest/fresh/); scored without changing any rule,",
                  "they matched 6 of 11 (recall 54.5 %), precision and attribution 100 %: the handlingsplan's",
                  "table had one “Ansvarig part” column instead of a column per party. Now:", ""]
        lines += _table("Fresh texts (written after tuning; scored, then tuned on)", fresh, "file") + [""]
    if fresh:
        lines += ["The fresh texts' gaps were then closed with general rules (a table column whose cells name the",
                  "party — “Ansvarig part: Kommunen / Polisen / Båda”; one-year periods), so they are tuned now too.", ""]
    fresh2 = list(fresh2)
    if fresh2:
        lines += ["Two more texts were then written in yet other styles (tests/fixtures_ingest/fresh2/: a municipality's",
                  "web page about its medborgarlöften with “Det här lovar vi:” lists; a handlingsplan exported as text",
                  "with a table Aktivitet | Ansvarig | Samverkanspart | Tidsplan | Uppföljning). **Before any rule was",
                  "changed for them** they scored 15 of 17 matched (recall 88.2 %), precision 100 %, party attribution",
                  "66.7 % (10 of 15): items of a joint “Det här lovar vi:” list whose own subject is one party",
                  "(“Polisen patrullerar …”) were drafted as joint; a second “Polisen lovar att …” paragraph straight",
                  "after another was missed (HTML paragraphs were run together); “Trygghetssamordnaren” was not",
                  "recognised as municipal. After general rules for these three:", ""]
        lines += _table("Fresh texts, second round (scored before, then tuned on)", fresh2, "file") + [""]
    before, after, after2 = list(before), list(after), list(after2)
    lines += real_structures(before, after, after2)
    after3, after4 = list(after3), list(after4)
    lines += third_round(after3, after4)
    lines += ["### Held-out and fresh: agreement-level facts", "", "| file | parties | period | signatories | goals |",
              "|---|---|---|---|---|"]
    for s in heldout + fresh + fresh2:
        lines.append(f"| {s.seed} | {s.facts['parties']} | {s.facts['period']} | {s.facts['signatories']} | "
                     f"{s.facts.get('goals', '—')} |")
    for s in seeds + heldout + fresh + fresh2 + before + after + after2 + after3 + after4:
        if s.facts.get("refused"):
            lines += ["", f"### {s.seed}: refused", "", f"- {s.facts['refused']}"]
        if s.missed or s.extra or s.wrong_party:
            lines += ["", f"### {s.agreement or s.seed}: not matched", ""]
            lines += [f"- missed (gold, not drafted): {t}" for t in s.missed]
            lines += [f"- extra (drafted, not in gold): {t}" for t in s.extra]
            lines += [f"- wrong party: {t}" for t in s.wrong_party]
    return "\n".join(lines) + "\n"


def main() -> int:
    missing = [seed for seed, _ in CASES if not (SEEDS / seed).is_file()]
    if missing:
        print(f"seed documents not found in {SEEDS}: {', '.join(missing)} (set SAMVERKAN_SEEDS); "
              "scoring the held-out set only", file=sys.stderr)
    seeds = [score(seed, agreement) for seed, agreement in CASES if seed not in missing]
    heldout = [score_heldout(p) for p in heldout_files()]
    fresh = [score_heldout(p) for p in heldout_files(FRESH)]
    fresh2 = [score_heldout(p) for p in heldout_files(FRESH2)]
    before = [score_heldout(p) for p in heldout_files(BEFORE)]
    after = [score_heldout(p) for p in heldout_files(AFTER)]
    after2 = [score_heldout(p) for p in heldout_files(AFTER2)]
    after3 = [score_heldout(p) for p in heldout_files(AFTER3)]
    after4 = [score_heldout(p) for p in heldout_files(AFTER4)]
    text = report(seeds, heldout, fresh, fresh2, before, after, after2, after3, after4)
    (REPO / "bench" / "RESULTS-importer.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
