"""Named queries answer the users' questions on the seed graph as the source documents say.

Each expectation cites the document it comes from (seed file and line, see graph/documents.ttl).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from samverkan.errors import SamverkanError
from samverkan.namespaces import ID, SAM
from samverkan.queries import ParamError, UnknownQuery, get_query, list_queries, run_named
from samverkan.validate import validate

BORAS_DESC = ID + "description/boras-saker-och-trygg-kommun"
MARK = ID + "agreement/mark-2022-2024"
BORAS_2015 = ID + "agreement/boras-2015"
BODEN = ID + "agreement/boden-2010-2011"


def rows(store, name, lang="sv", **params):
    return run_named(store, name, params, lang).to_json()["rows"]


def pairs(result_rows, *columns):
    return {tuple(r[c] for c in columns) for r in result_rows}


# --- the catalogue of questions -------------------------------------------------------------------

#: queries that read only recorded follow-up results (tests/test_followup_queries.py runs them on invented data)
RECORDED_FOLLOW_UP_ONLY = {"indicator-values"}

def test_every_query_has_a_header_and_its_columns_match_its_select(seed_store):
    queries = list_queries()
    assert len(queries) >= 15
    for query in queries:
        assert query.title["sv"] and query.title["en"] and query.title["sv"] != query.title["en"], query.name
        assert query.description, query.name
        required = {p.name: "x" for p in query.params if not p.optional and p.default is None}
        if required:
            continue  # run below with real values
        result = run_named(seed_store, query.name, {})
        assert result.columns == query.columns, query.name
        if query.name in RECORDED_FOLLOW_UP_ONLY:
            continue  # the seeds hold no follow-up results (issue 13: none invented in graph/)
        assert result.rows, f"{query.name} answers nothing on the seed graph"


@pytest.mark.parametrize("name, params", [
    ("responsibilities", {"actor": "Borås Stad"}),
    ("forum-members", {"forum": "Trygghets- och säkerhetsrådet"}),
    ("police-area-commitments", {"police_area": "lpo-boras"}),
    ("unit-commitments", {"municipality": "Bodens kommun"}),
    ("follow-up-status", {"agreement": "boras-2015", "year": "2016"}),
])
def test_queries_with_required_parameters_answer(seed_store, name, params):
    result = run_named(seed_store, name, params)
    assert result.columns == get_query(name).columns
    assert result.rows


# --- who coordinates what (seed 001 lines 29-59; seed 003 line 23) ----------------------------------

WHO_COORDINATES = [
    ("org/boras-stad/fritids-och-folkhalsonamnden", "forum/boras/brottsforebyggande-radet", BORAS_DESC),
    ("org/boras-stad/fritids-och-folkhalsonamnden", "forum/boras/lokal-samverkan", BORAS_DESC),
    ("org/boras-stad/tekniska-namnden", "forum/boras/trygghet-i-offentlig-miljo", BORAS_DESC),
    ("org/boras-stad/individ-och-familjeomsorgsnamnden", "forum/boras/barn-och-unga-i-riskzon", BORAS_DESC),
    ("org/boras-stad/vard-och-aldrenamnden", "forum/boras/trygg-och-saker-vard-och-omsorg", BORAS_DESC),
    ("org/boras-stad/arbetslivsnamnden", "forum/boras/arbete-och-utbildning", BORAS_DESC),
    ("org/marks-kommun/kommunledningskontoret", "forum/mark/trygghets-och-sakerhetsradet", MARK),
    # seed 002 line 44: "Fritids- och folkhälsoförvaltningen har samordningsansvar för centrala BRÅ"
    ("org/boras-stad/fritids-och-folkhalsoforvaltningen", "forum/boras/brottsforebyggande-radet", BORAS_2015),
]


@pytest.mark.parametrize("coordinator, thing, source", WHO_COORDINATES)
def test_who_coordinates_what(seed_store, coordinator, thing, source):
    found = pairs(rows(seed_store, "who-coordinates-what"), "coordinator", "thing", "source")
    assert (ID + coordinator, ID + thing, source) in found


def test_who_coordinates_what_gives_the_things_type_in_the_readers_language(seed_store):
    for lang, council in (("sv", "Råd"), ("en", "Council")):
        found = {r["thing"]: r["thing_type_label"] for r in rows(seed_store, "who-coordinates-what", lang)}
        assert found[ID + "forum/mark/trygghets-och-sakerhetsradet"] == council


# --- responsibilities -------------------------------------------------------------------------------

RESPONSIBILITIES = [
    # (actor as a user types it, unit, role, thing)
    ("Tekniska nämnden", "org/boras-stad/tekniska-namnden", "coordinates", "forum/boras/trygghet-i-offentlig-miljo"),
    # its administration (seed 002 line 51: "Tekniska förvaltningen ansvarar")
    ("Tekniska nämnden", "org/boras-stad/tekniska-forvaltningen", "responsibleFor", "agreement/boras-2015/commitment/trafik-kommun"),
    # a municipality includes its committees and administrations
    ("Borås Stad", "org/boras-stad/individ-och-familjeomsorgsnamnden", "coordinates", "forum/boras/barn-och-unga-i-riskzon"),
    ("Borås Stad", "org/boras-stad", "party", "agreement/boras-2015"),
    ("org/boras-stad", "org/boras-stad/cks", "supports", "forum/boras/styrgrupp"),
    # seed 004 line 211: "Ansvar: Kommunledningsförvaltningen (alkoholhandläggare) och Polisen"
    ("Bodens kommun", "org/bodens-kommun/kommunledningsforvaltningen", "responsibleFor", "agreement/boden-2010-2011/commitment/gemensam-krogtillsyn"),
    ("Bodens kommun", "org/bodens-kommun/kommunstyrelsen", "reportedTo", "agreement/boden-2010-2011"),
    # lokalpolisområde Borås signs with both Borås (seed 002) and Mark (seed 003)
    ("Lokalpolisområde Borås", "org/polisen/lpo-boras", "party", "agreement/boras-2015"),
    ("Lokalpolisområde Borås", "org/polisen/lpo-boras", "party", "agreement/mark-2022-2024"),
    ("Polismyndigheten", "org/polisen/lpo-boras", "committedBy", "agreement/mark-2022-2024/commitment/polisen-grannsamverkan"),
    ("Marks kommun", "org/marks-kommun/kommunledningskontoret", "leads", "forum/mark/trygghets-och-sakerhetsradet"),
    # seed 001 line 25: the council's members include the municipal housing company
    ("Borås Stad", "org/boras-stad/kommunalt-bostadsbolag", "Membership", "forum/boras/brottsforebyggande-radet"),
]


@pytest.mark.parametrize("actor, unit, role, thing", RESPONSIBILITIES)
def test_responsibilities(seed_store, actor, unit, role, thing):
    found = pairs(rows(seed_store, "responsibilities", actor=actor), "unit", "role", "thing")
    assert (ID + unit, SAM + role, ID + thing) in found


def test_responsibilities_of_a_committee_leave_out_other_committees(seed_store):
    units = {r["unit"] for r in rows(seed_store, "responsibilities", actor="Tekniska nämnden")}
    assert units == {ID + "org/boras-stad/tekniska-namnden", ID + "org/boras-stad/tekniska-forvaltningen"}


def test_responsibilities_name_the_agreement_of_a_commitment(seed_store):
    found = rows(seed_store, "responsibilities", actor="Tekniska förvaltningen")
    by_thing = {r["thing"]: r for r in found}
    row = by_thing[ID + "agreement/boras-2015/commitment/trafik-kommun"]
    assert row["agreement"] == BORAS_2015 and row["source"] == BORAS_2015
    assert row["role_label"] == "ansvarar för"


# --- forum members (seed 001 line 25 and 29) ----------------------------------------------------------

def test_forum_members_of_the_boras_council(seed_store):
    found = rows(seed_store, "forum-members", forum="forum/boras/brottsforebyggande-radet")
    members = {r["member"] for r in found if r["role"] == SAM + "Membership"}
    # "representanter från samtliga förvaltningar, kommunalt bostadsbolag, polisen, räddningstjänsten och Borås city"
    assert {ID + "org/boras-stad", ID + "org/boras-stad/kommunalt-bostadsbolag", ID + "org/polisen/lpo-boras",
            ID + "org/raddningstjansten-boras", ID + "org/boras-city"} <= members
    coordinators = {r["member"] for r in found if r["role"] == SAM + "coordinates"}
    assert ID + "org/boras-stad/fritids-och-folkhalsonamnden" in coordinators
    assert {r["meeting_frequency"] for r in found} == {"fyra halvdagar per år"}
    on_behalf = {r["member"]: r["on_behalf_of"] for r in found if r["role"] == SAM + "Membership"}
    assert on_behalf[ID + "org/boras-stad/kommunalt-bostadsbolag"] == ID + "org/boras-stad"
    assert on_behalf[ID + "org/polisen/lpo-boras"] == ID + "org/polisen/lpo-boras"


def test_forum_members_of_the_mark_council(seed_store):
    # seed 003: Kommunledningskontoret leads and coordinates Trygghets- och säkerhetsrådet
    found = pairs(rows(seed_store, "forum-members", forum="Trygghets- och säkerhetsrådet"), "member", "role")
    assert found == {(ID + "org/marks-kommun/kommunledningskontoret", SAM + "leads"),
                     (ID + "org/marks-kommun/kommunledningskontoret", SAM + "coordinates")}


# --- commitments (seed 003: 14 by Marks kommun, 14 by the police, none with measure or follow-up) ------

@pytest.mark.parametrize("params, party, count", [
    ({"agreement": "mark-2022-2024"}, "org/marks-kommun", 14),
    ({"agreement": "mark-2022-2024"}, "org/polisen/lpo-boras", 14),
    ({"agreement": "mark-2022-2024", "party": "Marks kommun"}, "org/marks-kommun", 14),
    # "Skapa trygga offentliga miljöer": seed 003 lines 51-56 (kommun) and 60-65 (polisen)
    ({"area": "agreement/mark-2022-2024/area/miljoer"}, "org/marks-kommun", 6),
    ({"area": "agreement/mark-2022-2024/area/miljoer"}, "org/polisen/lpo-boras", 6),
])
def test_commitment_counts_by_party(seed_store, params, party, count):
    found = rows(seed_store, "commitments", **params)
    assert sum(1 for r in found if r["party"] == ID + party) == count
    if "party" in params:
        assert {r["party"] for r in found} == {ID + party}


def test_commitments_by_theme_follow_commitment_initiative_and_area(seed_store):
    found = {r["commitment"] for r in rows(seed_store, "commitments", theme="Trafik")}
    assert found == {
        ID + "agreement/boras-2015/commitment/trafik-kommun",      # via the initiative "Trafik" (seed 002 line 51)
        ID + "agreement/boras-2015/commitment/trafik-polisen",
        ID + "agreement/mark-2022-2024/commitment/kommun-trafiksakerhet",  # own theme (seed 003 line 56)
        ID + "agreement/mark-2022-2024/commitment/polisen-trafikinsatser",
    }


def test_commitments_show_the_responsible_units_in_the_readers_language(seed_store):
    iri = ID + "agreement/boden-2010-2011/commitment/gemensam-krogtillsyn"
    sv = [r for r in rows(seed_store, "commitments", agreement="boden-2010-2011") if r["commitment"] == iri]
    en = [r for r in rows(seed_store, "commitments", "en", agreement="boden-2010-2011") if r["commitment"] == iri]
    # seed 004 line 211: "Ansvar: Kommunledningsförvaltningen (alkoholhandläggare) och Polisen"; joint: both parties
    assert len(sv) == 2 and {r["party"] for r in sv} == {ID + "org/bodens-kommun", ID + "org/polismyndigheten-i-norrbotten/omradespolisen-boden"}
    assert "Kommunledningsförvaltningen (Bodens kommun)" in sv[0]["responsible"].split("; ")
    assert "Municipal Management Administration (Boden)" in en[0]["responsible"].split("; ")


def test_commitment_text_falls_back_to_swedish_in_english(seed_store):
    found = {r["commitment"]: r for r in rows(seed_store, "commitments", "en", agreement="mark-2022-2024")}
    row = found[ID + "agreement/mark-2022-2024/commitment/kommun-klotter"]
    assert row["commitment_label"] == "Genomföra lokala och kontinuerliga klottersanerade insatser"
    assert row["agreement_label"].startswith("Collaboration agreement Mark")
    assert row["timeframe"] is None and row["follow_up"] is None


# --- gaps ----------------------------------------------------------------------------------------------

def test_mark_commitments_lack_both_measure_and_follow_up(seed_store):
    found = rows(seed_store, "commitments-without-follow-up", agreement="Samverkansöverenskommelse Marks kommun och lokalpolisområde Borås 2022–2024")
    assert len({r["commitment"] for r in found}) == 28
    assert {r["missing"] for r in found} == {SAM + "activityMeasure", SAM + "followUp"} and len(found) == 56
    assert {r["missing_label"] for r in found} == {"aktivitetsmått", "uppföljning"}


def test_boras_2015_commitments_have_the_councils_planned_follow_up(seed_store):
    """Issue 13: seed 002's "Uppföljning" column is empty, but the council follows the plan up yearly
    ("Uppföljning ska göras årligen"), which covers every commitment: none lacks a planned follow-up."""
    found = rows(seed_store, "commitments-without-follow-up", agreement="boras-2015")
    assert [r for r in found if r["missing"] == SAM + "followUp"] == []
    measure = {r["commitment"] for r in found if r["missing"] == SAM + "activityMeasure"}
    assert ID + "agreement/boras-2015/commitment/organiserad-brottslighet-kommun" in measure
    assert ID + "agreement/boras-2015/commitment/tobakstillsyn-kommun" not in measure


def test_commitments_without_follow_up_agree_with_validate(embedded_seed_store):
    report = validate(embedded_seed_store)
    expected = {(f.focus, f.path.replace("sam:", SAM)) for a in report.agreements for f in a.results
                if f.path in ("sam:activityMeasure", "sam:followUp") and f.severity == "warning"}
    found = pairs(rows(embedded_seed_store, "commitments-without-follow-up"), "commitment", "missing")
    assert found == expected


# --- police area, themes, timeline, catalogue ------------------------------------------------------------

def test_police_area_commitments_span_both_municipalities(seed_store):
    found = rows(seed_store, "police-area-commitments", police_area="Lokalpolisområde Borås")
    assert pairs(found, "municipality", "agreement") == {(ID + "org/boras-stad", BORAS_2015),
                                                          (ID + "org/marks-kommun", MARK)}
    assert sum(1 for r in found if r["agreement"] == MARK) == 14


@pytest.mark.parametrize("theme, agreement, commitments", [
    ("theme/trafik", BORAS_2015, 2),
    ("theme/trafik", MARK, 2),
    ("theme/barn-och-unga-i-riskzon", ID + "agreement/boras-2021-2023", 0),  # an area, no commitments (seed 000)
    ("theme/dialog-och-kommunikation", BODEN, 2),  # "Kommunikation" (seed 004 line 217)
])
def test_compare_themes(seed_store, theme, agreement, commitments):
    found = {(r["theme"], r["agreement"]): r["commitments"] for r in rows(seed_store, "compare-themes")}
    assert found[(ID + theme, agreement)] == commitments
    # with the theme chosen (written into the query in place of ?theme): the same count, only that theme
    chosen = {(r["theme"], r["agreement"]): r["commitments"]
              for r in rows(seed_store, "compare-themes", theme=ID + theme)}
    assert chosen[(ID + theme, agreement)] == commitments and {t for t, _ in chosen} == {ID + theme}


@pytest.mark.parametrize("date, expected", [
    ("2023-06-01", {BORAS_2015: True, ID + "agreement/boras-2021-2023": True, MARK: True, BODEN: False}),
    ("2010-06-01", {BORAS_2015: False, ID + "agreement/boras-2021-2023": False, MARK: False, BODEN: True}),
    ("2026-01-01", {BORAS_2015: True, ID + "agreement/boras-2021-2023": False, MARK: False, BODEN: False}),
])
def test_agreements_timeline(seed_store, date, expected):
    found = {r["agreement"]: r["current"] for r in rows(seed_store, "agreements-timeline", date=date)}
    assert found == expected


def test_agreements_timeline_status_in_both_languages(seed_store):
    sv = {r["agreement"]: r["status"] for r in rows(seed_store, "agreements-timeline", date="2023-06-01")}
    en = {r["agreement"]: r["status"] for r in rows(seed_store, "agreements-timeline", "en", date="2023-06-01")}
    assert (sv[BODEN], en[BODEN]) == ("har upphört", "expired")
    assert (sv[MARK], en[MARK]) == ("gäller", "current")


@pytest.mark.parametrize("municipality, doc_type, documents, encoded", [
    # seeds 000 and 002, and catalogue line 10 of seed 004 ("Samverkansöverenskommelse. mellan …")
    ("org/boras-stad", "overenskommelse", 3, 2),
    ("org/boras-stad", "beskrivning", 1, 1),     # seed 001, the web page on how the work is organised
    ("org/marks-kommun", "overenskommelse", 1, 1),
    ("org/bodens-kommun", "overenskommelse", 2, 1),  # seed 004 and its catalogue line 20
    ("org/lunds-kommun", "overenskommelse", 3, 0),  # catalogue lines 4, 14 and 128 of seed 004
    ("org/kopings-kommun", "plan", 2, 0),           # lines 94 and 132: "Handlingsplan Köpings brottsförebyggande råd"
    ("org/pitea-kommun", "overenskommelse", 1, 0),  # line 34: "… ett samverkansavtal mellan polisen och Piteå kommun"
    ("org/pitea-kommun", "verksamhetsberattelse", 1, 0),  # line 140: "Uppföljning Medborgarlöfte i Piteå 2015 …"
    ("org/essunga-kommun", "medborgarlofte", 1, 0),  # line 102: "Medborgarlöfte Essunga 2019"
    ("org/burlovs-kommun", "arende", 1, 0),          # line 100: "Burlövs kommun Kommunstyrelsen KS/2012:"
])
def test_catalogue_coverage_by_type(seed_store, municipality, doc_type, documents, encoded):
    """Issue 16 item 13: catalogue-coverage counts each municipality's documents by document type."""
    found = {(r["municipality"], r["type"]): r for r in rows(seed_store, "catalogue-coverage")}
    row = found[(ID + municipality, ID + "document-type/" + doc_type)]
    assert (row["documents"], row["encoded_documents"], row["encoded"]) == (documents, encoded, encoded > 0)
    assert {t for m, t in found if m == ID + "org/pitea-kommun"} == {ID + "document-type/overenskommelse",
                                                                   ID + "document-type/verksamhetsberattelse"}
    # line 134 ("Mål Målet för Timrå kommuns folkhälsopolitik är …") is a sentence, not a document
    assert ID + "org/timra-kommun" not in {m for m, _ in found}


