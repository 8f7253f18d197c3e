"""Fusion on invented reports (no network, no corpus)."""
from __future__ import annotations

import json

import pytest

from marsad.fuse import (FusedEvent, Fuser, Source, date_window, fuse, fused_records, fuse_store,
                         main_event, outlet)
from marsad.models import Document, Event, Evidence, Extraction, Place
from marsad.store.sqlite import SQLiteStore

TETOUAN = Place("Tetouan", "MA", 2528910)
MADRID = Place("Madrid", "ES", 3117735)


def ev(doc: str, **kw: object) -> Event:
    base: dict[str, object] = dict(type="dismantling", countries=("MA",))
    base.update(kw)
    return Event(doc_id=doc, **base)  # type: ignore[arg-type]


def test_ar_and_es_reports_a_day_apart_fuse() -> None:
    ar = ev("ar-hespress-1", date="2024-03-05", places=(TETOUAN, MADRID), countries=("MA", "ES"),
            agencies=("BCIJ",), arrests=4)
    es = ev("es-elpais-1", type="arrest", date="2024-03-06", places=(Place("Madrid", "ES"),),
            countries=("ES",), agencies=("Policía Nacional",), arrests=4)
    fused = fuse([(ar, Source(ar.doc_id, "https://www.hespress.com/a", "2024-03-05")),
                  (es, Source(es.doc_id, "https://elpais.com/b", "2024-03-06"))])
    assert len(fused) == 1
    f = fused[0]
    assert f.corroboration == 2
    assert {s.doc_id for s in f.sources} == {"ar-hespress-1", "es-elpais-1"}
    assert f.type == "dismantling"  # tie between arrest and dismantling -> the specific one
    assert f.arrests == 4
    assert len(f.members) == 2


def test_same_city_three_weeks_apart_stay_apart() -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN,), arrests=3, agencies=("BCIJ",))
    b = ev("b-1", date="2024-03-26", places=(TETOUAN,), arrests=3, agencies=("BCIJ",))
    assert len(fuse([(a, Source("a-1")), (b, Source("b-1"))])) == 2


def test_arrests_four_vs_five_is_a_disagreement() -> None:
    a = ev("doc1", date="2024-03-05", places=(TETOUAN,), arrests=4)
    b = ev("doc2", date="2024-03-05", places=(TETOUAN,), arrests=5)
    (f,) = fuse([(a, Source("doc1")), (b, Source("doc2"))])
    assert {"field": "arrests", "values": {"4": ["doc1"], "5": ["doc2"]}} in f.disagreements
    assert f.arrests == 5  # tie -> larger figure
    c = ev("doc3", date="2024-03-06", places=(TETOUAN,), arrests=4)
    (f2,) = fuse([(a, Source("doc1")), (b, Source("doc2")), (c, Source("doc3"))])
    assert f2.arrests == 4  # majority
    assert f2.confidence < 1.0


def test_month_date_compatible_with_day_inside_it() -> None:
    a = ev("a-1", date="2024-03", places=(TETOUAN,))
    b = ev("b-1", date="2024-03-20", places=(TETOUAN,))
    c = ev("c-1", date="2024-04-20", places=(TETOUAN,))
    fused = fuse([(a, Source("a-1")), (b, Source("b-1")), (c, Source("c-1"))])
    assert len(fused) == 2
    assert fused[0].date == "2024-03-20"
    assert not any(d["field"] == "date" for d in fused[0].disagreements)


def test_null_date_falls_back_to_published() -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN,))
    near = ev("b-1", places=(TETOUAN,))
    far = ev("c-1", places=(TETOUAN,))
    fuser = Fuser()
    fa = fuser.add(a, Source("a-1", published="2024-03-05"))
    assert fuser.add(near, Source("b-1", published="2024-03-07")) == fa
    assert fuser.add(far, Source("c-1", published="2024-05-01")) != fa
    assert date_window(None, "2024-03-07") is not None and date_window(None, None) is None


def test_placeless_side_needs_country_and_count_or_agency() -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN,), arrests=4)
    same_count = ev("b-1", date="2024-03-05", arrests=4)
    other_country = ev("c-1", date="2024-03-05", countries=("ES",), arrests=4)
    fuser = Fuser()
    fa = fuser.add(a, Source("a-1"))
    assert fuser.add(same_count, Source("b-1")) == fa
    assert fuser.add(other_country, Source("c-1")) != fa


def test_types_must_be_compatible() -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN,))
    b = ev("b-1", type="attack", date="2024-03-05", places=(TETOUAN,))
    assert len(fuse([(a, Source("a-1")), (b, Source("b-1"))])) == 2


def test_corroboration_counts_outlets_not_documents() -> None:
    a = ev("x-hespress-1", date="2024-03-05", places=(TETOUAN,))
    b = ev("x-hespress-2", date="2024-03-05", places=(TETOUAN,))
    c = ev("x-le360-1", date="2024-03-05", places=(TETOUAN,))
    (f,) = fuse([(e, Source(e.doc_id)) for e in (a, b, c)])
    assert f.corroboration == 2 and len(f.sources) == 3
    assert outlet("d", "https://www.hespress.com/x") == "hespress.com"


def test_incremental_add_updates_existing_fused_event() -> None:
    fuser = Fuser()
    fid = fuser.add(ev("a-1", date="2024-03-05", places=(TETOUAN,), arrests=4), Source("a-1"))
    before = fuser.get(fid)
    assert isinstance(before, FusedEvent) and before.corroboration == 1
    assert fuser.add(ev("b-1", date="2024-03-06", places=(TETOUAN,), arrests=4), Source("b-1")) == fid
    after = fuser.get(fid)
    assert after.corroboration == 2 and before.corroboration == 1  # snapshots are immutable
    assert after.confidence > before.confidence


def _doc(doc_id: str, published: str) -> Document:
    return Document(doc_id=doc_id, text="Invented report about an operation in Tetouan.",
                    url=f"https://{doc_id}.example/x", published=published)


def test_store_round_trip_is_incremental(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "m.db")
    d1 = _doc("one", "2024-03-05")
    at = d1.text.index("Tetouan")
    quote = Evidence("one", at, at + 7, "Tetouan")
    store.save_extraction(d1, Extraction("one", "en", (ev("one", date="2024-03-05", places=(TETOUAN,),
                                                          evidence=(quote,)),)))
    first = fuse_store(store)
    assert len(first) == 1
    d2 = _doc("two", "2024-03-06")
    store.save_extraction(d2, Extraction("two", "en", (ev("two", date="2024-03-06", places=(TETOUAN,)),)))
    second = fuse_store(store)
    assert [f.fused_id for f in second] == [first[0].fused_id]
    rec = next(fused_records(store))
    assert rec["corroboration"] == 2
    assert {s["doc_id"] for s in rec["sources"]} == {"one", "two"}
    assert rec["provenance"][0]["quote"] == d1.text[at:at + 7]
    for key in ("type", "date", "places", "countries", "arrests", "disagreements", "confidence"):
        assert key in rec
    json.dumps(rec)
    store.close()


