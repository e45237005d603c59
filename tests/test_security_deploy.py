"""Issue 14, items 6 and 15: the upload size limit agrees everywhere and suits a ledger; the
nginx configuration serves HTTPS only (80 redirects), keeps websockets and sticky sessions and
limits uploads; the service unit caps memory and restarts."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

import pytest

from etl.store.uploads_service import DEFAULT_MAX_MB, MB, Limits
from tests.conftest import REPO_ROOT

LEDGER_CAP_MB = 10  # a month's county ledger is ~2 MB; real files seen were at most 3 MB
NGINX = REPO_ROOT / "deploy" / "nginx-replicas.conf"
UNIT = REPO_ROOT / "deploy" / "safety-dashboard@.service"


def _config() -> dict:
    return tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def _mb(size: str) -> float:
    m = re.fullmatch(r"(\d+)([km]?)", size.strip().lower())
    assert m, size
    return int(m.group(1)) / {"": MB, "k": 1024, "m": 1}[m.group(2)]


def _blocks(text: str) -> dict[str, list[str]]:
    """Every block's body by its head line ("server", "location /", …): a tiny parser for this file."""
    out: dict[str, list[str]] = {}
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == "{":
            stack.append((text[text.rfind("\n", 0, i) + 1:i].strip(), i))
        elif ch == "}":
            head, start = stack.pop()
            out.setdefault(head, []).append(text[start + 1:i])
    return out


def test_upload_limit_suits_a_ledger_and_agrees_everywhere():
    server_mb = _config()["server"]["maxUploadSize"]
    assert server_mb <= LEDGER_CAP_MB
    assert DEFAULT_MAX_MB == server_mb and Limits().max_file_bytes == server_mb * MB
    text = NGINX.read_text(encoding="utf-8")
    upload = _blocks(text)["location /_stcore/upload_file"][0]
    body = _mb(re.search(r"client_max_body_size\s+(\S+);", upload).group(1))
    assert server_mb <= body <= server_mb + 2  # room for multipart overhead, no more
    assert "limit_req " in upload and "limit_conn " in upload
    assert re.search(r"limit_req_zone\s+\$binary_remote_addr", text) and "limit_conn_zone" in text


def test_nginx_serves_https_only_and_keeps_websockets_and_sticky_sessions():
    text = NGINX.read_text(encoding="utf-8")
    blocks = _blocks(text)
    plain = [b for b in blocks["server"] if re.search(r"listen 80;", b)]
    tls = [b for b in blocks["server"] if re.search(r"listen 443 ssl", b)]
    assert len(plain) == 1 and len(tls) == 1
    # port 80 only redirects: nothing is proxied over plain HTTP
    assert re.search(r"return 301 https://\$host\$request_uri;", plain[0]) and "proxy_pass" not in plain[0]
    assert "ssl_certificate " in tls[0] and "ssl_certificate_key " in tls[0]
    protocols = re.search(r"ssl_protocols\s+([^;]+);", tls[0]).group(1).split()
    assert protocols == ["TLSv1.2", "TLSv1.3"]
    assert "Strict-Transport-Security" in tls[0]
    assert "proxy_set_header Upgrade $http_upgrade" in blocks["location /"][0]
    assert "ip_hash;" in blocks["upstream safety_dashboard"][0]


@pytest.mark.skipif(shutil.which("nginx") is None or shutil.which("openssl") is None, reason="nginx not installed")
def test_nginx_accepts_the_configuration(tmp_path):
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=test"], check=True, capture_output=True)
    site = NGINX.read_text(encoding="utf-8")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path};\n proxy_temp_path {tmp_path};\n"
        f" include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    proc = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_service_unit_caps_memory_and_restarts():
    text = UNIT.read_text(encoding="utf-8")
    assert re.search(r"^MemoryMax=\d+[MG]$", text, re.M)
    assert re.search(r"^Restart=(always|on-failure)$", text, re.M)
    assert re.search(r"^UMask=0077$", text, re.M)
    assert "--server.address 127.0.0.1" in text


@pytest.mark.skipif(shutil.which("nginx") is None or shutil.which("openssl") is None, reason="nginx not installed")
def test_nginx_redirects_to_https_proxies_websockets_and_limits_uploads(tmp_path):
    """The configuration run for real (ports and upstreams moved to free local ports): plain HTTP
    answers with a redirect to HTTPS, HTTPS reaches the dashboard with the websocket upgrade
    passed on, and a 12 MB upload is refused by the proxy before it reaches the dashboard."""
    import http.server
    import os
    import socket
    import threading
    import time

    import requests
    import urllib3

    urllib3.disable_warnings()

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    seen: list[dict] = []

    class Upstream(http.server.BaseHTTPRequestHandler):
        def _answer(self):
            seen.append({k.lower(): v for k, v in self.headers.items()} | {"path": self.path})
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_GET = do_PUT = _answer

        def log_message(self, *args):
            pass

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    up_port = upstream.server_address[1]
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    http_port, https_port = free_port(), free_port()
    site = NGINX.read_text(encoding="utf-8")
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    site = re.sub(r"server 127\.0\.0\.1:\d+;", f"server 127.0.0.1:{up_port};", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen [::]:80;", "")
    site = re.sub(r"listen 443 ssl http2;[^\n]*", f"listen 127.0.0.1:{https_port} ssl http2;", site)
    site = site.replace("listen [::]:443 ssl http2;", "")
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path}/body;\n proxy_temp_path {tmp_path}/proxy;\n"
        f" include {tmp_path}/site.conf;\n}}\n", encoding="utf-8")
    proc = subprocess.Popen(["nginx", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"https://127.0.0.1:{https_port}"
        for _ in range(100):
            try:
                requests.get(base + "/_stcore/health", verify=False, timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        r = requests.get(f"http://127.0.0.1:{http_port}/overview?town=x", allow_redirects=False, timeout=5)
        assert r.status_code == 301 and r.headers["Location"] == "https://127.0.0.1/overview?town=x"
        assert not any(s["path"] == "/overview?town=x" for s in seen)  # nothing served over plain HTTP
        r = requests.get(base + "/_stcore/stream", verify=False, timeout=5,
                         headers={"Upgrade": "websocket", "Connection": "Upgrade"})
        assert r.status_code == 200 and "max-age" in r.headers.get("Strict-Transport-Security", "")
        ws = next(s for s in seen if s["path"] == "/_stcore/stream")
        assert ws["upgrade"] == "websocket" and ws["connection"].lower() == "upgrade"
        assert ws["x-forwarded-proto"] == "https"
        n = len(seen)
        r = requests.put(base + "/_stcore/upload_file/s/f", data=b"x" * (12 * 1024 * 1024), verify=False, timeout=30)
        assert r.status_code == 413 and len(seen) == n
        r = requests.put(base + "/_stcore/upload_file/s/f", data=b"x" * (2 * 1024 * 1024), verify=False, timeout=30)
        assert r.status_code == 200  # a ledger-sized upload passes
    finally:
        proc.terminate()
        proc.wait(10)
        upstream.shutdown()