# --- the follow-on questions ------------------------------------------------------------------------------

def test_forums_of_mark(seed_store):
    found = {r["forum"] for r in rows(seed_store, "forums", municipality="Marks kommun")}
    assert found == {ID + "forum/mark/" + s for s in ("trygghets-och-sakerhetsradet", "est", "sspf", "grannsamverkan",
                                                      "trygghetsvandringar", "lokala-omradesnatverk")}


def test_signatories_of_mark(seed_store):
    # seed 003 lines 86-101
    found = pairs(rows(seed_store, "signatories", agreement="mark-2022-2024"),
                  "signatory_label", "on_behalf_of", "signed_on", "signed_at")
    assert found == {("Jessica Rodén", ID + "org/marks-kommun", "2022-05-18", "Kinna"),
                     ("Mattias Ramsö", ID + "org/polisen/lpo-boras", "2022-05-18", "Kinna")}


def test_goals_and_indicators_of_boden(seed_store):
    found = rows(seed_store, "goals-and-indicators", agreement="boden-2010-2011")
    assert len({r["goal"] for r in found}) == 5  # seed 004 line 209: five goals
    assert ("Droganvändningen bland ungdomar ska minska", "Drogvaneundersökning") in pairs(found, "goal_label", "indicator_label")


def test_methods_in_use_est(seed_store):
    found = {r["thing"] for r in rows(seed_store, "methods-in-use", method="EST")}
    assert {ID + "forum/boras/est", ID + "forum/mark/est", ID + "agreement/mark-2022-2024/commitment/kommun-est"} <= found


