"""Hand-made and random warehouses for the tests: the builders live in ``etl.demo.synthetic``
(shared with the benchmarks); this module keeps the tests' import path."""

from etl.demo.synthetic import *  # noqa: F403
