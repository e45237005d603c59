"""A Streamlit client that speaks the browser's websocket protocol, without a browser.

Used by the security tests (a viewer's session sending a *crafted* widget message — widget ids
and values it was never shown — must not reach a write path) and by ``bench/bench_load_sessions.py``
(server-side page times for many sessions without Chromium's rendering competing for the
server's cores).

The protocol, as the Streamlit frontend uses it (``streamlit/web/server/starlette/starlette_websocket.py``):
a websocket to ``/_stcore/stream`` with subprotocol ``streamlit``; the client sends binary
``BackMsg`` protobufs (``rerun_script`` carries a ``ClientState``: query string, page, and the
state of every widget), the server answers with ``ForwardMsg`` protobufs (``new_session``,
``navigation``, ``delta`` elements with widget ids and labels, ``script_finished``). We send no
``cached_message_hashes``, so the server sends every message in full (no ``ref_hash``).

This client records the elements of the last completed run and the navigation's pages, so a
test can find a widget by its label and send a state for its id, the way the frontend would.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

import requests
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Common_pb2 import FileUploaderState, FileURLsRequest, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates

WIDGET_TYPES = {"button", "text_input", "selectbox", "multiselect", "file_uploader", "checkbox", "radio",
                "download_button", "number_input", "date_input", "button_group", "text_area", "slider",
                "time_input", "date_time_input", "color_picker", "chat_input", "audio_input", "camera_input",
                "feedback", "dataframe"}  # Element oneof names in Streamlit 1.67 (dataframe: selectable)
CONTENT_TYPES = ("plotly_chart", "dataframe", "metric", "table")


@dataclass
class Element:
    kind: str  # the Element oneof name: "button", "plotly_chart", "alert", "exception", ...
    path: tuple[int, ...]
    proto: object  # the typed sub-message (e.g. streamlit.proto.Button_pb2.Button)

    @property
    def id(self) -> str:
        return getattr(self.proto, "id", "")

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")

    @property
    def text(self) -> str:
        """What a reader sees: label, markdown/alert body, or the exception message."""
        for attr in ("label", "body", "message"):
            v = getattr(self.proto, attr, "")
            if v:
                return v
        return ""


@dataclass
class Run:
    """The outcome of one script run (and any reruns it triggered) as the browser would hold it."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    finished: list[int] = field(default_factory=list)  # ScriptFinishedStatus values, in order
    page_not_found: bool = False
    seconds: float = 0.0

    def of(self, kind: str) -> list[Element]:
        return [e for _, e in sorted(self.elements.items()) if e.kind == kind]

    def widgets(self) -> list[Element]:
        return [e for _, e in sorted(self.elements.items()) if e.kind in WIDGET_TYPES and e.id]

    def find(self, kind: str, label_contains: str) -> Element:
        hits = [e for e in self.of(kind) if label_contains in e.label]
        if not hits:
            raise LookupError(f"no {kind} with a label containing {label_contains!r}; "
                              f"have {[e.label for e in self.of(kind)]}")
        return hits[0]

    def texts(self, kind: str) -> list[str]:
        return [e.text for e in self.of(kind)]

    @property
    def errors(self) -> list[str]:
        """Error boxes and exceptions a user would see (``st.error``, tracebacks)."""
        out = [e.text for e in self.of("exception")]
        out += [e.proto.body for e in self.of("alert") if e.proto.format == e.proto.ERROR]
        return out

    @property
    def has_content(self) -> bool:
        return any(self.of(k) for k in CONTENT_TYPES)


