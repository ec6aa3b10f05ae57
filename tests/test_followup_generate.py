"""Issue 13: `samverkan generate` writes an invented follow-up of every agreement-year, marked as invented."""

from __future__ import annotations

from collections import Counter

from samverkan.build import build
from samverkan.generate import generate
from samverkan.namespaces import SAM
from samverkan.queries import run_named
from samverkan.store import EmbeddedStore


def test_every_agreement_year_has_an_invented_follow_up(tmp_path):
    generate(tmp_path / "a", municipalities=3, years=3, seed=4)
    generate(tmp_path / "b", municipalities=3, years=3, seed=4)
    agreements = sorted((tmp_path / "a" / "agreements").glob("*.ttl"))
    expected = set()
    for path in agreements:
        slug = path.stem
        years = [int(p) for p in slug.rsplit("-", 2)[-2:] if p.isdigit()]
        expected |= {f"{slug}/{y}.ttl" for y in range(years[0], years[-1] + 1)}
    files = sorted((tmp_path / "a" / "follow-ups").rglob("*.ttl"))
    assert {p.relative_to(tmp_path / "a" / "follow-ups").as_posix() for p in files} == expected
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# PÅHITTADE UPPGIFTER / INVENTED DATA")
        assert text == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_text(encoding="utf-8")  # deterministic

    store = EmbeddedStore(None)
    build(store, [tmp_path / "a"])
    commitments = int(next(iter(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c a <{SAM}Commitment> }}")))["n"].value)
    records = int(next(iter(store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r a <{SAM}StatusRecord> }}")))["n"].value)
    assert records >= commitments  # one per commitment and year of its agreement
    progress = Counter()
    for row in run_named(store, "follow-up-progress", {}).records():
        progress[row["status"].rsplit("/", 1)[-1]] += row["commitments"]
    assert {"genomford", "pagar", "forsenad", "ej-paborjad", "inte-langre-aktuell"} <= set(progress)


def test_follow_ups_can_be_left_out(tmp_path):
    generate(tmp_path / "g", municipalities=2, years=2, seed=3, follow_ups=False)
    assert not (tmp_path / "g" / "follow-ups").exists()