def test_unit_commitments_of_boden(seed_store):
    found = rows(seed_store, "unit-commitments", municipality="Bodens kommun")
    klf = {r["commitment"] for r in found if r["unit"] == ID + "org/bodens-kommun/kommunledningsforvaltningen"}
    # seed 004 lines 211, 215: "Ansvar: Kommunledningsförvaltningen" closes Ansvarsfull Alkoholservering,
    # Krogtillsyn and Detaljplan; Detaljplan gives a goal and a purpose but no commitment (issue 16 item 14)
    assert klf == {ID + "agreement/boden-2010-2011/commitment/" + s
                   for s in ("kommun-utbildning-krogpersonal", "gemensam-krogtillsyn")}


def test_agreement_follow_up_picks_the_readers_language(seed_store):
    # seed 004 line 209: yearly, reported to the municipal executive board and the police board
    for lang, frequency in (("sv", "En gång per år"), ("en", "Once a year")):
        found = [r for r in rows(seed_store, "agreement-follow-up", lang, agreement="boden-2010-2011")]
        assert {r["frequency"] for r in found} == {frequency}
        assert {r["reported_to"] for r in found} == {ID + "org/bodens-kommun/kommunstyrelsen",
                                                     ID + "org/polismyndigheten-i-norrbotten/polisnamnden"}
        assert {r["follower"] for r in found} == {ID + "forum/boden/brottsforebyggande-radet"}