def test_fuser_rejects_nothing_silently_on_bad_dates() -> None:
    # a malformed date is treated as unknown, not as an error that stops the batch
    assert date_window("2024-13-40", None) is None


@pytest.mark.parametrize("gap,expected", [(0, 1), (3, 1), (4, 2)])
def test_day_tolerance(gap: int, expected: int) -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN,))
    b = ev("b-1", date=f"2024-03-{5 + gap:02d}", places=(TETOUAN,))
    assert len(fuse([(a, Source("a-1")), (b, Source("b-1"))])) == expected


# -- places: spellings, geonames_id, nearby towns ------------------------------------------------
MARTIL = Place("Martil", "MA", 2542051, 35.6167, -5.2752)
FNIDEQ = Place("Fnideq", "MA", 2548489, 35.8494, -5.3577)
TETOUAN_XY = Place("Tétouan", "MA", 2528910, 35.5785, -5.3684)
CASABLANCA = Place("Casablanca", "MA", 2553604, 33.5883, -7.6114)


def test_nearby_towns_same_days_fuse() -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN_XY,), arrests=3)
    b = ev("b-1", date="2024-03-06", places=(MARTIL,), arrests=3)
    c = ev("c-1", date="2024-03-06", places=(FNIDEQ,), agencies=("BCIJ",), arrests=3)
    fuser = Fuser()
    fa = fuser.add(a, Source("a-1"))
    assert fuser.add(b, Source("b-1")) == fa
    assert fuser.add(c, Source("c-1")) == fa


def test_nearby_town_alone_needs_something_shared() -> None:
    # the same town needs nothing more on the same days; a neighbouring one needs a count,
    # an agency or an armed group in common
    a = ev("a-1", date="2024-03-05", places=(TETOUAN_XY,), arrests=3)
    bare = ev("b-1", date="2024-03-05", places=(MARTIL,))
    other_count = ev("c-1", date="2024-03-05", places=(MARTIL,), arrests=9, agencies=("BCIJ",))
    fuser = Fuser()
    fa = fuser.add(a, Source("a-1"))
    assert fuser.add(bare, Source("b-1")) != fa
    assert fuser.add(other_count, Source("c-1")) != fa


def test_nearby_towns_weeks_apart_stay_apart() -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN_XY,), arrests=3, agencies=("BCIJ",))
    b = ev("b-1", date="2024-03-26", places=(MARTIL,), arrests=3, agencies=("BCIJ",))
    assert len(fuse([(a, Source("a-1")), (b, Source("b-1"))])) == 2


def test_distant_towns_same_day_stay_apart() -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN_XY,), arrests=3)
    b = ev("b-1", date="2024-03-05", places=(CASABLANCA,), arrests=3)
    assert len(fuse([(a, Source("a-1")), (b, Source("b-1"))])) == 2


def test_same_geonames_id_across_scripts_fuses() -> None:
    a = ev("a-1", date="2024-03-05", places=(Place("Tétouan", "MA", 2528910),))
    b = ev("b-1", date="2024-03-05", places=(Place("تطوان", "MA", 2528910),))
    assert len(fuse([(a, Source("a-1")), (b, Source("b-1"))])) == 1


def test_one_place_with_its_id_counts_as_one_shared_place() -> None:
    # undated on both sides (no publication date): a single shared place is enough only with
    # nothing contradicting; a different arrest count keeps two undated look-alikes apart
    a = ev("a-1", places=(TETOUAN,), arrests=4)
    same = ev("b-1", places=(TETOUAN,))
    other = ev("c-1", places=(TETOUAN,), arrests=9)
    fuser = Fuser()
    fa = fuser.add(a, Source("a-1"))
    assert fuser.add(same, Source("b-1")) == fa
    assert fuser.add(other, Source("c-1")) != fa


# -- countries-only reports ------------------------------------------------------------------------
def test_countries_only_report_of_the_same_day_fuses() -> None:
    placed = ev("a-1", type="attack", date="2024-03-05", places=(TETOUAN,), killed=2)
    placeless = ev("b-1", type="attack", date="2024-03-06")
    two_days = ev("c-1", type="attack", date="2024-03-08")
    fuser = Fuser()
    fa = fuser.add(placed, Source("a-1"))
    assert fuser.add(placeless, Source("b-1")) == fa
    fuser2 = Fuser()
    fb = fuser2.add(placed, Source("a-1"))
    assert fuser2.add(two_days, Source("c-1")) != fb  # nothing but country and a near date


def test_countries_only_same_day_with_contradicting_count_stays_apart() -> None:
    placed = ev("a-1", date="2024-03-05", places=(TETOUAN,), arrests=3)
    placeless = ev("b-1", date="2024-03-05", arrests=12)
    assert len(fuse([(placed, Source("a-1")), (placeless, Source("b-1"))])) == 2


# -- documents -------------------------------------------------------------------------------------
def test_main_event_prefers_a_stated_ruling() -> None:
    attack = ev("d", type="attack", date="2016-03-22", places=(Place("Brussels", "BE"),))
    ruling = ev("d", type="court_ruling", date="2023-07-25", places=(Place("Brussels", "BE"),))
    arrest = ev("d", type="arrest", date="2016-03-25")
    assert main_event([attack, ruling]) == 1
    assert main_event([attack, arrest]) == 0
    assert main_event([]) is None


def test_add_document_fuses_every_event_in_order() -> None:
    fuser = Fuser()
    src = Source("r-1", published="2024-03-06")
    op = ev("r-1", date="2024-03-05", places=(TETOUAN,), arrests=4)
    old = ev("r-1", type="attack", date="2003-05-16", places=(CASABLANCA,))
    ids = fuser.add_document([op, old], src)
    assert len(ids) == 2 and ids[0] != ids[1]
    again = Fuser().add_document([op, old], src)
    assert again == ids  # ids are stable for the same report
    later = fuser.add_document([ev("r-2", date="2024-03-06", places=(TETOUAN,), arrests=4)],
                               Source("r-2", published="2024-03-06"))
    assert later == [ids[0]]