class Session:
    """One browser tab's session. ``async with Session(url) as s: run = await s.open("overview")``."""

    def __init__(self, base_url: str, *, locale: str = "zh-CN", timeout: float = 60.0):
        self.base_url = base_url.rstrip("/")
        self.ws_url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.session_id = ""
        self._file_urls = None
        self.locale, self.timeout = locale, timeout
        self.ws = None
        self.pages: dict[str, str] = {}  # url path → page_script_hash (from the navigation message)
        self.page_hash = ""
        self.query = ""
        self.widget_states: dict[str, WidgetState] = {}  # what the frontend holds and resends

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=self.timeout)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def _send(self, client_state: ClientState) -> None:
        msg = BackMsg()
        msg.rerun_script.CopyFrom(client_state)
        await self.ws.send(msg.SerializeToString())

    async def rerun(self, *, page: str | None = None, query: str | None = None,
                    widgets: list[WidgetState] | None = None, keep_widgets: bool = True) -> Run:
        """Send a ``rerun_script`` and collect until the run (and the reruns it asks for) finish.

        ``page``: a url path (as when the address bar or the menu changes page; widget states are
        dropped like the frontend does). ``widgets``: states to send on top of the held ones
        (a trigger, e.g. a button click, is sent once and not held)."""
        if page is not None:
            self.page_hash = self.pages.get(page, "")
            page_name = page
            self.widget_states = {}
        else:
            page_name = ""
        if query is not None:
            self.query = query
        states = dict(self.widget_states) if keep_widgets else {}
        for w in widgets or []:
            states[w.id] = w
        cs = ClientState(query_string=self.query, page_script_hash=self.page_hash, page_name=page_name,
                         widget_states=WidgetStates(widgets=list(states.values())),
                         context_info=ContextInfo(locale=self.locale, timezone="Asia/Shanghai",
                                                  timezone_offset=-480, url=self.ws_url))
        t0 = time.perf_counter()
        await self._send(cs)
        run = await self._collect()
        run.seconds = time.perf_counter() - t0
        for w in widgets or []:  # non-trigger values stay, as the frontend keeps them
            if w.WhichOneof("value") not in ("trigger_value", "string_trigger_value", "json_trigger_value"):
                self.widget_states[w.id] = w
        return run

    async def open(self, page: str, query: str = "") -> Run:
        return await self.rerun(page=page, query=query)

    async def upload(self, uploader_id: str, files: list[tuple[str, bytes]]) -> WidgetState:
        """Put files on the server the way the browser's uploader does (ask for upload URLs over
        the websocket, PUT each file with the XSRF token) and return the uploader's widget state.
        The session must have run once (the server told it its session id)."""
        assert self.session_id, "run the session once first"
        self._file_urls = None
        msg = BackMsg()
        msg.file_urls_request.CopyFrom(FileURLsRequest(request_id="r1", session_id=self.session_id,
                                                       file_names=[n for n, _ in files]))
        await self.ws.send(msg.SerializeToString())
        deadline = time.monotonic() + self.timeout
        while self._file_urls is None:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            if fm.WhichOneof("type") == "file_urls_response":
                self._file_urls = fm.file_urls_response
        if self._file_urls.error_msg:
            raise RuntimeError(self._file_urls.error_msg)
        http = requests.Session()
        http.get(self.base_url + "/_stcore/health", timeout=self.timeout)  # sets the XSRF cookie
        token = http.cookies.get("_streamlit_xsrf", "")
        infos = []
        for (name, blob), urls in zip(files, self._file_urls.file_urls, strict=True):
            target = urls.upload_url if urls.upload_url.startswith("http") else self.base_url + urls.upload_url
            r = await asyncio.to_thread(http.put, target, files={"file": (name, blob)},
                                        headers={"X-Xsrftoken": token}, timeout=self.timeout)
            r.raise_for_status()
            infos.append(UploadedFileInfo(name=name, size=len(blob), file_id=urls.file_id, file_urls=urls))
        return WidgetState(id=uploader_id, file_uploader_state_value=FileUploaderState(uploaded_file_info=infos))

    async def _collect(self) -> Run:
        run = Run()
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the script run did not finish")
            raw = await asyncio.wait_for(self.ws.recv(), timeout=left)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fm.new_session.initialize.session_id or self.session_id
            elif kind == "file_urls_response":
                self._file_urls = fm.file_urls_response
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
                self.page_hash = fm.navigation.page_script_hash or self.page_hash
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "delta":
                path = tuple(fm.metadata.delta_path)
                which = fm.delta.WhichOneof("type")
                if which == "new_element":
                    el = fm.delta.new_element
                    ek = el.WhichOneof("type")
                    run.elements[path] = Element(ek, path, getattr(el, ek))
                elif which == "add_block":
                    run.elements.pop(path, None)
            elif kind == "script_finished":
                run.finished.append(fm.script_finished)
                if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    run.elements.clear()
                    continue
                return run


def click(el: Element) -> WidgetState:
    return WidgetState(id=el.id, trigger_value=True)


def text(el: Element, value: str) -> WidgetState:
    return WidgetState(id=el.id, string_value=value)


def check(el: Element, value: bool = True) -> WidgetState:
    return WidgetState(id=el.id, bool_value=value)


def choose(el: Element, index: int) -> WidgetState:
    """A selectbox pick: the frontend sends the option's text (Streamlit ≥ 1.4x selectbox state)."""
    return WidgetState(id=el.id, string_value=el.proto.options[index])


def run_async(make_coro):
    """``asyncio.run(make_coro())`` on a thread of its own, returning its result or raising its error.

    Playwright's sync API (the browser tests' session fixture) leaves an event loop registered on
    the main thread for the rest of the pytest session, and ``asyncio.run`` refuses to start there."""
    box: dict = {}

    def target() -> None:
        try:
            box["result"] = asyncio.run(make_coro())
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    t = threading.Thread(target=target, name="st-protocol")
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")


# ---------------------------------------------------------------- this app's flows (labels are zh-CN)


async def login(s: Session, user: str, password: str) -> Run:
    """Log in through the sidebar form, as a person types and clicks."""
    r = await s.open("")
    r = await s.rerun(widgets=[text(r.find("text_input", "用户名"), user), text(r.find("text_input", "密码"), password),
                               click(r.find("button", "登录"))])
    if not any("已登录" in x for x in r.texts("markdown")):
        raise PermissionError(f"{user} could not log in: {r.errors}")
    return r


async def upload_and_load(s: Session, files: list[tuple[str, bytes]]) -> Run:
    """Upload page: drop the files, tick "checked", press load. Returns the run after the load."""
    r = await s.open("upload")
    r = await s.rerun(widgets=[await s.upload(r.find("file_uploader", "").id, files)])
    confirm, go = r.find("checkbox", "核对"), r.find("button", "导入")
    await s.rerun(widgets=[check(confirm)])
    return await s.rerun(widgets=[click(go)])


async def roll_back_newest(s: Session) -> Run:
    """Upload page, history: the newest upload is preselected; roll back, confirm."""
    r = await s.open("upload")
    r = await s.rerun(widgets=[click(r.find("button", "回退这次导入"))])
    return await s.rerun(widgets=[click(r.find("button", "确认回退"))])


def successes(run: Run) -> list[str]:
    return [e.proto.body for e in run.of("alert") if e.proto.format == e.proto.SUCCESS]