def test_agreement_overview_counts_match_the_commitment_table(seed_store):
    overview = rows(seed_store, "agreement-overview", agreement="mark-2022-2024")
    assert sum(r["commitments"] for r in overview) == 28
    assert all(r["with_activity_measure"] == 0 and r["with_follow_up"] == 0 for r in overview)


# --- parameters: errors a user can act on ----------------------------------------------------------------

@pytest.mark.parametrize("name, params, words", [
    ("no-such-question", {}, ["who-coordinates-what", "responsibilities"]),
    ("responsibilities", {}, ["actor"]),
    ("responsibilities", {"actor": "Borås Stad", "colour": "red"}, ["colour", "actor (actor, obligatorisk)"]),
    ("commitments", {"agreement": "boras-2099"}, ["agreement", "boras-2099"]),
    ("forum-members", {"forum": "brottsforebyggande-radet"}, ["Flera saker passar in", "forum/boras/brottsforebyggande-radet", "forum/boden/brottsforebyggande-radet"]),
    ("agreements-timeline", {"date": "2023-13-45"}, ["date", "2023-13-45"]),
    ("agreements-timeline", {"date": "yesterday"}, ["date", "ÅÅÅÅ-MM-DD"]),
])
def test_bad_parameters_are_named(seed_store, name, params, words):
    with pytest.raises(SamverkanError) as info:
        run_named(seed_store, name, params)
    for word in words:
        assert word in str(info.value)
    if name == "no-such-question":
        assert isinstance(info.value, UnknownQuery)
    elif "colour" in params:
        assert isinstance(info.value, ParamError)