# -- rules for reports without dates (issue 5: fusion on real corpus reports) ----------------------
def test_equal_fit_goes_to_the_fused_event_more_reports_joined() -> None:
    # two undated look-alikes at one town kept apart by their counts; a report without a
    # count fits both equally and goes to the one more reports joined, not the older one
    fuser = Fuser()
    small = fuser.add(ev("a-1", places=(TETOUAN,), arrests=4), Source("a-1"))
    big = fuser.add(ev("b-1", places=(TETOUAN,), arrests=9), Source("b-1"))
    assert big != small
    assert fuser.add(ev("b-2", places=(TETOUAN,), arrests=9), Source("b-2")) == big
    assert fuser.add(ev("c-1", places=(TETOUAN,)), Source("c-1")) == big


def test_undated_attack_tolls_differ_at_the_same_place() -> None:
    # an attack's toll rises and outlets count differently: at the same place a different
    # toll weighs against, it does not forbid; arrests keep the strict rule
    a = ev("a-1", type="attack", places=(TETOUAN,), killed=7)
    b = ev("b-1", type="attack", places=(TETOUAN,), killed=40)
    assert len(fuse([(a, Source("a-1")), (b, Source("b-1"))])) == 1
    c = ev("c-1", places=(TETOUAN,), arrests=4)
    d = ev("d-1", places=(TETOUAN,), arrests=12)
    assert len(fuse([(c, Source("c-1")), (d, Source("d-1"))])) == 2


def test_undated_attack_toll_still_decides_at_a_nearby_town() -> None:
    a = ev("a-1", type="attack", places=(TETOUAN_XY,), killed=7)
    b = ev("b-1", type="attack", places=(MARTIL,), killed=40)
    assert len(fuse([(a, Source("a-1")), (b, Source("b-1"))])) == 2


def test_undated_placeless_report_needs_more_than_a_national_agency() -> None:
    placed = ev("a-1", places=(TETOUAN,), agencies=("BCIJ",), affiliation=("Islamic State",), arrests=4)
    agency_only = ev("b-1", agencies=("BCIJ",), arrests=5, affiliation=("Al-Qaeda",))
    agency_and_group = ev("c-1", agencies=("BCIJ",), affiliation=("Islamic State",))
    fuser = Fuser()
    fa = fuser.add(placed, Source("a-1"))
    assert fuser.add(agency_only, Source("b-1")) != fa
    fuser2 = Fuser()
    fb = fuser2.add(placed, Source("a-1"))
    assert fuser2.add(agency_and_group, Source("c-1")) == fb


def test_main_event_is_the_attack_when_arrests_are_its_aftermath() -> None:
    same_day = [ev("d", type="arrest", date="2024-03-05", places=(TETOUAN,), arrests=3),
                ev("d", type="attack", date="2024-03-05", places=(TETOUAN,), killed=2)]
    assert main_event(same_day) == 1
    both_placeless = [ev("d", type="arrest", date="2024-03-05", arrests=3),
                      ev("d", type="attack", date="2024-03-05", killed=2)]
    assert main_event(both_placeless) == 1
    undated_same_place = [ev("d", type="arrest", places=(TETOUAN, MADRID)),
                          ev("d", type="attack", places=(TETOUAN,))]
    assert main_event(undated_same_place) == 1
    # undated, an attack that also names another city is recalled from elsewhere
    undated_also_elsewhere = [ev("d", type="arrest", places=(TETOUAN,)),
                              ev("d", type="attack", places=(TETOUAN, MADRID))]
    assert main_event(undated_also_elsewhere) == 0
    # the same stated day, an attack told without a place is the one the arrests follow
    attack_placeless = [ev("d", type="arrest", date="2024-03-05", places=(TETOUAN,), arrests=3),
                        ev("d", type="attack", date="2024-03-05", killed=2)]
    assert main_event(attack_placeless) == 1
    # ...and so is an attack placed in a town when the arrests of its day are told without one
    arrests_placeless = [ev("d", type="arrest", date="2024-03-05", arrests=17),
                         ev("d", type="attack", date="2024-03-05", places=(TETOUAN,), killed=6)]
    assert main_event(arrests_placeless) == 1
    # an attack of another day, or another place, is background to the arrests
    other_day = [same_day[0], ev("d", type="attack", date="2015-11-13", places=(TETOUAN,))]
    assert main_event(other_day) == 0
    other_place = [ev("d", type="arrest", places=(TETOUAN,)), ev("d", type="attack", places=(MADRID,))]
    assert main_event(other_place) == 0
    undated_placeless = [ev("d", type="arrest"), ev("d", type="attack")]
    assert main_event(undated_placeless) == 0
    month_only = [ev("d", type="arrest", date="2024-03"), ev("d", type="attack", date="2024-03")]
    assert main_event(month_only) == 0


def test_background_event_without_date_does_not_take_the_publication_week() -> None:
    fuser = Fuser()
    old = fuser.add(ev("old-1", type="attack", date="2003-05-16", places=(CASABLANCA,), killed=33),
                    Source("old-1", published="2003-05-17"))
    today = [ev("r-1", date="2024-03-05", places=(TETOUAN,), arrests=4),
             ev("r-1", type="attack", places=(CASABLANCA,), killed=33)]
    ids = fuser.add_document(today, Source("r-1", published="2024-03-06"))
    assert ids[1] == old  # recalled, not a new attack of March 2024
    # the report's own happening still takes the publication week when undated
    lead = fuser.add_document([ev("r-2", places=(TETOUAN,), arrests=4)],
                              Source("r-2", published="2024-03-07"))
    assert lead == [ids[0]]


def test_places_score_against_the_report_not_the_growing_fused_event() -> None:
    # the fused event whose members named an extra place is not worse for it: the report's
    # places are what is shared
    a1 = ev("a-1", date="2024-03-05", places=(TETOUAN,), countries=("MA",))
    a2 = ev("a-2", date="2024-03-05", places=(TETOUAN, CASABLANCA), countries=("MA",))
    b = ev("b-1", date="2024-03-05", places=(MADRID,), countries=("ES",))
    probe = ev("c-1", date="2024-03-05", places=(TETOUAN, MADRID), countries=("MA", "ES"))
    fuser = Fuser()
    fa = fuser.add(a1, Source("a-1"))
    assert fuser.add(a2, Source("a-2")) == fa
    fb = fuser.add(b, Source("b-1"))
    assert fb != fa
    assert fuser.add(probe, Source("c-1")) == fa


