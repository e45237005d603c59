"""Reporting completeness of a month (报送完整性): which months are partial, and the default
headline month (the last complete one).

A month is *complete* when it has ended by the as-of date and at least ``complete_share`` of
the towns known to the warehouse sent their hazard ledger for it (named query
``month_reporting``). The share is set by the office in ``config/reporting.toml`` (or the file
named by ``SAFETY_REPORTING_CONFIG``). Streamlit-free: the app, the slide show and the
briefing pack share these rules.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

CONFIG_ENV = "SAFETY_REPORTING_CONFIG"
CONFIG_PATH = Path(__file__).resolve().parents[2] / "config" / "reporting.toml"
DEFAULT_SHARE = 0.8


class ConfigError(ValueError):
    """The reporting config is unreadable or out of range; the message says how to fix it."""


def complete_share(path: str | os.PathLike[str] | None = None) -> float:
    """The share of towns (0 < share <= 1) that makes a month complete."""
    p = Path(path or os.environ.get(CONFIG_ENV) or CONFIG_PATH)
    if not p.exists():
        return DEFAULT_SHARE
    try:
        value = tomllib.loads(p.read_text(encoding="utf-8")).get("complete_share", DEFAULT_SHARE)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"报送完整性配置文件 {p.name} 无法读取（{exc}），请检查 complete_share 一行。") from exc
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < float(value) <= 1:
        raise ConfigError(f"报送完整性配置文件 {p.name} 中 complete_share 应为 0 到 1 之间的小数（如 0.8），现为 {value!r}。")
    return float(value)


@dataclass(frozen=True)
class MonthReport:
    month: dt.date
    expected: int
    reported: int
    ended: bool
    share_needed: float

    @property
    def complete(self) -> bool:
        if not self.ended:
            return False
        if self.expected == 0:
            return True  # no towns known at all: nothing to wait for
        return self.reported / self.expected >= self.share_needed - 1e-9

    @property
    def partial(self) -> bool:
        return not self.complete


def _date(x: object) -> dt.date:
    if isinstance(x, pd.Timestamp):
        return x.date()
    if isinstance(x, dt.datetime):
        return x.date()
    assert isinstance(x, dt.date)
    return x


def months(frame: pd.DataFrame, share: float) -> dict[dt.date, MonthReport]:
    """``month_reporting`` rows → {month: MonthReport}."""
    return {
        _date(r.month): MonthReport(_date(r.month), int(r.expected), int(r.reported), bool(r.ended), share)
        for r in frame.itertuples(index=False)
    }


def headline_month(reports: dict[dt.date, MonthReport], end: dt.date) -> dt.date:
    """The last complete month up to ``end``; ``end`` itself when no month of the window is complete."""
    done = [m for m, r in reports.items() if m <= end and r.complete]
    return max(done) if done else end