INJECTIONS = ['x" } ; DROP ALL ; #', "<http://a> } UNION { ?s ?p ?o", "Tekniska nämnden\" } UNION { ?s ?p ?o } #"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_values_are_unknown_names_not_query_text(seed_store, value):
    before = seed_store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"].value
    with pytest.raises(SamverkanError) as info:
        run_named(seed_store, "responsibilities", {"actor": value})
    assert "ingen aktör som heter" in str(info.value)
    after = seed_store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"].value
    assert before == after


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_values_bound_as_literals_stay_one_literal(seed_store, value):
    # the mechanism every parameter goes through: a VALUES block of escaped terms
    query = "SELECT ?x (COUNT(*) AS ?n) WHERE { OPTIONAL { ?x ?p ?o } } GROUP BY ?x"
    result = seed_store.select(query, {"x": ox.Literal(value)})
    assert [(r["x"].value, r["n"].value) for r in result.rows] == [(value, "1")]


SORTED_IN_PYTHON = [q.name for q in list_queries() if q.sort_in_python]


@pytest.mark.parametrize(("name", "params"), [
    ("commitments", {}), ("commitments", {"agreement": "boras-2015"}),
    ("commitments-without-follow-up", {}), ("police-area-commitments", {"police_area": "lpo-boras"}),
    ("agreement-overview", {}), ("compare-themes", {}), ("methods-in-use", {}),
    ("responsibilities", {"actor": "Borås stad"}),
])
def test_sorting_in_python_gives_the_order_of_order_by(seed_store, name, params):
    """`# sort: python` moves the final ORDER BY out of the engine; the rows and their order must not change."""
    from samverkan.queries.run import _run
    from samverkan.queries.params import bind_params

    query = get_query(name)
    assert name in SORTED_IN_PYTHON
    bindings = bind_params(seed_store, query, params)
    engine = _run(seed_store, name, query.text, dict(bindings), "sv", query.inline, sort_in_python=False)
    python = run_named(seed_store, name, params)
    assert engine.rows, name
    assert python.records() == engine.records()


# --- ad-hoc SPARQL ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT ?lang WHERE {\n  ?s ?p ?o . ?s ?p\n}",
    "SELECT ?lang WHERE { ?s ?p ?o }\nLIMT 3",
    "SELECT ?lang WHERE { ?s ?p }",
    "SELECT ?lang WHERE {\n  ?s ?p ?o .\n  FILTER(lang(?o) = ?lang\n}",
    "SELECT ?lang WHER { ?s ?p ?o }",
])
def test_sparql_error_position_is_in_the_users_text(embedded_seed_store, query):
    """?lang is bound by a VALUES block the user never wrote; the error must still point into their text:
    the same line and column as for the same query with ?lang renamed to a variable of the same length."""
    from samverkan.errors import SourceError
    from samverkan.queries.run import run_sparql

    positions = []
    for text in (query, query.replace("?lang", "?xxxx")):
        with pytest.raises(SourceError) as err:
            run_sparql(embedded_seed_store, text)
        positions.append((err.value.line, err.value.column))
    assert positions[0] == positions[1]
    assert 1 <= positions[0][0] <= query.count("\n") + 1