def test_split_figures_contradict_only_outside_their_spread() -> None:
    a = ev("a-1", date="2024-03-05", places=(TETOUAN,), arrests=3)
    b = ev("b-1", date="2024-03-05", places=(TETOUAN,), arrests=9)
    fuser = Fuser()
    fa = fuser.add(a, Source("a-1"))
    assert fuser.add(b, Source("b-1")) == fa  # dated: a different count only weighs against
    inside = ev("c-1", places=(TETOUAN,), arrests=6)
    outside = ev("d-1", places=(TETOUAN,), arrests=15)
    assert fuser.add(outside, Source("d-1")) != fa
    assert fuser.add(inside, Source("c-1")) == fa


# -- bridging: a report that fits two fused events shows they are one -------------------------------
BARCELONA = Place("Barcelona", "ES", 3128760, 41.39, 2.16)
CAMBRILS = Place("Cambrils", "ES", 3126370, 41.07, 1.06)  # ~95 km away: not one area by NEAR_KM
FES = Place("Fes", "MA", 2548885, 34.03, -5.0)


def test_report_naming_both_sites_bridges_two_fused_events() -> None:
    fuser = Fuser()
    first = fuser.add(ev("a-1", type="attack", date="2017-08-17", places=(BARCELONA,), countries=("ES",),
                         killed=13), Source("a-1", published="2017-08-17"))
    second = fuser.add(ev("b-1", type="attack", date="2017-08-18", places=(CAMBRILS,), countries=("ES",),
                          killed=12), Source("b-1", published="2017-08-18"))
    assert second != first  # no shared place, too far apart: nothing ties them yet
    both = ev("c-1", type="attack", date="2017-08-18", places=(BARCELONA, CAMBRILS), countries=("ES",),
              killed=14)
    assert fuser.add(both, Source("c-1", published="2017-08-19")) == first  # the older id stays
    assert len(fuser) == 1
    assert fuser.resolve(second) == first and fuser.merged() == {second: first}
    merged = fuser.get(second)  # an id returned earlier still leads to its fused event
    assert merged.fused_id == first
    assert {s.doc_id for s in merged.sources} == {"a-1", "b-1", "c-1"}
    # later reports of either site find the merged fused event
    assert fuser.add(ev("d-1", type="attack", date="2017-08-18", places=(CAMBRILS,), countries=("ES",),
                        killed=12), Source("d-1")) == first


def test_bridge_needs_the_two_fused_events_not_to_contradict() -> None:
    # the same bridging report, but the two sites' events are a month apart: two happenings
    fuser = Fuser()
    first = fuser.add(ev("a-1", type="attack", date="2017-08-17", places=(BARCELONA,), countries=("ES",)),
                      Source("a-1"))
    second = fuser.add(ev("b-1", type="attack", date="2017-09-20", places=(CAMBRILS,), countries=("ES",)),
                       Source("b-1"))
    fuser.add(ev("c-1", type="attack", date="2017-09", places=(BARCELONA, CAMBRILS), countries=("ES",)),
              Source("c-1"))
    assert {first, second} <= {f.fused_id for f in fuser.fused()}


def test_undated_bridge_needs_more_than_a_national_agency() -> None:
    # undated reports of two towns share only the national agency and the armed group (in most
    # Moroccan reports); one undated report naming both towns is not enough to make them one
    fuser = Fuser()
    facts = dict(agencies=("BCIJ",), affiliation=("Islamic State",))
    tetouan = fuser.add(ev("a-1", places=(TETOUAN,), **facts), Source("a-1"))
    fes = fuser.add(ev("b-1", places=(FES,), **facts), Source("b-1"))
    assert fes != tetouan
    assert fuser.add(ev("c-1", places=(TETOUAN, FES), **facts), Source("c-1")) in (tetouan, fes)
    assert len(fuser) == 2 and not fuser.merged()
    # the same count is a fact of the happening: then the bridge holds
    fuser = Fuser()
    tetouan = fuser.add(ev("a-1", places=(TETOUAN,), arrests=7, **facts), Source("a-1"))
    fuser.add(ev("b-1", places=(FES,), arrests=7, **facts), Source("b-1"))
    assert fuser.add(ev("c-1", places=(TETOUAN, FES), arrests=7, **facts), Source("c-1")) == tetouan
    assert len(fuser) == 1


def test_placeless_side_of_a_bridge_needs_the_same_count() -> None:
    # a dated Fes operation (11 arrests) and a placeless report two days later (12 arrests, no
    # agency) stay apart; a placeless report fits both (the agency of one, the count of the
    # other), but nothing but that report ties a placed event to a placeless one
    fuser = Fuser()
    fes = fuser.add(ev("a-1", date="2017-10-20", places=(FES,), arrests=11, agencies=("BCIJ",)),
                    Source("a-1", published="2017-10-20"))
    placeless = fuser.add(ev("b-1", date="2017-10-22", arrests=12), Source("b-1", published="2017-10-22"))
    assert placeless != fes
    fuser.add(ev("c-1", date="2017-10-21", arrests=12, agencies=("BCIJ",)), Source("c-1", published="2017-10-21"))
    assert len(fuser) == 2 and not fuser.merged()


def test_report_naming_one_sides_town_and_the_others_count_bridges_them() -> None:
    # one report places the cell in Tamesna and gives no count, others give 12 arrests and no
    # town; a report naming Tamesna with 12 arrests and the same agency shows they are one
    fuser = Fuser()
    placed = fuser.add(ev("a-1", date="2025-02-19", places=(TAMESNA,), agencies=("BCIJ",)),
                       Source("a-1", published="2025-02-19"))
    counted = fuser.add(ev("b-1", arrests=12, agencies=("BCIJ",)), Source("b-1"))
    assert placed != counted
    fuser.add(ev("c-1", places=(TAMESNA,), arrests=12, agencies=("BCIJ",)), Source("c-1"))
    assert len(fuser) == 1
    # without an agency or armed group in common, the report vouches for nothing
    other = Fuser()
    other.add(ev("a-1", date="2025-02-19", places=(TAMESNA,), agencies=("BCIJ",)), Source("a-1", published="2025-02-19"))
    other.add(ev("b-1", arrests=12, agencies=("DGSN",)), Source("b-1"))
    other.add(ev("c-1", places=(TAMESNA,), arrests=12, agencies=("BCIJ", "DGSN")), Source("c-1"))
    assert len(other) == 2


TAMESNA = Place("Tamesna", "MA", 8299790)


