"""How well `samverkan import text` recovers the hand-encoded commitments of seeds 002 and 003.

Run: python -m bench.importer   (writes bench/RESULTS-importer.md)

Match: a drafted commitment matches a commitment in graph/ when the Dice coefficient of their word sets
(lower case, diacritics folded, punctuation dropped) is at least 0.8; pairs are made one-to-one, best
first. Recall = matched / commitments in graph/; precision = matched / drafted; party attribution =
matched pairs whose sam:committedBy sets are equal / matched.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from samverkan.ingest.patterns import similarity  # noqa: E402
from samverkan.ingest.text import draft_from_text  # noqa: E402
from samverkan.ingest.writer import to_turtle  # noqa: E402
from samverkan.namespaces import ID, RDF_TYPE, RDFS, SAM  # noqa: E402

SEEDS = Path(os.environ.get("SAMVERKAN_SEEDS", REPO.parent / "shared" / "seeds"))
CASES = [("002_93d1b150904f2eb5.txt", "boras-2015"), ("003_1b21d44ff2a2d1b1.txt", "mark-2022-2024")]
THRESHOLD = 0.8


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


def score(seed: str, agreement: str) -> Score:
    path = SEEDS / seed
    draft, _review = draft_from_text(path)
    drafted = commitments(ox.parse(to_turtle(draft), format=ox.RdfFormat.TURTLE, base_iri=ID))
    gold = commitments(ox.parse(path=str(REPO / "graph" / "agreements" / f"{agreement}.ttl"),
                                format=ox.RdfFormat.TURTLE, base_iri=ID))
    pairs = match(gold, drafted)
    right = sum(1 for g, d in pairs if gold[g][1] == drafted[d][1])
    mg, md = {g for g, _ in pairs}, {d for _, d in pairs}
    return Score(seed, agreement, len(gold), len(drafted), len(pairs), right,
                 [gold[g][0] for g in gold if g not in mg], [drafted[d][0] for d in drafted if d not in md])


def report(scores: list[Score]) -> str:
    lines = ["# Importer benchmark: `samverkan import text` on the seed agreements", "",
             "Produced by `python -m bench.importer`. A drafted commitment matches one in graph/ when the Dice",
             "coefficient of their word sets (case and diacritics folded, punctuation dropped) is ≥ 0.8; pairs are",
             "one-to-one, best first. Party attribution = matched pairs with the same sam:committedBy set.", "",
             "| seed | agreement in graph/ | in graph/ | drafted | matched | recall | precision | party attribution |",
             "|---|---|---|---|---|---|---|---|"]
    for s in scores:
        lines.append(f"| {s.seed[:3]} | {s.agreement} | {s.gold} | {s.drafted} | {s.matched} | {s.recall:.1%} | "
                     f"{s.precision:.1%} | {s.attribution:.1%} |")
    g = sum(s.gold for s in scores)
    d = sum(s.drafted for s in scores)
    m = sum(s.matched for s in scores)
    r = sum(s.right_party for s in scores)
    lines.append(f"| all | | {g} | {d} | {m} | {m / g:.1%} | {m / d:.1%} | {r / m:.1%} |")
    for s in scores:
        if s.missed or s.extra:
            lines += ["", f"## {s.agreement}: not matched", ""]
            lines += [f"- missed (in graph/, not drafted): {t}" for t in s.missed]
            lines += [f"- extra (drafted, not in graph/): {t}" for t in s.extra]
    return "\n".join(lines) + "\n"


def main() -> int:
    missing = [seed for seed, _ in CASES if not (SEEDS / seed).is_file()]
    if missing:
        print(f"seed documents not found in {SEEDS}: {', '.join(missing)} (set SAMVERKAN_SEEDS)", file=sys.stderr)
        return 2
    scores = [score(seed, agreement) for seed, agreement in CASES]
    text = report(scores)
    (REPO / "bench" / "RESULTS-importer.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
