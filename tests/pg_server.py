"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, start it on a
free port of 127.0.0.1, hand out empty databases, stop and delete everything at the end.

The server binaries are Debian's (``scripts/install-system-deps-postgres.sh`` installs them).
initdb refuses to run as root, so under root the cluster belongs to the ``postgres`` OS user.
``MARSAD_TEST_POSTGRES_URL`` (a URL to a server where that user may create databases) skips the
throwaway cluster and uses that server instead.

Run it by hand to get a server for trying things: ``python tests/pg_server.py`` prints a URL and
keeps the server up until Ctrl-C.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found: run `scripts/install-system-deps-postgres.sh`"
    " as root (Debian's postgresql package), or set MARSAD_SKIP_POSTGRES=1 to skip the PostgreSQL tests"
)


class ServerUnavailable(RuntimeError):
    pass


def find_bin_dir() -> Path:
    """The folder holding initdb and pg_ctl: $PATH first, then Debian's versioned folders."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if versions:
        return Path(versions[-1]).parent
    raise ServerUnavailable(INSTALL_HINT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, bin_dir: Path, root: Path, as_user: str | None) -> None:
        self.bin_dir, self.root, self.as_user = bin_dir, root, as_user
        self.data = root / "data"
        self.port = 0
        self.user = "marsad"

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin_dir / tool), *args]
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.root)

    def init(self) -> None:
        for locale in ("C.UTF-8", "C"):
            done = self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust",
                             "--encoding=UTF8", f"--locale={locale}", "--no-sync")
            if done.returncode == 0:
                return
            shutil.rmtree(self.data, ignore_errors=True)
        raise ServerUnavailable(f"initdb failed: {done.stderr.strip()[-800:]}")

    def start(self) -> None:
        for _ in range(3):  # the port can be taken between choosing and binding it
            self.port = _free_port()
            opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
                    " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
                             "-w", "-t", "60", "-o", opts, "start")
            if done.returncode == 0:
                return
        log = (self.root / "server.log").read_text(errors="replace")[-800:] if (self.root / "server.log").exists() else ""
        raise ServerUnavailable(f"pg_ctl start failed: {done.stderr.strip()[-400:]}\n{log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"


@contextmanager
def running_server() -> Iterator[str]:
    """Yield the URL of a server's maintenance database (``.../postgres``) for the duration."""
    external = os.environ.get("MARSAD_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    bin_dir = find_bin_dir()
    as_user = None
    root = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
    try:
        if os.geteuid() == 0:
            as_user = "postgres"
            try:
                pw = pwd.getpwnam(as_user)
            except KeyError:
                raise ServerUnavailable("running as root needs the `postgres` OS user: " + INSTALL_HINT) from None
            os.chown(root, pw.pw_uid, pw.pw_gid)
        cluster = Cluster(bin_dir, root, as_user)
        cluster.init()
        cluster.start()
        try:
            yield cluster.url
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def with_database(server_url: str, name: str) -> str:
    """``server_url`` with its database part replaced by ``name``."""
    head, _, tail = server_url.rpartition("/")
    query = tail.partition("?")[2]
    return f"{head}/{name}" + (f"?{query}" if query else "")


class Databases:
    """Creates fresh databases on one server; drop() removes them again."""

    def __init__(self, server_url: str) -> None:
        import psycopg

        self.server_url = server_url
        self.conn = psycopg.connect(server_url, autocommit=True)
        self.n = 0

    def create(self) -> str:
        from psycopg import sql

        self.n += 1
        name = f"marsad_test_{os.getpid()}_{self.n}_{int(time.time() * 1000) % 100000}"
        self.conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return with_database(self.server_url, name)

    def drop(self, url: str) -> None:
        from psycopg import sql

        name = url.rpartition("/")[2].partition("?")[0]
        self.conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def close(self) -> None:
        self.conn.close()


if __name__ == "__main__":  # pragma: no cover - a manual helper
    with running_server() as url:
        dbs = Databases(url)
        print(dbs.create(), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            dbs.close()