def test_bridge_skips_a_fused_event_whose_counts_already_split() -> None:
    # members saying 3 and 12 arrests may be two look-alikes already: do not chain a third
    fuser = Fuser()
    split = fuser.add(ev("a-1", date="2024-03-05", places=(TETOUAN,), arrests=3), Source("a-1"))
    assert fuser.add(ev("a-2", date="2024-03-05", places=(TETOUAN,), arrests=12), Source("a-2")) == split
    other = fuser.add(ev("b-1", date="2024-03-07", places=(FES,), arrests=12), Source("b-1"))
    assert other != split
    fuser.add(ev("c-1", date="2024-03-06", places=(TETOUAN, FES), arrests=12), Source("c-1"))
    assert len(fuser) == 2


def test_store_rewrites_members_of_a_bridged_fused_event(tmp_path) -> None:
    from .test_store import bridge_reports, check_bridge

    store = SQLiteStore(tmp_path / "m.db")
    check_bridge(store, bridge_reports())
    store.close()


def test_bridge_compares_the_most_precise_dates() -> None:
    # month-only reports of each town fit everything in May; the stated days, ten days apart,
    # say the Tetouan and Fes operations are two
    fuser = Fuser()
    tetouan = fuser.add(ev("a-1", date="2024-05-02", places=(TETOUAN,), arrests=4), Source("a-1"))
    assert fuser.add(ev("a-2", date="2024-05", places=(TETOUAN,), arrests=4), Source("a-2")) == tetouan
    fes = fuser.add(ev("b-1", date="2024-05-12", places=(FES,), arrests=4), Source("b-1"))
    assert fuser.add(ev("b-2", date="2024-05", places=(FES,), arrests=4), Source("b-2")) == fes
    fuser.add(ev("c-1", date="2024-05", places=(TETOUAN, FES), arrests=4), Source("c-1"))
    assert len(fuser) == 2 and not fuser.merged()


# -- which happening a report is about ---------------------------------------------------------------
def test_main_event_prefers_a_fuller_restatement_of_the_lead() -> None:
    # a vague lede (no date) and the body's fuller account of the same cell (same count, same
    # places, a date): the fuller one is what other reports will match
    vague = ev("d", places=(TETOUAN, FES), arrests=3)
    full = ev("d", date="2018-09-06", places=(FES, TETOUAN), arrests=3)
    assert main_event([vague, full]) == 1
    placeless = ev("d", type="attack", date="2018-12-14", killed=3)
    placed = ev("d", type="attack", date="2018-12-17", places=(TETOUAN,), killed=3)
    assert main_event([placeless, placed]) == 1
    # not when the count differs, the type differs, or a place of the lead is missing
    assert main_event([vague, ev("d", date="2018-09-06", places=(FES, TETOUAN), arrests=5)]) == 0
    assert main_event([vague, ev("d", type="arrest", date="2018-09-06", places=(FES, TETOUAN),
                                 arrests=3)]) == 0
    assert main_event([vague, ev("d", date="2018-09-06", places=(FES,), arrests=3)]) == 0
    # nor when it adds nothing
    assert main_event([full, ev("d", date="2018-09-07", places=(FES, TETOUAN), arrests=3)]) == 0


def test_main_event_follows_the_title() -> None:
    quote = Evidence("d", 40, 45, "فاس")
    recalled = ev("d", type="attack", date="2003-05-16", places=(CASABLANCA,), killed=33)
    today = ev("d", date="2024-03-05", places=(Place("Fes", "MA", 2548885, evidence=quote),), arrests=4)
    assert main_event([recalled, today]) == 0
    assert main_event([recalled, today], "Police dismantle a cell in Fes") == 1
    assert main_event([recalled, today], "تفكيك خلية إرهابية في فاس") == 1  # the report's own word
    assert main_event([recalled, today], "Fesses et autres") == 0  # whole words only
    assert main_event([recalled, today], "Casablanca remembers 2003") == 0
    # the fuser takes the title from the source: the undated titled event is the report's own
    # and takes its publication week, so a Fes report three months later is another happening
    fuser = Fuser()
    ids = fuser.add_document([recalled, ev("d", places=(FES,), arrests=4)],
                             Source("d", published="2024-03-06", title="Arrests in Fes"))
    later = fuser.add(ev("e", date="2024-06-05", places=(FES,), arrests=4), Source("e"))
    assert later != ids[1]


def test_dismantling_and_arrests_of_one_cell_meet_but_an_attack_and_its_arrests_do_not() -> None:
    # "cell dismantled" and "four arrested" are one operation, dated or not
    for day in ("2024-03-05", None):
        cell = ev("a-1", date=day, places=(TETOUAN,), arrests=4)
        arrests = ev("b-1", type="arrest", date=day, places=(TETOUAN,), arrests=4)
        assert len(fuse([(cell, Source("a-1")), (arrests, Source("b-1"))])) == 1
    # the arrests that follow an attack are a happening of their own
    attack = ev("c-1", type="attack", date="2024-03-05", places=(TETOUAN,), killed=2)
    after = ev("d-1", type="arrest", date="2024-03-06", places=(TETOUAN,), arrests=2)
    assert len(fuse([(attack, Source("c-1")), (after, Source("d-1"))])) == 2


# -- court rulings: the court's seat is not the case's place ------------------------------------
SALE = Place("Sale", "MA", 2537763, 34.0389, -6.8166)  # seat of the Moroccan anti-terrorism court
MARRAKESH = Place("Marrakesh", "MA", 2542997, 31.6342, -7.9999)
IMLIL = Place("Imlil", "MA", 2544041, 31.1370, -7.9190)
COURT = "Sale Anti-Terrorism Court"


def ruling(doc: str, **kw: object) -> Event:
    base: dict[str, object] = dict(type="court_ruling", agencies=(COURT,))
    base.update(kw)
    return ev(doc, **base)


def test_rulings_of_two_cases_in_one_court_stay_apart() -> None:
    # both trials are held in Sale, the count agrees; the towns of the cases differ
    fuser = Fuser()
    a = fuser.add(ruling("a-1", places=(SALE, MARRAKESH), arrests=10), Source("a-1"))
    assert fuser.add(ruling("b-1", places=(SALE, IMLIL), arrests=10), Source("b-1")) != a
    # a shared court seat alone weighs like a shared agency: undated it needs more
    fuser2 = Fuser()
    seat_only = fuser2.add(ruling("c-1", places=(SALE,), arrests=10), Source("c-1"))
    assert fuser2.add(ruling("d-1", places=(SALE, IMLIL)), Source("d-1")) != seat_only
    # ... but one court and defendant counts that agree make it the same trial
    assert fuser2.add(ruling("e-1", places=(SALE,), arrests=11), Source("e-1")) == seat_only
    # the same case's place still fuses
    assert fuser.add(ruling("f-1", places=(SALE, MARRAKESH)), Source("f-1")) == a


