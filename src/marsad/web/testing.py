"""A small invented world for testing and demonstrating the workbench without the extractor.

The sentences are written for Marsad (no third-party text). Events are built by hand with
evidence offsets computed from the text, so pages and the API can be tested on exact values
whatever the extractor currently finds. ``HOSTILE`` is an article that tries to inject markup.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models import Document, Event, Evidence, Extraction, Place, Statistic
from ..store.auth import AuthStore
from ..store.sqlite import SQLiteStore

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = (f"Casablanca police arrested one suspect on Friday. {SCRIPT} The statement added {IMG} "
                "that the suspect was linked to a cell.")

PASSWORD = "correct horse 42"


@dataclass(frozen=True, slots=True)
class Sample:
    doc: Document
    events: tuple[Event, ...]
    statistics: tuple[Statistic, ...] = ()


def _ev(doc: Document, quote: str) -> Evidence:
    start = doc.text.index(quote)
    return Evidence(doc.doc_id, start, start + len(quote), quote)


def samples() -> list[Sample]:
    en = Document(
        doc_id="web-en-1", lang="en", published="2024-03-03", url="https://example.org/en/1",
        title="Cell dismantled in Tetouan",
        text=("Rabat. Moroccan police dismantled a cell of four suspects loyal to Daesh in Tetouan and Tangier, "
              "the central bureau said on Sunday. Investigators seized knives and a laptop. Since 2002 the bureau "
              "has arrested 120 people in such cases."),
    )
    ar = Document(
        doc_id="web-ar-1", lang="ar", published="2024-05-09", url="https://example.org/ar/1",
        title="تفكيك خلية في فاس",
        text=("أعلن المكتب المركزي للأبحاث القضائية يوم الخميس تفكيك خلية إرهابية من ثلاثة عناصر في مدينة فاس، "
              "وحجز أسلحة بيضاء. وأوقف المكتب منذ 2002 ما مجموعه 135 شخصا."),
    )
    es = Document(
        doc_id="web-es-1", lang="es", published="2023-11-20", url="https://example.org/es/1",
        title="Detenido en Ceuta",
        text="La Guardia Civil detuvo en Ceuta a un joven acusado de difundir propaganda yihadista en redes sociales.",
    )
    hostile = Document(
        doc_id="web-hostile-1", lang="en", published="2024-06-14", url="javascript:alert(1)",
        title=f"Arrest {SCRIPT}", text=HOSTILE_TEXT,
    )
    tetouan = Place("Tetouan", "MA", 2528910, 35.5785, -5.3684, evidence=_ev(en, "Tetouan"))
    tangier = Place("Tangier", "MA", 2530335, 35.7673, -5.7998, evidence=_ev(en, "Tangier"))
    fez = Place("Fes", "MA", 2548885, 34.0331, -5.0003, evidence=_ev(ar, "فاس"))
    ceuta = Place("Ceuta", "ES", 2519582, 35.8894, -5.3213, evidence=_ev(es, "Ceuta"))
    casa = Place("Casablanca", "MA", 2553604, 33.5883, -7.6114, evidence=_ev(hostile, "Casablanca"))
    return [
        Sample(en, (Event(
            doc_id=en.doc_id, type="dismantling", date="2024-03-03", places=(tetouan, tangier), countries=("MA",),
            agencies=("BCIJ",), affiliation=("Islamic State",), arrests=4, seized=("bladed_weapons", "electronics"),
            evidence=(_ev(en, "Moroccan police dismantled a cell of four suspects loyal to Daesh"),),
            field_evidence=(("places", _ev(en, "Tetouan")), ("places", _ev(en, "Tangier")),
                            ("arrests", _ev(en, "four suspects")), ("seized", _ev(en, "knives and a laptop"))),
        ),), (Statistic(en.doc_id, "arrests", 120, "exact", country="MA", start="2002",
                        evidence=(_ev(en, "arrested 120 people"),)),)),
        Sample(ar, (Event(
            doc_id=ar.doc_id, type="dismantling", date="2024-05-09", places=(fez,), countries=("MA",),
            agencies=("BCIJ",), arrests=3, seized=("bladed_weapons",),
            evidence=(_ev(ar, "تفكيك خلية إرهابية من ثلاثة عناصر"),),
            field_evidence=(("places", _ev(ar, "فاس")), ("seized", _ev(ar, "أسلحة بيضاء"))),
        ),), (Statistic(ar.doc_id, "arrests", 135, "exact", country="MA", start="2002",
                        evidence=(_ev(ar, "135 شخصا"),)),)),
        Sample(es, (Event(
            doc_id=es.doc_id, type="arrest", date="2023-11-20", places=(ceuta,), countries=("ES",),
            agencies=("Guardia Civil",), arrests=1,
            evidence=(_ev(es, "La Guardia Civil detuvo en Ceuta a un joven"),),
        ),)),
        Sample(hostile, (Event(
            doc_id=hostile.doc_id, type="arrest", date="2024-06-14", places=(casa,), countries=("MA",),
            agencies=(f"Police {IMG}",), affiliation=(SCRIPT,), arrests=1,
            evidence=(_ev(hostile, f"Casablanca police arrested one suspect on Friday. {SCRIPT}"),),
            field_evidence=(("agencies", _ev(hostile, IMG)),),
        ),)),
    ]


def fusion_samples() -> list[Sample]:
    """One invented operation told twice: in French (four arrested) and in Arabic (five), by two
    outlets, a day after it happened. Fusion should make them one event with an arrests dispute."""
    fr = Document(
        doc_id="web-fr-2", lang="fr", published="2024-09-12", url="https://exemple.fr/actu/2",
        title="Cellule démantelée à Nador",
        text=("La police marocaine a démantelé mercredi à Nador une cellule de quatre extrémistes, "
              "selon un communiqué publié jeudi par la DGSN."),
    )
    ar = Document(
        doc_id="web-ar-2", lang="ar", published="2024-09-12", url="https://example.ma/news/2",
        title="تفكيك خلية في الناظور",
        text="فككت الشرطة المغربية يوم الأربعاء في الناظور خلية تضم خمسة متطرفين، حسب بلاغ للمديرية العامة للأمن الوطني.",
    )
    nador_fr = Place("Nador", "MA", 2541479, 35.1681, -2.9335, evidence=_ev(fr, "Nador"))
    nador_ar = Place("الناظور", "MA", 2541479, 35.1681, -2.9335, evidence=_ev(ar, "الناظور"))
    return [
        Sample(fr, (Event(
            doc_id=fr.doc_id, type="dismantling", date="2024-09-11", places=(nador_fr,), countries=("MA",),
            agencies=("DGSN",), arrests=4,
            evidence=(_ev(fr, "La police marocaine a démantelé mercredi à Nador une cellule"),),
            field_evidence=(("places", _ev(fr, "Nador")), ("arrests", _ev(fr, "quatre extrémistes"))),
        ),)),
        Sample(ar, (Event(
            doc_id=ar.doc_id, type="dismantling", date="2024-09-11", places=(nador_ar,), countries=("MA",),
            agencies=("DGSN",), arrests=5,
            evidence=(_ev(ar, "فككت الشرطة المغربية يوم الأربعاء في الناظور خلية"),),
            field_evidence=(("places", _ev(ar, "الناظور")), ("arrests", _ev(ar, "خمسة متطرفين"))),
        ),)),
    ]


def seed(store: SQLiteStore, with_fusion: bool = False) -> dict[str, int]:
    """Store the invented documents and events; returns doc_id -> its (first) event id.

    ``with_fusion`` adds :func:`fusion_samples` (two reports of one operation)."""
    for s in samples() + (fusion_samples() if with_fusion else []):
        store.save_extraction(s.doc, Extraction(s.doc.doc_id, s.doc.lang, s.events, s.statistics))
    return {r[0]: r[1] for r in store.conn.execute("SELECT doc_id, MIN(event_id) FROM events GROUP BY doc_id")}


def add_users(store: SQLiteStore, password: str = PASSWORD) -> None:
    """One user per role, named after it (viewer, analyst, admin)."""
    auth = AuthStore(store.conn)
    for role in ("viewer", "analyst", "admin"):
        if auth.get_user(role) is None:
            auth.add_user(role, password, role)
