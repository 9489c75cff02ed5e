"""Shared set-up for the pytest-benchmark suites under benchmarks/.

* Collects ``bench_*.py`` files (pytest's default only collects ``test_*.py``).
* Prints, after a run, the ratios benchmarks ask for: a benchmark that sets
  ``benchmark.extra_info["ratio_to"] = "<other test name>"`` (and optionally
  ``"target"``, the ratio it should stay under) gets a line comparing medians
  measured in this same run. Nothing is asserted: timings are reported, not tested.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

_MEDIANS: dict[str, float] = {}
_RATIOS: list[tuple[str, str, Any]] = []


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    # A file named on the command line is collected by pytest itself already.
    if (
        file_path.suffix == ".py"
        and file_path.name.startswith("bench_")
        and not parent.session.isinitpath(file_path)
    ):
        return pytest.Module.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    result = yield
    fixture = getattr(item, "funcargs", {}).get("benchmark")
    metadata = getattr(fixture, "stats", None)
    if metadata is not None and getattr(metadata, "stats", None) is not None:
        name = getattr(item, "originalname", None) or item.name
        _MEDIANS[item.name] = metadata.stats.median
        _MEDIANS.setdefault(name, metadata.stats.median)
        info = fixture.extra_info
        if "ratio_to" in info:
            _RATIOS.append((item.name, info["ratio_to"], info.get("target")))
    return result


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _RATIOS:
        return
    terminalreporter.section("benchmark ratios (medians, this run)")
    for name, other, target in _RATIOS:
        if other not in _MEDIANS:
            terminalreporter.write_line(f"{name}: {other} did not run")
            continue
        ratio = _MEDIANS[name] / _MEDIANS[other]
        line = f"{name}: {ratio:.2f}x {other}"
        if target is not None:
            line += f"  (target <= {target}x: {'ok' if ratio <= target else 'MISSED'})"
        terminalreporter.write_line(line)