def test_placeless_ruling_is_matched_by_the_place_of_the_attack_its_report_tells() -> None:
    fuser = Fuser()
    trial = ev("a-1", type="court_ruling", places=(SALE, MARRAKESH))
    [fid] = fuser.add_document([trial], Source("a-1"))
    report = [ev("b-1", type="attack", places=(MARRAKESH,), killed=17),
              ev("b-1", type="court_ruling")]
    ids = fuser.add_document(report, Source("b-1"))
    assert ids[1] == fid
    # the fused record keeps the places its members state: no borrowed place is added
    assert [p.name for p in fuser.get(fid).places] == ["Marrakesh", "Sale"]
    # a ruling naming only the court's seat borrows the case's place too
    seat_only = [ev("c-1", type="attack", places=(IMLIL,), killed=2),
                 ruling("c-1", places=(SALE,))]
    assert fuser.add_document(seat_only, Source("c-1"))[1] != fid


def test_undated_placeless_report_finds_a_dated_placeless_fused_event() -> None:
    fuser = Fuser()
    dated = ev("a-1", date="2025-02-19", agencies=("BCIJ",), affiliation=("Islamic State",))
    fid = fuser.add(dated, Source("a-1", published="2025-02-19"))
    undated = ev("b-1", agencies=("BCIJ",), affiliation=("Islamic State",))
    assert fuser.add(undated, Source("b-1")) == fid


def test_bridge_keeps_the_matching_state_of_the_merged_fused_event() -> None:
    # a merged fused event keeps the places its members were matched by (here a borrowed one)
    fuser = Fuser()
    first = fuser.add_document([ev("a-1", type="attack", places=(MARRAKESH,), killed=17),
                                ev("a-1", type="court_ruling", arrests=9)], Source("a-1"))[1]
    second = fuser.add(ruling("b-1", places=(SALE, IMLIL), arrests=9), Source("b-1"))
    assert first != second
    fuser.add(ruling("c-1", places=(SALE, MARRAKESH, IMLIL), arrests=9), Source("c-1"))
    assert fuser.resolve(second) == first
    assert fuser.add(ruling("d-1", places=(MARRAKESH,), arrests=9), Source("d-1")) == first


def test_ruling_dated_inside_the_attack_it_judges_is_matched_as_undated() -> None:
    # the report gives its ruling the attack's month (a trial comes years later): matched on
    # that date it could never meet the ruling's other reports
    fuser = Fuser()
    verdict = fuser.add(ruling("a-1", date="2023-09-15", places=(SALE, MARRAKESH), arrests=9),
                        Source("a-1", published="2023-09-15"))
    report = [ev("b-1", type="attack", date="2011-04", places=(MARRAKESH,), killed=17),
              ruling("b-1", date="2011-04", places=(SALE, MARRAKESH), arrests=9)]
    assert fuser.add_document(report, Source("b-1"))[1] == verdict
    # a ruling dated after the attack keeps its date: here it contradicts the verdict's
    later = [ev("c-1", type="attack", date="2011-04", places=(MARRAKESH,), killed=17),
             ruling("c-1", date="2012-01-10", places=(SALE, MARRAKESH), arrests=9)]
    assert fuser.add_document(later, Source("c-1"))[1] != verdict


# -- one happening told over several days, in several towns, or by one court ----------------------
def test_multi_day_attack_at_one_town_is_one_happening_whatever_the_tolls() -> None:
    # day one at Fes: 36 dead; a report the next day names no town and says 6 (apart: the
    # tolls contradict); a report at Fes on that day says 7 and joins one of them. A report
    # at Fes on day one fits both: the toll rose over the days, so they are one happening
    fuser = Fuser()
    atk = dict(type="attack", countries=("MA",))
    first = fuser.add(ev("a-1", date="2024-03-07", places=(FES,), killed=36, **atk), Source("a-1"))
    placeless = fuser.add(ev("b-1", date="2024-03-08", killed=6, **atk), Source("b-1"))
    assert placeless != first
    fuser.add(ev("c-1", date="2024-03-08", places=(FES,), killed=7, **atk), Source("c-1"))
    fuser.add(ev("d-1", date="2024-03-10", places=(FES,), killed=4, **atk), Source("d-1"))
    fuser.add(ev("e-1", date="2024-03-07", places=(FES,), killed=55, **atk), Source("e-1"))
    assert len(fuser) == 1 and fuser.resolve(placeless) == first
    # arrests are a fixed fact: the same reports of arrests stay two operations
    fuser = Fuser()
    first = fuser.add(ev("a-1", date="2024-03-07", places=(FES,), arrests=36), Source("a-1"))
    placeless = fuser.add(ev("b-1", date="2024-03-08", arrests=6), Source("b-1"))
    fuser.add(ev("c-1", date="2024-03-08", places=(FES,), arrests=7), Source("c-1"))
    fuser.add(ev("e-1", date="2024-03-07", places=(FES,), arrests=55), Source("e-1"))
    assert fuser.resolve(placeless) != fuser.resolve(first)


def test_undated_toll_within_a_multi_day_attacks_spread_joins_it() -> None:
    # the attack at Fes: two reports say 7 dead, a later one 40 (the toll rose); an older
    # happening at Fes counted 30. An undated report of 35 dead at Fes is inside the spread
    # of the first, and should not be sent to the look-alike by the first's majority toll
    fuser = Fuser()
    atk = dict(type="attack", countries=("MA",))
    old = fuser.add(ev("o-1", date="2024-01-10", places=(FES,), killed=30, **atk), Source("o-1"))
    big = fuser.add(ev("a-1", date="2024-03-07", places=(FES,), killed=7, **atk), Source("a-1"))
    assert big != old
    fuser.add(ev("a-2", date="2024-03-07", places=(FES,), killed=7, **atk), Source("a-2"))
    assert fuser.add(ev("a-3", date="2024-03-09", places=(FES,), killed=40, **atk), Source("a-3")) == big
    assert fuser.add(ev("u-1", places=(FES,), killed=35, **atk), Source("u-1")) == big


def test_ruling_naming_only_the_courts_town_meets_on_the_defendant_count() -> None:
    # neither report names the court, both name its seat; defendant counts within one
    fuser = Fuser()
    verdict = fuser.add(ev("a-1", type="court_ruling", date="2023-09-15", places=(SALE,), arrests=8),
                        Source("a-1", published="2023-09-15"))
    undated = ev("b-1", type="court_ruling", places=(SALE,), arrests=7)
    assert fuser.add(undated, Source("b-1")) == verdict
    # a clearly different count is another trial in that court
    assert fuser.add(ev("c-1", type="court_ruling", places=(SALE,), arrests=24), Source("c-1")) != verdict