def test_sparql_without_the_where_keyword_may_name_lang(embedded_seed_store):
    from samverkan.queries.run import run_sparql

    result = run_sparql(embedded_seed_store, f"SELECT ?lang {{ ?a a <{SAM}Agreement> }}")
    assert len(result.rows) >= 4  # the four seed agreements (boras-2015, boras-2021-2023, mark, boden)


# --- `# column:` headings for the table format -----------------------------------------------------------

def test_every_column_of_every_query_has_a_swedish_and_english_heading():
    for query in list_queries():
        assert set(query.column_titles) == set(query.columns), query.name
        for column, titles in query.column_titles.items():
            assert titles["sv"] and titles["en"], (query.name, column)
            assert titles["sv"] != column and titles["en"] != column, (query.name, column)


@pytest.mark.parametrize("header, line, words", [
    ("# column: thing Vad / What", 3, ["expected 'column: name = "]),
    ("# column: colour = Färg / Colour", 3, ["'colour'", "not in '# columns:'"]),
    ("# column: thing =  / What", 3, ["'thing'", "empty Swedish heading"]),
])
def test_bad_column_headers_name_the_line(tmp_path, header, line, words):
    from samverkan.errors import SourceError
    from samverkan.queries import parse_query_file

    path = tmp_path / "q.rq"
    path.write_text(f"# title: Fråga / Question\n# columns: thing\n{header}\nSELECT ?thing WHERE {{ ?thing ?p ?o }}\n",
                    encoding="utf-8")
    with pytest.raises(SourceError) as err:
        parse_query_file(path)
    assert err.value.line == line
    for word in words:
        assert word in str(err.value)


def test_a_column_without_a_heading_keeps_its_name(tmp_path):
    from samverkan.queries import parse_query_file

    path = tmp_path / "q.rq"
    path.write_text("# title: Fråga / Question\n# columns: thing, n\n# column: thing = Sak / Thing\n"
                    "SELECT ?thing ?n WHERE { ?thing ?p ?n }\n", encoding="utf-8")
    query = parse_query_file(path)
    assert [query.column_title(c, "en") for c in query.columns] == ["Thing", "n"]
    assert [query.column_title(c, "sv") for c in query.columns] == ["Sak", "n"]
