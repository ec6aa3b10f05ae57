"""How long `samverkan` takes before it does anything: `--help`, `queries`, and one query on the seed graph.

    python -m bench.startup [--repeats 21] [--out bench/RESULTS-startup.md]

Like hyperfine: each command runs --repeats times in a fresh process (after two warm-up runs); the table
gives the median and the fastest wall-clock time and the median CPU time (user + system, from the child's
rusage, which other load on the machine disturbs less). The slowest imports of `import samverkan.cli`
(`python -X importtime`) follow. Goal: ≤ 150 ms for `samverkan --help` and `samverkan queries`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOAL_MS = 150
#: commands whose start-up has the goal above
GOAL_COMMANDS = ("samverkan --help", "samverkan queries")


def samverkan_command() -> list[str]:
    """The installed console script beside this Python, else the same entry point through -c."""
    script = Path(sys.executable).with_name("samverkan")
    return [str(script)] if script.is_file() else [sys.executable, "-c", "from samverkan.cli import main; main()"]


def child_env() -> dict:
    """This environment without PYTHONDONTWRITEBYTECODE: the warm-up runs write the bytecode cache, as a user's
    first runs (or pip's install) do, so the timed runs do not compile the project's modules each time."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def time_command(cmd: list[str], repeats: int, warmup: int = 2) -> dict:
    """Wall-clock and CPU seconds of `cmd` run `repeats` times; fails loudly if it does not exit 0."""
    walls, cpus = [], []
    env = child_env()
    for i in range(warmup + repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO, env=env)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}: {proc.stderr.decode()[-500:]}")
        if i >= warmup:
            walls.append(wall)
            cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return {"median": statistics.median(walls), "min": min(walls), "cpu": statistics.median(cpus)}


def slowest_imports(module: str = "samverkan.cli", top: int = 12) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, name) of the `top` imports with the largest cumulative time."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True,
                          text=True, cwd=REPO, check=True, env=child_env())
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append((int(parts[0]), int(parts[1]), parts[2].rstrip()))
    return sorted(rows, key=lambda r: r[1], reverse=True)[:top]


def measure(repeats: int) -> list[tuple[str, dict]]:
    samverkan = samverkan_command()
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store")
        subprocess.run([*samverkan, "build", "--store", store], check=True, capture_output=True, cwd=REPO)
        commands = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("python -c 'import samverkan.cli'", [sys.executable, "-c", "import samverkan.cli"]),
            ("samverkan --help", [*samverkan, "--help"]),
            ("samverkan queries", [*samverkan, "queries"]),
            ("samverkan query forums (seed graph on disk)", [*samverkan, "query", "forums", "--store", store]),
        ]
        return [(name, time_command(cmd, repeats)) for name, cmd in commands]


def render(rows: list[tuple[str, dict]], imports: list[tuple[int, int, str]], repeats: int, load: float) -> str:
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("typer", "pyoxigraph"))
    lines = [
        "# Start-up time of the `samverkan` command",
        "",
        f"{datetime.date.today()} · {platform.machine()}, {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · {versions} · load average {load:.1f} at the start",
        f"Each command {repeats} times in a fresh process after two warm-up runs (`python -m bench.startup`). "
        "CPU = user + system time of the process, less disturbed by other load than wall-clock time.",
        "",
        "| command | median (ms) | fastest (ms) | median CPU (ms) | goal |",
        "|---|---:|---:|---:|---|",
    ]
    for name, t in rows:
        met = "met" if t["median"] * 1000 <= GOAL_MS else "not met"
        goal = f"≤ {GOAL_MS} ms (median): {met}" if name in GOAL_COMMANDS else ""
        lines.append(f"| `{name}` | {t['median'] * 1000:.0f} | {t['min'] * 1000:.0f} | {t['cpu'] * 1000:.0f} | "
                     f"{goal} |")
    lines += ["", "Slowest imports of `python -X importtime -c 'import samverkan.cli'` (cumulative, one run):", "",
              "| module | self (ms) | cumulative (ms) |", "|---|---:|---:|"]
    lines += [f"| `{name.strip()}` | {own / 1000:.1f} | {cumulative / 1000:.1f} |" for own, cumulative, name in imports]
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS-startup.md")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    text = render(measure(args.repeats), slowest_imports(), args.repeats, load)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