def test_dated_rulings_at_one_courts_town_meet_when_their_dates_agree() -> None:
    # a report of the month (publication date 2023-07 only) and one of a day in it, both in
    # the court's town with no count: one verdict; the sentencing two months later is another
    fuser = Fuser()
    month = fuser.add(ev("a-1", type="court_ruling", places=(SALE, MARRAKESH)), Source("a-1", published="2023-07"))
    day = ev("b-1", type="court_ruling", date="2023-07-18", places=(SALE,))
    assert fuser.add(day, Source("b-1", published="2023-07-24")) == month
    later = ev("c-1", type="court_ruling", date="2023-09-15", places=(SALE,))
    assert fuser.add(later, Source("c-1", published="2023-09-15")) != month


def test_report_counting_one_town_of_a_multi_town_operation_joins_it() -> None:
    # an operation in Tetouan and Fes: three reports say 7 arrests, one says 3 (Fes only).
    # An undated report of the 3 arrests, same agency, at places the operation names, is it
    fuser = Fuser()
    facts = dict(agencies=("BCIJ",), countries=("MA",))
    op = fuser.add(ev("a-1", date="2024-05-02", places=(TETOUAN, FES), arrests=7, **facts), Source("a-1"))
    for doc in ("a-2", "a-4"):
        fuser.add(ev(doc, date="2024-05-02", places=(TETOUAN, FES), arrests=7, **facts), Source(doc))
    assert fuser.add(ev("a-3", date="2024-05-02", places=(FES,), arrests=3, **facts), Source("a-3")) == op
    assert fuser.add(ev("u-1", places=(TETOUAN, FES), arrests=3, **facts), Source("u-1")) == op
    # a figure no member gives, or one told by another agency, still tells a look-alike apart
    assert fuser.add(ev("u-2", places=(TETOUAN, FES), arrests=2, **facts), Source("u-2")) != op
    assert fuser.add(ev("u-3", places=(TETOUAN, FES), arrests=3, agencies=("DGSN",)), Source("u-3")) != op


NADOR = Place("Nador", "MA", 2541479, 35.17, -2.93)


def test_joint_operation_in_two_countries_is_bridged_by_a_report_naming_both_towns() -> None:
    fuser = Fuser()
    es = fuser.add(ev("a-1", date="2019-12-04", places=(MADRID,), countries=("ES",), arrests=3),
                   Source("a-1"))
    ma = fuser.add(ev("b-1", date="2019-12-04", places=(NADOR,), countries=("MA",), arrests=4),
                   Source("b-1"))
    assert es != ma
    both = ev("c-1", date="2019-12-04", places=(MADRID, NADOR), countries=("ES", "MA"), arrests=3)
    fuser.add(both, Source("c-1"))
    assert fuser.resolve(ma) == fuser.resolve(es) and len(fuser) == 1
    # attacks in two countries on one day stay two happenings
    fuser = Fuser()
    atk = dict(type="attack", date="2019-12-04")
    x = fuser.add(ev("a-1", places=(MADRID,), countries=("ES",), **atk), Source("a-1"))
    y = fuser.add(ev("b-1", places=(NADOR,), countries=("MA",), **atk), Source("b-1"))
    fuser.add(ev("c-1", places=(MADRID, NADOR), countries=("ES", "MA"), **atk), Source("c-1"))
    assert fuser.resolve(x) != fuser.resolve(y)


# -- dateline dates, ties, a lone kin happening, the judged attack's town -------------------------
RIVERTON = Place("Riverton", "ES", 9100001, 41.40, 2.17)  # invented town
HILLBURY = Place("Hillbury", "FR", 9100002, 48.90, 2.30)
LAKESIDE = Place("Lakeside", "FR", 9100003, 43.30, 5.40)
BRUSSELS = Place("Brussels", "BE", 2800866, 50.8503, 4.3517)  # seat of the Brussels Assize Court
PARIS = Place("Paris", "FR", 2988507, 48.8534, 2.3488)


def test_attack_dated_on_its_publication_day_falls_back_to_the_publication_week() -> None:
    fuser = Fuser()
    attack = fuser.add(ev("a-1", type="attack", date="2024-05-10", places=(RIVERTON,), countries=("ES",),
                          killed=14), Source("a-1", published="2024-05-11"))
    # a follow-up six days later dated by its dateline: the stated day meets nothing, the
    # publication week does
    late = ev("b-1", type="attack", date="2024-05-16", places=(RIVERTON,), countries=("ES",), killed=15)
    assert fuser.add(late, Source("b-1", published="2024-05-16")) == attack
    # a day that is not the publication day is the report's own statement: kept
    fuser1 = Fuser()
    first = fuser1.add(ev("a-1", type="attack", date="2024-05-10", places=(RIVERTON,), countries=("ES",),
                          killed=14), Source("a-1", published="2024-05-11"))
    other = ev("c-1", type="attack", date="2024-05-16", places=(RIVERTON,), countries=("ES",), killed=15)
    assert fuser1.add(other, Source("c-1", published="2024-05-20")) != first
    # arrests keep their stated day: two operations in one town on nearby days are common
    fuser2 = Fuser()
    op = fuser2.add(ev("d-1", date="2024-05-10", places=(TETOUAN,), arrests=4),
                    Source("d-1", published="2024-05-10"))
    again = ev("e-1", date="2024-05-16", places=(TETOUAN,), arrests=4)
    assert fuser2.add(again, Source("e-1", published="2024-05-16")) != op


def test_undated_placeless_report_fitting_two_look_alikes_equally_joins_neither() -> None:
    fuser = Fuser()
    # two dated operations in one country with the same count, in different towns
    big = fuser.add(ev("a-1", date="2019-04-10", places=(HILLBURY,), countries=("FR",), arrests=4),
                    Source("a-1", published="2019-04-10"))
    for doc in ("b-1", "c-1"):
        fuser.add(ev(doc, date="2019-04-11", places=(HILLBURY,), countries=("FR",), arrests=4),
                  Source(doc, published="2019-04-11"))
    small = fuser.add(ev("d-1", date="2015-07-13", places=(LAKESIDE,), countries=("FR",), arrests=4),
                      Source("d-1", published="2015-07-13"))
    assert big != small
    # no date, no town, the same count as both: the larger one is no likelier
    vague = ev("e-1", countries=("FR",), arrests=4)
    fid = fuser.add(vague, Source("e-1"))
    assert fid not in (big, small)
    # with only one of them it joins as before
    fuser2 = Fuser()
    only = fuser2.add(ev("a-1", date="2019-04-10", places=(HILLBURY,), countries=("FR",), arrests=4),
                      Source("a-1", published="2019-04-10"))
    assert fuser2.add(vague, Source("e-1")) == only


