"""When a page view is done, for Playwright (the browser tests and bench/bench_load_sessions.py)."""

# "The page has finished and shows its content": Streamlit says the script is not running, and a
# chart, table or metric is on the page — or an error box / exception is, reported as 'error'.
CONTENT = ("[data-testid='stMain'] .js-plotly-plot, [data-testid='stMain'] [data-testid='stDataFrame'], "
           "[data-testid='stMain'] [data-testid='stMetric'], [data-testid='stMain'] [data-testid='stTable']")
READY_JS = """(sel) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector("[data-testid='stException'], [data-testid='stAlertContentError']")) return 'error';
  return document.querySelector(sel) ? 'ok' : false;
}"""
