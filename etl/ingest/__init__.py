"""Reading files: workbook → sheets → header → typed rows, problems and the reading report.

Nothing here writes to the warehouse; `etl.store.writes` is the only write entry.
"""
