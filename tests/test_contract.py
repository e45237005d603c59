"""etl.contract is the one list of kinds, fields, tables and lookup codes: the warehouse, the
loader's vocabularies, the CLI, the templates, the demo and the app's labels and colours agree
with it."""

from __future__ import annotations

import pytest

from etl import contract
from etl.ingest import templates, vocab
from etl.store import db
from etl.store import uploads_service as svc


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("contract") / "w.duckdb"
    db.ensure_ready(path)
    c = db.open_reader(path)
    yield c
    c.close()


def test_lookup_tables_hold_the_contract_codes_in_order(con):
    sectors = con.execute("SELECT code, name_zh, name_en FROM sectors ORDER BY sort_order").fetchall()
    assert tuple(sectors) == contract.SECTORS
    methods = con.execute("SELECT code, name_zh, name_en FROM inspection_methods ORDER BY sort_order").fetchall()
    assert tuple(methods) == contract.METHODS


@pytest.mark.parametrize("kind", contract.KINDS)
def test_observation_tables_take_the_loaders_typed_table(con, kind):
    cols = [r[0] for r in con.execute(f"DESCRIBE {contract.OBS_TABLE[kind]}").fetchall()]
    assert sorted(cols) == sorted(["upload_id", *contract.SCHEMAS[kind].names])


def test_every_place_uses_the_contracts_kinds_and_codes():
    assert templates.KINDS == contract.KINDS
    assert set(svc.MAPPABLE) == set(contract.KINDS) == set(contract.PREVIEW_COLUMNS) == set(contract.KIND_LABELS)
    assert tuple(vocab.SECTORS) == contract.SECTOR_CODES
    assert all(vocab.SECTORS[code][0] == zh for code, zh, _ in contract.SECTORS)  # the Chinese name is a variant
    assert set(vocab.METHODS) == set(contract.METHOD_CODES)
    from etl.demo import SECTORS as demo_sectors

    assert tuple(demo_sectors) == contract.SECTOR_CODES


def test_cli_offers_exactly_the_contract_kinds():
    from etl.__main__ import build_parser

    p = build_parser()
    for kind in contract.KINDS:
        assert p.parse_args(["load", "x.xlsx", "--kind", kind]).kind == kind
    with pytest.raises(SystemExit):
        p.parse_args(["load", "x.xlsx", "--kind", "hazards"])


def test_app_labels_and_colours_cover_every_sector():
    from pages._shared import theme
    from pages._shared.i18n import t

    assert theme.SECTOR_ORDER == list(contract.SECTOR_CODES)
    for code, zh, en in contract.SECTORS:
        assert theme.sector_colour(code).startswith("#")
        assert (t(f"sector.{code}", lang="zh"), t(f"sector.{code}", lang="en")) == (zh, en)
