"""HTTP load benchmark: start-up, sequential /ask latency, 8, 32 and 128 concurrent clients, and a rebuild under load.

Past the server's bound on questions in flight, a request is shed (503 "overloaded" with Retry-After): shed
requests are counted apart from errors, and /health is probed throughout to show it stays quick.

Runs ``caseqa serve`` on 127.0.0.1 in a subprocess, over a copy of
the corpus and index (the rebuild replaces the copy's index, never yours), and
prints a Markdown table. Every loop is bounded by a deadline.

    python evals/bench_http.py --corpus-dir corpus --index-dir index
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Phase:
    """What one phase of load saw."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    shed: int = 0
    versions: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    health: list[float] = field(default_factory=list)

    def record(self, started: float, response: httpx.Response | None) -> None:
        if response is not None and response.status_code == 503 and "retry-after" in response.headers:
            self.shed += 1
            return
        if response is None or response.status_code != 200:
            self.errors += 1
            return
        self.latencies.append((time.perf_counter() - started) * 1000)
        version = response.json()["index_version"]
        self.versions[version] = self.versions.get(version, 0) + 1

    def row(self) -> str:
        done = len(self.latencies)
        p50 = statistics.median(self.latencies) if done else float("nan")
        p95 = statistics.quantiles(self.latencies, n=20)[-1] if done >= 2 else p50
        versions = ", ".join(f"{v}: {n}" for v, n in sorted(self.versions.items())) or "–"
        p99 = statistics.quantiles(self.latencies, n=100)[-1] if done >= 2 else p50
        rate = done / self.seconds if self.seconds else 0.0
        health = f"{statistics.median(self.health):.0f} / {max(self.health):.0f}" if self.health else "–"
        return (
            f"| {self.name} | {done + self.errors + self.shed} | {self.errors} | {self.shed} | {rate:.2f} | {p50:.0f}"
            f" | {p95:.0f} | {p99:.0f} | {health} | {versions} |"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_questions(path: Path) -> list[str]:
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def start_server(corpus: Path, index: Path, port: int, token: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "CASEQA_CORPUS_DIR": str(corpus), "CASEQA_INDEX_DIR": str(index), "CASEQA_ADMIN_TOKEN": token}
    # `caseqa serve`, as users run it: its request timeout and connection cap are part of what is measured.
    command = [sys.executable, "-c", "from caseqa.cli import main; main()", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_for_first_answer(base: str, question: str, timeout: float) -> tuple[float, float, str]:
    """Seconds until /health answered and until the first /ask succeeded, and the index version."""
    started = time.perf_counter()
    deadline = started + timeout
    health_at = None
    with httpx.Client(base_url=base, timeout=60) as client:
        while time.perf_counter() < deadline:
            try:
                health = client.get("/health").json()
            except httpx.TransportError:
                time.sleep(0.1)
                continue
            health_at = health_at or time.perf_counter() - started
            if health["status"] == "unavailable":
                raise SystemExit(f"the server has no usable index: {health['error']}")
            answer = client.post("/ask", json={"question": question})
            answer.raise_for_status()
            return health_at, time.perf_counter() - started, answer.json()["index_version"]
    raise SystemExit(f"no answer within {timeout} s")


def sequential(base: str, questions: list[str]) -> Phase:
    phase = Phase(f"sequential ({len(questions)} dev questions)")
    began = time.perf_counter()
    with httpx.Client(base_url=base, timeout=120) as client:
        for question in questions:
            started = time.perf_counter()
            phase.record(started, client.post("/ask", json={"question": question}))
    phase.seconds = time.perf_counter() - began
    return phase


async def concurrent(base: str, questions: list[str], clients: int, seconds: float, name: str) -> Phase:
    """``clients`` loops asking in turn until the deadline; a request in flight at the deadline still counts."""
    phase = Phase(name)
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(number: int, client: httpx.AsyncClient) -> None:
        turn = number
        while time.perf_counter() < deadline:
            question = questions[turn % len(questions)]
            turn += clients
            started = time.perf_counter()
            try:
                response = await client.post("/ask", json={"question": question})
            except httpx.HTTPError:
                response = None
            phase.record(started, response)
            if response is not None and response.status_code == 503 and "retry-after" in response.headers:
                await asyncio.sleep(float(response.headers["retry-after"]))  # as a polite client does

    began = time.perf_counter()
    prober = subprocess.Popen(
        [sys.executable, __file__, "--probe-health", base, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    async with httpx.AsyncClient(base_url=base, timeout=180, limits=limits) as client:
        await asyncio.gather(*(worker(n, client) for n in range(clients)))
    phase.seconds = time.perf_counter() - began
    output, _ = prober.communicate(timeout=120)
    phase.health = [float(line) for line in output.split()]
    return phase


def probe_health(base: str, seconds: float) -> None:
    """Print the milliseconds each GET /health took, every 0.5 s for ``seconds``, on a new connection each
    time as a monitor does. It runs in its own process: in the clients' event loop, its timings would
    include the wait for 128 clients' turns, not only the server's. It uses the standard library's bare
    HTTP client, as a monitor's curl would: ``httpx.get`` spends about 18 ms of its own CPU per call (it
    builds a client and a TLS context), which on two saturated cores stretched past 100 ms and was being
    counted as the server's time."""
    url = urlsplit(base)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            connection.request("GET", "/health")
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise SystemExit(f"/health answered {response.status}")
        print(f"{(time.perf_counter() - started) * 1000:.1f}", flush=True)
        time.sleep(0.5)


async def during_rebuild(base: str, token: str, questions: list[str], clients: int, seconds: float) -> tuple[Phase, dict]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=60, headers=headers) as admin:
        accepted = await admin.post("/index/rebuild")
        accepted.raise_for_status()
        job_id = accepted.json()["job_id"]
        phase = await concurrent(base, questions, clients, seconds, f"{clients} clients, rebuild running")
        deadline = time.perf_counter() + 600
        while (job := (await admin.get(f"/index/jobs/{job_id}")).json())["status"] not in ("succeeded", "failed"):
            if time.perf_counter() > deadline:
                raise SystemExit(f"rebuild {job_id} did not finish in 600 s")
            await asyncio.sleep(0.5)
    return phase, job


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-dir", type=Path, default=Path(os.environ.get("CASEQA_CORPUS_DIR", REPO / "corpus")))
    parser.add_argument("--index-dir", type=Path, default=Path(os.environ.get("CASEQA_INDEX_DIR", REPO / "index")))
    parser.add_argument("--questions", type=Path, default=REPO / "evals" / "dev.jsonl")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32, 128])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--probe-health", nargs=2, metavar=("BASE", "SECONDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe_health:
        probe_health(args.probe_health[0], float(args.probe_health[1]))
        return

    questions = load_questions(args.questions)
    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="caseqa-bench-") as scratch:
        work = Path(scratch)
        shutil.copytree(args.corpus_dir, work / "corpus")
        shutil.copytree(args.index_dir, work / "index")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(work / "corpus", work / "index", port, token, work / "server.log")
        try:
            health_s, first_s, version = wait_for_first_answer(base, questions[0], timeout=300)
            with httpx.Client(base_url=base, timeout=120) as client:
                for question in questions[:3]:  # warm-up
                    client.post("/ask", json={"question": question}).raise_for_status()
            phases = [sequential(base, questions)]
            for clients in args.clients:
                phases.append(asyncio.run(concurrent(base, questions, clients, args.seconds, f"{clients} clients")))
            rebuild_phase, job = asyncio.run(during_rebuild(base, token, questions, args.clients[-1], args.seconds))
            phases.append(rebuild_phase)
        except BaseException:
            sys.stderr.write((work / "server.log").read_text(errors="replace")[-3000:])
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()

    known = {version} | ({job["result"]["version"]} if job.get("result") else set())
    strays = {v for phase in phases for v in phase.versions} - known
    print(f"Start-up: /health after {health_s:.1f} s, first answer after {first_s:.1f} s (index {version})\n")
    print("| Phase | Requests | Errors | Shed (503) | Answers/s | p50 ms | p95 ms | p99 ms | /health p50 / max ms | Index versions answered |")
    print("|:---|---:|---:|---:|---:|---:|---:|---:|---:|:---|")
    for phase in phases:
        print(phase.row())
    result = job.get("result") or {}
    print(f"\nRebuild: {job['status']}, {result.get('seconds', float('nan')):.1f} s,"
          f" embedded {result.get('embedded', 0)}, reused {result.get('reused', 0)}; new version {result.get('version')}")
    print(f"Responses with an unknown index version: {len(strays)} {sorted(strays) if strays else ''}")
    if strays or job["status"] != "succeeded":
        sys.exit(1)


if __name__ == "__main__":
    main()