def test_report_with_only_country_and_group_joins_the_single_such_happening() -> None:
    fuser = Fuser()
    murders = fuser.add(ev("a-1", type="attack", date="2018-12-17", places=(IMLIL,), killed=2,
                           affiliation=("Islamic State",)), Source("a-1", published="2018-12-18"))
    fuser.add(ev("b-1", type="attack", date="2011-04-28", places=(MARRAKESH,), killed=17),
              Source("b-1", published="2011-04-28"))
    vague = ev("c-1", type="attack", affiliation=("Islamic State",))
    assert fuser.add(vague, Source("c-1")) == murders
    # a toll is a fact the usual rules weigh: this rule is only for reports giving none
    tolled = ev("d-1", type="attack", killed=30, affiliation=("Islamic State",))
    assert fuser.add(tolled, Source("d-1")) != murders
    # with two happenings of that group in the country it cannot say which
    fuser.add(ev("e-1", type="attack", date="2020-03-01", places=(TETOUAN,), killed=1,
                 affiliation=("Islamic State",)), Source("e-1", published="2020-03-01"))
    assert fuser.add(vague, Source("f-1")) not in (murders,)


def test_judged_attack_in_a_court_town_is_the_case_place() -> None:
    fuser = Fuser()
    # a 2022 ruling on the Paris attacks, and a 2023 one on an attack in Brussels, both told
    # with the court's town only
    paris_report = [ev("a-1", type="attack", date="2015-11-13", places=(PARIS,), countries=("FR",)),
                    ev("a-1", type="court_ruling", date="2022-06-29", places=(BRUSSELS, PARIS),
                       countries=("BE", "FR"))]
    paris_case = fuser.add_document(paris_report, Source("a-1", published="2022-06-30"))[1]
    brussels_report = [ev("b-1", type="court_ruling", date="2023-07-25", places=(BRUSSELS,), countries=("BE",)),
                       ev("b-1", type="attack", date="2016-03-22", places=(BRUSSELS,), countries=("BE",),
                          killed=32)]
    brussels_case = fuser.add_document(brussels_report, Source("b-1", published="2023-07-25"))[0]
    assert paris_case != brussels_case
    # an undated report of a verdict in Brussels on the attack in Brussels: the attack's town
    # is the case's place, though the court sits there too
    undated = [ev("c-1", type="attack", places=(BRUSSELS,), countries=("BE",)),
               ev("c-1", type="court_ruling", places=(BRUSSELS,), countries=("BE",), arrests=10)]
    assert fuser.add_document(undated, Source("c-1"))[1] == brussels_case


def test_restoring_a_report_matches_it_as_when_it_was_fused() -> None:
    # a store reloaded between runs restores each report's events together: the ruling keeps the
    # case places its report lent it (the attack it judges), as in one long run
    brussels = Place("Brussels", "BE", 2800866)
    report = [ev("a", type="court_ruling", countries=("BE",)),
              ev("a", type="attack", date="2016-03-22", places=(brussels,), countries=("BE",), killed=32)]
    src = Source("a", published="2023-07-25")
    first = Fuser()
    ids = first.add_document(report, src)
    again = Fuser()
    again.restore_document(ids, report, src)
    assert again._clusters[ids[0]].case_keys == first._clusters[ids[0]].case_keys != set()
    one_by_one = Fuser()
    for fid, e in zip(ids, report):
        one_by_one.restore(fid, e, src)
    assert not one_by_one._clusters[ids[0]].case_keys  # what a per-event restore loses


def test_undated_attack_toll_below_every_report_is_a_partial_count_not_a_look_alike() -> None:
    fuser = Fuser()
    dated = [("a-1", 31), ("b-1", 34), ("c-1", 32)]
    for doc, toll in dated:
        main = fuser.add(ev(doc, type="attack", date="2024-03-22", places=(RIVERTON, HILLBURY),
                            countries=("ES",), killed=toll), Source(doc, published="2024-03-22"))
    # a look-alike elsewhere in the country that shares one of the towns and gives no toll
    other = fuser.add(ev("x-1", type="attack", date="2023-11", places=(HILLBURY, LAKESIDE), countries=("ES",)),
                      Source("x-1", published="2023-11-20"))
    assert other != main
    # an undated report of both towns with the first site's toll (14): an early, partial count
    partial = ev("d-1", type="attack", places=(RIVERTON, HILLBURY), countries=("ES",), killed=14)
    assert fuser.add(partial, Source("d-1")) == main


def test_a_report_dated_only_by_its_publication_day_may_come_weeks_after_the_operation() -> None:
    said = (("type", Evidence("x", 0, 8, "detenido")),)  # extractor output: evidence, but none for the date
    fuser = Fuser()
    op = fuser.add(ev("a-1", type="arrest", date="2025-01-20", places=(MADRID,), countries=("ES",), arrests=7,
                      agencies=("Guardia Civil",), field_evidence=said + (("date", Evidence("a-1", 9, 20, "20 de enero")),)),
                   Source("a-1", published="2025-02-03"))
    # an announcement two weeks later with no day of its own (the extractor gave it the publication day)
    late = ev("b-1", type="arrest", date="2025-02-03", places=(MADRID,), countries=("ES",), arrests=7,
              agencies=("Guardia Civil",), field_evidence=said)
    assert fuser.add(late, Source("b-1", published="2025-02-03")) == op
    # a report stating that day in its text is another operation
    fuser = Fuser()
    op = fuser.add(ev("a-1", type="arrest", date="2025-01-20", places=(MADRID,), countries=("ES",), arrests=7,
                      agencies=("Guardia Civil",), field_evidence=said + (("date", Evidence("a-1", 9, 20, "20 de enero")),)),
                   Source("a-1", published="2025-02-03"))
    stated = ev("c-1", type="arrest", date="2025-02-03", places=(MADRID,), countries=("ES",), arrests=7,
                agencies=("Guardia Civil",), field_evidence=said + (("date", Evidence("c-1", 9, 20, "3 de febrero")),))
    assert fuser.add(stated, Source("c-1", published="2025-02-03")) != op
