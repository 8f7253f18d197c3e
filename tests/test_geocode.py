"""Place and country matching: clitics, stop-words, disambiguation and evidence offsets."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marsad.gazetteer import build_gazetteer
from marsad.geocode import Gazetteer

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer.load(build_gazetteer(tmp_path_factory.mktemp("geo") / "gazetteer.pkl"))


def names(gaz: Gazetteer, text: str, lang: str | None = None) -> list[str]:
    return [p.name for p in gaz.find_places(text, lang)]


def test_arabic_clitics(gaz: Gazetteer) -> None:
    text = "أوقف الأمن شخصين بتطوان والفنيدق وآخر للدار البيضاء ورابع وبمدينة فاس"
    places = gaz.find_places(text, "ar")
    assert [p.name for p in places] == ["Tétouan", "Fnideq", "Casablanca", "Fes"]
    assert {p.country for p in places} == {"MA"}


def test_evidence_points_into_the_original_text(gaz: Gazetteer) -> None:
    text = "اعتُقل في سَبْتَة ثم في Tánger y en Alhucemas، وفي مليلية"
    places = gaz.find_places(text)
    assert len(places) == 4
    for p in places:
        assert p.evidence is not None
        assert text[p.evidence.start:p.evidence.end] == p.evidence.quote
    assert [p.country for p in places] == ["ES", "MA", "MA", "ES"]


def test_common_words_are_not_places(gaz: Gazetteer) -> None:
    assert names(gaz, "ما بين الطرفين، وكان ناصر يقول سلام كون الأمر", "ar") == []
    assert names(gaz, "Vivía en una casa del centro y la casa era grande", "es") == []
    assert names(gaz, "The sale was a nice surprise", "en") == []
    assert names(gaz, "وحجزت أسلحة بيضاء ووكالة الأنباء", "ar") == []


def test_sale_the_city_is_capitalised(gaz: Gazetteer) -> None:
    assert names(gaz, "He was tried in Sale near Rabat.", "en") == ["Sale", "Rabat"]


def test_country_terms_are_not_towns(gaz: Gazetteer) -> None:
    assert names(gaz, "قدم من تونس إلى الجزائر", "ar") == []
    assert names(gaz, "وصل إلى العاصمة تونس", "ar") == ["Tunis"]


def test_agencies_hide_place_words(gaz: Gazetteer) -> None:
    assert names(gaz, "La Guardia Civil detuvo a un hombre en Ceuta", "es") == ["Ceuta"]


def test_country_context_breaks_ties(gaz: Gazetteer) -> None:
    found = gaz.find_places("La policía española detuvo en Valencia y Guadalajara a dos hombres", "es")
    assert [(p.name, p.country) for p in found] == [("Valencia", "ES"), ("Guadalajara", "ES")]


def test_co_mentioned_places_set_the_context(gaz: Gazetteer) -> None:
    found = gaz.find_places("Arrests in Tetouan and Fnideq", "en")
    assert [p.country for p in found] == ["MA", "MA"]


def test_places_carry_coordinates_and_ids(gaz: Gazetteer) -> None:
    (p,) = gaz.find_places("بمدينة الناظور")
    assert p.geonames_id == 2541479 and p.country == "MA"
    assert p.lat is not None and 34 < p.lat < 36 and p.admin1


def test_country_mentions_in_four_languages(gaz: Gazetteer) -> None:
    text = "السلطات المغربية والإسبانية؛ des policiers marocains; agentes españoles; Belgian police"
    isos = [iso for iso, _ in gaz.find_countries(text)]
    assert isos == ["MA", "ES", "MA", "ES", "BE"]
    for _iso, ev in gaz.find_countries(text):
        assert text[ev.start:ev.end] == ev.quote


def test_maghreb_is_not_morocco(gaz: Gazetteer) -> None:
    assert gaz.find_countries("تنظيم القاعدة في بلاد المغرب الإسلامي ودول المغرب العربي") == []
    assert [i for i, _ in gaz.find_countries("al-Qaida au Maghreb islamique")] == []


def test_mention_list_resolves(gaz: Gazetteer) -> None:
    path = HERE / "data" / "place_mentions.tsv"
    rows = list(csv.DictReader((l for l in path.open(encoding="utf-8") if not l.startswith("#")),
                               delimiter="\t"))
    assert len(rows) >= 200
    good = 0
    for r in rows:
        place = gaz.resolve(r["mention"])
        good += place is not None and str(place.geonames_id) == r["geonames_id"]
    assert good / len(rows) >= 0.95


@pytest.mark.skipif(not (SHARED / "eval" / "dev.jsonl").is_file(), reason="../shared absent")
def test_dev_gold_places_are_found(gaz: Gazetteer) -> None:
    import importlib.util
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)  # type: ignore[union-attr]
    hit = total = 0
    for line in (SHARED / "eval" / "dev.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        found = {p.name for p in gaz.find_places(doc["text"], doc["lang"])}
        for g in {p["name"] for e in doc["events"] for p in e["places"]}:
            total += 1
            hit += any(score.same_place(g, n) for n in found)
    assert hit / total >= 0.9


def test_french_exonyms_of_belgian_towns(gaz: Gazetteer) -> None:
    assert names(gaz, "Des perquisitions ont eu lieu à Malines et à Grammont.", "fr") == ["Mechelen", "Geraardsbergen"]


def test_departments_are_regions_and_need_their_country(gaz: Gazetteer) -> None:
    assert names(gaz, "dans les Yvelines", "fr") == []  # a lone department name, no French context
    places = gaz.find_places("La police française a perquisitionné dans les Yvelines et en Seine-et-Marne.", "fr")
    assert [p.name for p in places] == ["Yvelines", "Seine-et-Marne"]
    assert all(gaz.is_region(p) and p.country == "FR" for p in places)
    town = gaz.find_places("La police française a arrêté un homme à Mantes-la-Jolie.", "fr")[0]
    assert not gaz.is_region(town)


def test_department_names_that_are_words_are_not_places(gaz: Gazetteer) -> None:
    assert names(gaz, "La France a fait la Somme des Manche et du Nord.", "fr") == []


def test_far_towns_named_like_surnames_need_their_country(gaz: Gazetteer) -> None:
    text = "Hirió de gravedad al sacerdote Antonio Rodríguez en Algeciras."
    assert names(gaz, text, "es") == ["Algeciras"]


def test_surnames_after_given_names_are_not_towns(gaz: Gazetteer) -> None:
    assert names(gaz, "hirió al sacristán Diego Valencia y fue detenido en Algeciras.", "es") == ["Algeciras"]
    assert names(gaz, "Detenido en Madrid un yihadista. Valencia también.", "es") == ["Madrid", "Valencia"]
    assert names(gaz, "the Spanish Melilla enclave", "en") == ["Melilla"]


def test_names_glued_by_lost_spaces_are_split(gaz: Gazetteer) -> None:
    text = "اعتقالات في المدن المغربية فاسوالناظور والحسيمة"
    places = gaz.find_places(text, "ar")
    assert [p.name for p in places] == ["Fes", "Nador", "Al Hoceima"]
    assert [text[p.evidence.start:p.evidence.end] for p in places] == ["فاس", "الناظور", "الحسيمة"]
    assert names(gaz, "وأوضحت المصادر والتحقيقات الجارية", "ar") == []

@pytest.mark.parametrize("text", [
    "أوقفت السلطات شخصين بتطوانَ والفنيدق", "Sidi  Moumen, Casablanca_2019 (Maroc)", "", "   ",
    "ـ الرباط ـ", "e\u0301te\u0301 à Tétouan", "a_b __ c", "Rabat 😀 الرباط_", "𝔸bc Fès ²3",
])
def test_tokens_carry_the_offsets_of_their_text(gaz: Gazetteer, text: str) -> None:
    from marsad.gazetteer import TOKEN_RE

    tokens = gaz._tokenise(text)
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    assert list(zip(tokens.starts, tokens.ends)) == spans
    assert tokens.raws == [text[a:b] for a, b in spans]


# -- the scan's shortcuts must not change what it finds ---------------------------------------

def _reference_scan(gaz: Gazetteer, tokens, which: int):  # type: ignore[no-untyped-def]
    """The scan without its shortcuts: every variant grown token by token, gap test first."""
    from marsad.geocode import _ARABIC_GAP, _LATIN_GAP, _PLACE_SCAN, MAX_TOKENS, _letter_offset

    text, infos, starts, ends = tokens.text, tokens.infos, tokens.starts, tokens.ends
    place = which == _PLACE_SCAN
    is_key = gaz._is_place_key if place else gaz._countries.__contains__
    heads = gaz._prefixes()[0 if place else 1]
    resume = 0
    for i, first in enumerate(infos):
        variants = first.place_variants if place else first.country_variants
        if i < resume or not variants:
            continue
        gap_re = _ARABIC_GAP if first.arabic else _LATIN_GAP
        best_len, best_key, best_stripped = 0, "", 0
        for variant, stripped, whole, _head in variants:
            length, key = (1 if whole else 0), variant
            run, last, grown = 1, i, variant
            while run < MAX_TOKENS and last + 1 < len(infos) and gap_re.fullmatch(text, ends[last], starts[last + 1]):
                last += 1
                run += 1
                tail = infos[last].key
                grown = f"{grown} {tail}"
                probe = variant if run == 2 and not tail else grown
                if is_key(probe):
                    length, key = run, probe
                if grown not in heads:
                    break
            if length > best_len:
                best_len, best_key, best_stripped = length, key, stripped
        if best_len:
            start = starts[i] + (_letter_offset(tokens.raws[i], best_stripped) if best_stripped else 0)
            yield i, start, ends[i + best_len - 1], best_key
            resume = i + best_len


_SCAN_SAMPLES = [
    "أوقفت السلطات شخصين بتطوان والفنيدق في الدار البيضاء ـ الرباط وفي المملكة المغربية",
    "Arrested in Sidi Moumen, Casablanca and Fès; the United States and New York City police",
    "La Guardia Civil en Ceuta y Melilla, Estados Unidos, El Aaiún",
    "فاسوالدارالبيضاءوالناظور والمغرب ـ ـ تونس العاصمة",
    "وصل إلى تطوان ـ ثم إلى طنجة ـ المغرب ـ",  # a marks-only token after a name joins it
]


def test_scan_shortcuts_find_what_the_plain_scan_finds(gaz: Gazetteer) -> None:
    from marsad.geocode import _COUNTRY_SCAN, _PLACE_SCAN

    texts = list(_SCAN_SAMPLES)
    if (SHARED / "eval" / "dev.jsonl").is_file():
        texts += [json.loads(line)["text"] for line in (SHARED / "eval" / "dev.jsonl").open(encoding="utf-8")]
    for text in texts:
        tokens = gaz._tokenise(text)
        for which in (_PLACE_SCAN, _COUNTRY_SCAN):
            assert list(gaz._scan(tokens, which)) == list(_reference_scan(gaz, tokens, which))


def test_glued_gate_is_the_glued_regex_on_the_text(gaz: Gazetteer) -> None:
    from marsad.geocode import _GLUED_CANDIDATE

    for text in _SCAN_SAMPLES + ["فاسَوالرباط", "بووو", "abc وال ولو", "الوطنية"]:
        tokens = gaz._tokenise(text)
        assert any(i.glued_run for i in tokens.infos) == (_GLUED_CANDIDATE.search(text) is not None)


def test_cached_priors_choose_what_the_full_score_chooses(gaz: Gazetteer) -> None:
    import math
    from collections import Counter

    from marsad.gazetteer import SOURCE_ADMIN, SOURCE_ALIAS, SOURCE_MAIN
    from marsad.geocode import PREFERRED

    def best(codes: tuple[int, ...], ctx: Counter[str]) -> int | None:  # the score summed afresh
        top, top_score = None, -1e9
        for code in codes:
            _gid, _name, cc, _lat, _lon, _a1, pop, tier = gaz._places[code >> 2]
            score = math.log10(pop + 10) + {SOURCE_ALIAS: 2.0, SOURCE_MAIN: 0.8, SOURCE_ADMIN: 0.5}.get(code & 3, 0.0)
            score += 1.0 if tier == 2 else 0.0
            score += 2.5 if ctx.get(cc) else 0.0
            score += 0.7 if cc in PREFERRED else 0.0
            if score > top_score:
                top, top_score = code >> 2, score
        return top

    for text in _SCAN_SAMPLES:
        for ctx in (Counter(), Counter({"MA": 1}), Counter({"ES": 2, "US": 1})):
            for m in gaz._mentions(gaz._tokenise(text), None):
                chosen = gaz._choose(m, ctx)
                assert chosen is None or chosen == best(m.codes, ctx)


def test_cached_anchors_count_what_the_plain_rule_counts(gaz: Gazetteer) -> None:
    from collections import Counter

    from marsad.geocode import _NEAR_REGION

    def plain(mentions) -> Counter[str]:  # type: ignore[no-untyped-def]
        ctx: Counter[str] = Counter()
        for m in mentions:
            rows = sorted((gaz._places[c >> 2] for c in m.codes), key=lambda r: -r[6])
            top = rows[0]
            runner = next((r[6] for r in rows[1:] if r[2] != top[2]), 0)
            big = top[6] >= 1_000_000 or (top[6] >= 50_000 and top[2] in _NEAR_REGION)
            if big and top[6] >= 10 * max(runner, 1) or top[7] == 2:
                ctx[top[2]] += 1
        return ctx

    for text in _SCAN_SAMPLES * 2:  # the second round reads the cache
        mentions = list(gaz._mentions(gaz._tokenise(text), None))
        assert gaz._anchor_countries(mentions) == plain(mentions)


def test_find_spans_is_find_with_country_tuples(gaz: Gazetteer) -> None:
    for text in _SCAN_SAMPLES:
        for lang in (None, "ar", "fr", "es", "en"):
            places, countries = gaz.find(text, lang)
            places2, spans = gaz.find_spans(text, lang)
            assert places2 == places
            assert [(iso, (a, b, q)) for a, b, q, iso in spans] == [
                (iso, (ev.start, ev.end, ev.quote)) for iso, ev in countries]



def test_cue_only_name_inside_a_list_of_towns(gaz: Gazetteer) -> None:
    # الجديدة alone is "the new"; in a list of towns it is El Jadida
    assert names(gaz, "ينشطون بمدن فاس، والجديدة، وآسفي", "ar") == ["Fes", "El Jadida", "Safi"]
    assert names(gaz, "وصلت السيارة الجديدة أمس", "ar") == []
    assert names(gaz, "حجز الأسلحة البيضاء", "ar") == []


def test_geo_round_aliases(gaz: Gazetteer) -> None:
    assert names(gaz, "perquisitions à Laeken", "fr") == ["Brussels"]
    assert names(gaz, "بوابة كعام", "ar") == ["Kaam"]
    assert names(gaz, "خلية أمغالا", "ar") == ["Amgala"]
    assert names(gaz, "un camp à Soumpi", "fr") == ["Soumpi"]


def test_scan_gates_agree_with_keys_and_heads(gaz: Gazetteer) -> None:
    """A head's followers are exactly the words that make ``head word`` a key or a longer
    key's head, which is what lets _scan skip a token whose next word is none of them."""
    place_next, country_next = gaz._followers()
    place_heads, country_heads = gaz._prefixes()
    for followers, heads, is_key in ((place_next, place_heads, gaz._is_place_key),
                                     (country_next, country_heads, gaz._countries.__contains__)):
        assert set(followers) == set(heads)
        probes = ("maroc", "the", "city", "المغرب", "البيضاء", "york", "unidos", "")
        for head in sorted(followers)[:: max(1, len(followers) // 300)]:
            for word in sorted(followers[head])[:3]:
                assert is_key(f"{head} {word}") or f"{head} {word}" in heads
            for word in probes:
                grows = is_key(f"{head} {word}") or f"{head} {word}" in heads
                assert grows == (word in followers[head])
