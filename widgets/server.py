"""The course's Voila server: Voila itself, plus the few things a room needs that Voila has no setting for.

- Leaving a page shuts its kernel. Voila's page asks for that on `beforeunload` (and the course's leave.js on
  `pagehide`), sending the `_xsrf` cookie's value, but Voila never sets that cookie, so every such call was
  refused (Voila issue 1458) and each page's kernel (~110 MB) stayed until the idle cull.
- Kernels no page is connected to are culled after SL_KERNEL_IDLE_SECONDS (default 120); connected ones never.
- At most SL_MAX_KERNELS kernels at once (default 100); past that a page says the course is busy (HTTP 503)
  and starts no kernel.
- Only requests for this server's own names are answered, so a web page elsewhere cannot reach a learner's
  work through DNS rebinding (see `allowed_hosts`; SL_ALLOWED_HOSTS adds names).
- The log never shows a kernel id (whoever holds one can use that kernel) nor a learner's room token.
- The tutor's pages (course/tutor-*.ipynb) are refused, before any kernel starts, to anyone who isn't the course's
  tutor (`widgets/storage/tutor.py` decides; the page checks again in its kernel).
- While a page's kernel starts, the page shows the course's title and its module's (from data/modules.csv, read
  when the server starts) instead of Voila's "Running ..." spinner: the template reads them from `resources`.
- In a room (SL_ROOM_SIZE=N, `serve.sh --room --room-size N`) N kernels are kept started and warmed up
  (`widgets.pages.warm`: imports, content files read), one pool for every page of the course, so a room opening
  any module gets pages that only run their own cells. Voila's own preheating keeps a pool per notebook (N for
  each of 13 pages would take 13 times the memory) and runs each notebook up to `wait_for_request()`; here the
  whole notebook runs once the page is asked for, and who the learner is still comes from that request (the
  kernel's `wait_for_request()` gets it). Pooled kernels count towards SL_MAX_KERNELS and are never culled; the
  pool is refilled once pages stop being taken for a moment, so refilling doesn't slow the room's pages.
- Text responses are gzipped, and Voila's labextension files (their names carry a hash) are cached for good.
  Voila's scripts and styles (about 4.5 MB a cold page) are gzipped once per server, not for every page: tornado
  would compress them anew for each request, about 0.15 s of the server's CPU a learner's first page. A page
  from the pool has its templates compiled once per server (Voila compiles its 15 templates for every page).
- Kernels talk to the server over Unix sockets (ipc), not TCP ports: kernels started together could pick the
  same port (ZMQError: Address already in use) and their page would hang.
- A page's first cell runs as soon as its kernel has answered (`PromptKernelClient`), not 0.2 s later.

`python -m widgets.server course/ [Voila's options]` runs it; `widgets.serve` builds that command.
"""
import asyncio
import gzip
import ipaddress
import logging
import mimetypes
import os
import re
import socket
import sys
import time
from queue import Empty

from jinja2 import BytecodeCache
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_server._tz import utcnow
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.utils import url_path_join
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.ioloop import IOLoop
from tornado.httputil import split_host_and_port
from tornado.routing import Matcher, Rule
from tornado.web import GZipContentEncoding
from traitlets import Any, Dict, Integer, List, Set
from voila.app import Voila
from voila.notebook_renderer import NotebookRenderer
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila._version import __version__ as voila_version
from voila.utils import ENV_VARIABLE, get_page_config

from widgets.storage.tutor import REFUSED, TutorAccess, is_tutor_page, tutor_access

DEFAULT_IDLE_SECONDS = 120
# A kernel takes ~110 MB. A room of 30 needs about 30-60 at once (a learner's laptop and phone, a reload whose
# old kernel is still closing); 100 leave room for that and for a few curious visitors, and take ~11 GB, under
# half of a 24 GB machine, so the server, the store and the system keep the rest.
DEFAULT_MAX_KERNELS = 100
RETRY_AFTER_SECONDS = 60
# Shutting a kernel down interrupts what it is doing, so a left page's kernel is first given time to finish what
# the page last sent (a save as the learner clicked away): it goes once quiet this long, or after the longest wait.
QUIET_SECONDS = 1
LONGEST_LEAVING_WAIT_SECONDS = 10
WILDCARD_ADDRESSES = ("", "0.0.0.0", "::")
# The pool is refilled once no page has been taken from it for this long (a room has arrived), or at the latest
# this long after the first page taken since it was last full; two kernels warm at a time, so pages still get CPU.
REFILL_WHEN_QUIET_SECONDS = 5
REFILL_AT_THE_LATEST_SECONDS = 30
WARMING_AT_ONCE = 2
WARM_UP_CODE = "from widgets.pages.warm import warm_up\nwarm_up()"
WARM_UP_SECONDS = 120
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE)
KERNEL_ID_PATTERN = r"(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"
LEARNER_TOKEN = re.compile(r"((?:learner|tutor)=)[^&\s\"'#<>]+")


class SettingError(ValueError):
    """An environment variable holds a value the server can't use."""


def positive_whole_number(environ, name, default):
    text = environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise SettingError(f"{name} must be a whole number of at least 1, not {text!r}.")
    return int(text)


def whole_number(environ, name, default):
    text = environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise SettingError(f"{name} must be a whole number (0 or more), not {text!r}.")
    return int(text)


def cull_timing(idle_seconds):
    """(seconds between looks for kernels to cull, seconds of idleness that gets a kernel culled).

    A kernel goes at the first look after its idle time is up. So that it is gone within `idle_seconds` of its
    page's last sign of life (not up to a look later, nor later by the time its page took to run), its idle time
    is two looks shorter."""
    interval = max(1, idle_seconds // 12)
    return interval, max(1, idle_seconds - 2 * interval)


class PromptKernelClient(AsyncKernelClient):
    """jupyter_client's kernel client, ready once its kernel has answered on the shell channel and IOPub.

    jupyter_client's own `wait_for_ready` then waits until IOPub has been quiet for 0.2 s before it returns, to
    drop messages left over from its question: a fifth of a second before every page's first cell runs, about
    half of what a page from the room's pool took on the server. Nothing here needs that wait: Voila's runner
    (nbclient) and `execute_interactive` keep only the messages that answer their own request."""

    async def wait_for_ready(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    # Any message on IOPub (the kernel says it is busy with the question) shows it is connected.
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass                        # not connected yet: ask again
                else:
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self.is_alive():
                raise RuntimeError("The kernel died before it answered.")
            if deadline is not None and time.monotonic() > deadline:
                raise RuntimeError(f"The kernel didn't answer within {timeout:g} seconds.")


class CourseKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a cap on kernels, a left page's kernel shut once it has finished its work,
    and a grace period after a page disconnects."""

    max_kernels = Integer(DEFAULT_MAX_KERNELS, config=True,
                          help="Most kernels at once; past this a page says the course is busy.")
    cull_idle_timeout = Integer(DEFAULT_IDLE_SECONDS, config=True,
                                help="Seconds after which a kernel with no page connected is shut down.")
    cull_interval = Integer(10, config=True, help="Seconds between looks for kernels to cull.")
    kernels_starting = Set(help="Ids of the kernels being started (some not yet in the list of kernels).")
    kernels_leaving = Set(help="Ids of the kernels of pages left, waiting to be shut down.")
    room_size = Integer(0, config=True, help="Kernels kept started and warmed up for pages (0: none).")
    warm_kernels = List(help="Ids of the warmed-up kernels waiting for a page, oldest first.")
    warming = Integer(0, help="Kernels of the pool being started and warmed up.")
    pool_environment = Dict(help="The environment pooled kernels start with (see CourseVoila.pool_environment).")
    refill_handle = Any(None, allow_none=True)
    first_taken = Any(None, allow_none=True)

    async def start_kernel(self, **kwargs):
        kernel_id = kwargs.setdefault("kernel_id", self.new_kernel_id())
        held = len(set(self.list_kernel_ids()) | self.kernels_starting)
        if held >= self.max_kernels:
            self.log.warning("The course is busy: %d kernels running or starting (the most is %d); "
                             "a page was asked to try again later.", held, self.max_kernels)
            raise web.HTTPError(503)
        self.kernels_starting.add(kernel_id)
        try:
            return await super().start_kernel(**kwargs)
        finally:
            self.kernels_starting.discard(kernel_id)

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        # Idle time counts from the moment its page went, so a page that drops its connection for a moment
        # (a network blip) finds its kernel still there when it reconnects.
        if kernel_id in self:
            self.get_kernel(kernel_id).last_activity = utcnow()

    def is_quiet(self, kernel_id):
        """No page connected (so all it sent has been passed on), and nothing done for QUIET_SECONDS since."""
        model = self.kernel_model(kernel_id)
        quiet_for = (utcnow() - self.get_kernel(kernel_id).last_activity).total_seconds()
        return model["connections"] == 0 and model["execution_state"] == "idle" and quiet_for >= QUIET_SECONDS

    # ---------------------------------------------------------------- the room's pool of warmed-up kernels

    def fill_pool(self):
        """Start and warm up kernels until the pool holds `room_size`, WARMING_AT_ONCE at a time."""
        self.refill_handle = self.first_taken = None
        while len(self.warm_kernels) + self.warming < self.room_size and self.warming < WARMING_AT_ONCE:
            self.warming += 1
            asyncio.ensure_future(self._warm_one())

    async def _warm_one(self):
        kernel_id = None
        try:
            kernel_id = await self.start_kernel(kernel_name=self.default_kernel_name, path="",
                                                env=dict(self.pool_environment))
            await self._warm_up(kernel_id)
        except web.HTTPError:       # the course is busy: the pool waits for pages to go (see schedule_refill)
            self.warming -= 1
            return
        except Exception as exc:  # noqa: BLE001 - a pool is a courtesy: pages start kernels of their own
            self.log.warning("A kernel for the room's pool couldn't be warmed up: %s", exc)
            self.warming -= 1
            if kernel_id is not None and kernel_id in self:
                await self.shutdown_kernel(kernel_id)
            return
        self.warming -= 1
        if kernel_id in self:
            self.warm_kernels.append(kernel_id)
            if len(self.warm_kernels) == self.room_size:
                self.log.info("The room's pool holds %d warmed-up kernels.", self.room_size)
        self.fill_pool()

    async def _warm_up(self, kernel_id):
        client = self.get_kernel(kernel_id).client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=WARM_UP_SECONDS)
            reply = await client.execute_interactive(WARM_UP_CODE, silent=True, store_history=False,
                                                     timeout=WARM_UP_SECONDS, output_hook=lambda _msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"the warm-up failed: {reply['content'].get('ename', '')}")
        finally:
            client.stop_channels()

    def take_warm_kernel(self):
        """The id of a warmed-up kernel for a page (now no longer in the pool), or None when none is left."""
        kernel_id = None
        while self.warm_kernels and kernel_id is None:
            candidate = self.warm_kernels.pop(0)
            kernel_id = candidate if candidate in self else None
        self.schedule_refill()
        return kernel_id

    def give_back_warm_kernel(self, kernel_id):
        """A kernel taken for a page that couldn't be shown (no such notebook): back to the front of the pool."""
        if kernel_id in self:
            self.warm_kernels.insert(0, kernel_id)

    def schedule_refill(self):
        if self.room_size < 1:
            return
        now = time.monotonic()
        if self.first_taken is None:
            self.first_taken = now
        delay = min(REFILL_WHEN_QUIET_SECONDS, self.first_taken + REFILL_AT_THE_LATEST_SECONDS - now)
        if self.refill_handle is not None:
            self.refill_handle.cancel()
        self.refill_handle = asyncio.get_running_loop().call_later(max(0, delay), self.fill_pool)

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id in self.warm_kernels:
            return      # waiting for a page, as it should
        return await super().cull_kernel_if_idle(kernel_id)

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        if kernel_id in self.warm_kernels:
            self.warm_kernels.remove(kernel_id)
        RequestInfoSocketHandler._cache.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    async def shutdown_left_page_kernel(self, kernel_id):
        """Shut down the kernel of a page that was left, once it has finished its work."""
        if kernel_id not in self or kernel_id in self.kernels_leaving:
            return  # gone already, or on its way: Voila's call and the course's both come for one page
        self.kernels_leaving.add(kernel_id)
        try:
            deadline = time.monotonic() + LONGEST_LEAVING_WAIT_SECONDS
            while kernel_id in self and not self.is_quiet(kernel_id) and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            if kernel_id in self:
                await self.shutdown_kernel(kernel_id)
        finally:
            self.kernels_leaving.discard(kernel_id)
        if len(self.warm_kernels) + self.warming < self.room_size:
            self.schedule_refill()      # a pool the cap had kept short can grow again


def request_info(handler):
    """What a page's kernel learns about its request (as CGI variables), as Voila's page handler puts it."""
    info = {
        ENV_VARIABLE.SCRIPT_NAME: handler.request.path,
        ENV_VARIABLE.PATH_INFO: "",
        ENV_VARIABLE.QUERY_STRING: str(handler.request.query),
        ENV_VARIABLE.SERVER_SOFTWARE: f"voila/{voila_version}",
        ENV_VARIABLE.SERVER_PROTOCOL: str(handler.request.version),
    }
    host, port = split_host_and_port(handler.request.host.lower())
    info[ENV_VARIABLE.SERVER_PORT] = str(port) if port else ""
    info[ENV_VARIABLE.SERVER_NAME] = host
    wanted = {name.lower() for name in handler.voila_configuration.http_header_envs}
    for name in handler.request.headers:
        if name.lower() in wanted:
            info[f"HTTP_{name.upper().replace('-', '_')}"] = handler.request.headers.get(name)
    return info


class CoursePageHandler(TornadoVoilaHandler):
    """Voila's page, with the `_xsrf` cookie the page's shutdown call on leaving must carry, served from the
    room's pool of warmed-up kernels while it has one."""

    async def get(self, path=None):
        if is_tutor_page(path or self.request.path) and not await self.tutor_may_enter():
            return
        self.xsrf_token  # noqa: B018 -- reading it sets the cookie
        await super().get(path)

    async def get_generator(self, path=None):
        pooled = not self.notebook_path and path and path.endswith(".ipynb") and "/" not in path
        kernel_id = self.kernel_manager.take_warm_kernel() if pooled else None
        if kernel_id is None:
            async for snippet in super().get_generator(path):
                yield snippet
            return
        async for snippet in self.pooled_page(path, kernel_id):
            yield snippet

    async def pooled_page(self, path, kernel_id):
        """The page run on a warmed-up kernel: Voila's renderer with that kernel, which learns the request
        (and so the learner) through `wait_for_request()` once its cells ask."""
        self.set_header("Content-Type", "text/html")
        self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
        self.set_header("Pragma", "no-cache")
        self.set_header("Expires", "0")
        page_config_kwargs = {"base_url": self.base_url, "settings": self.settings, "log": self.log,
                              "voila_configuration": self.voila_configuration}
        try:
            renderer = NotebookRenderer(
                request_handler=self, voila_configuration=self.voila_configuration,
                traitlet_config=self.traitlet_config, notebook_path=path, template_paths=self.template_paths,
                config_manager=self.config_manager, contents_manager=self.contents_manager,
                base_url=self.base_url, kernel_spec_manager=self.kernel_spec_manager, prelaunch_hook=None,
                page_config=get_page_config(**page_config_kwargs),
                mathjax_config=self.settings.get("mathjax_config"), mathjax_url=self.settings.get("mathjax_url"))
            await renderer.initialize()
            # Voila makes a new Jinja environment for every page, so it would parse and compile its 15
            # templates anew each time: about 0.1 s of the server's CPU a page, most of what a page costs it.
            renderer.exporter.environment.bytecode_cache = self.settings["sl_compiled_templates"]
        except Exception:
            self.kernel_manager.give_back_warm_kernel(kernel_id)    # e.g. no such notebook: a 404, no page
            raise
        RequestInfoSocketHandler.send_updates({"kernel_id": kernel_id, "payload": request_info(self)})
        async for snippet, _ in renderer.generate_content_generator(kernel_id,
                                                                    self.kernel_manager.get_kernel(kernel_id)):
            yield snippet

    async def tutor_may_enter(self):
        """A tutor's page is for the tutor only: anyone else gets a plain refusal, and no kernel, no data."""
        from widgets.storage.store import open_store

        environ = {**os.environ, "QUERY_STRING": self.request.query}
        try:
            access = await asyncio.to_thread(tutor_access, environ, open_store, self.request.remote_ip)
        except Exception as exc:  # noqa: BLE001 - e.g. the store can't be opened: refuse, and say why in the log
            access = TutorAccess(False, "", reason=f"the check failed ({exc.__class__.__name__})")
        if access.allowed:
            return True
        self.log.warning("Refused a tutor's page: %s.", access.reason)
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(REFUSED + "\n")
        return False

    def write_error(self, status_code, **kwargs):
        if status_code == 503:
            self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
        super().write_error(status_code, **kwargs)


class LeavingPageHandler(VoilaShutdownKernelHandler):
    """Shuts a page's kernel when the page is left. Every call gets the same answer, whether or not the kernel
    is still there (nothing to tell a caller about which kernels exist)."""

    @web.authenticated
    async def post(self, kernel_id):
        self.set_status(204)
        self.finish()
        await self.kernel_manager.shutdown_left_page_kernel(kernel_id)


class GzippedOnce:
    """A static file handler that sends text files gzipped from a copy compressed once per server (kept in the
    app's settings, `sl_gzipped_files`, by file and modification time), where tornado's GZipContentEncoding
    would compress each file anew for every request. Everything else (paths, caching headers, 304s, ranges,
    clients that don't accept gzip) is the handler's own."""

    async def get(self, path, include_body=True):
        accepts_gzip = "gzip" in self.request.headers.get("Accept-Encoding", "")
        content_type, _ = mimetypes.guess_type(path)
        if not accepts_gzip or "Range" in self.request.headers or not compressible(content_type):
            return await super().get(path, include_body)
        # As tornado's StaticFileHandler.get resolves and checks a file, up to the body.
        self.path = self.parse_url_path(path)
        absolute_path = self.get_absolute_path(self.root, self.path)   # may choose self.root (Voila's handlers)
        self.absolute_path = self.validate_absolute_path(self.root, absolute_path)
        if self.absolute_path is None:
            return
        self.modified = self.get_modified_time()
        self.set_headers()
        if self.should_return_304():
            self.set_status(304)
            return
        body = await asyncio.to_thread(gzipped_copy, self.settings["sl_gzipped_files"], self.absolute_path,
                                       self.modified)
        # Set before the first write, so tornado's gzip transform leaves the body as it is.
        self.set_header("Content-Encoding", "gzip")
        self.set_header("Content-Length", len(body))
        if include_body:
            self.write(body)


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, in the server's memory: each template's compiled code, by its name and file, kept
    with a checksum of its source (Jinja compiles a template again if its source changed)."""

    def __init__(self):
        self.code = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


GZIP_TYPES = frozenset(GZipContentEncoding.CONTENT_TYPES)


def compressible(content_type):
    """As tornado's gzip transform judges a response: text, or one of its compressible types."""
    return bool(content_type) and (content_type.startswith("text/") or content_type in GZIP_TYPES)


def gzipped_copy(copies, absolute_path, modified):
    """The file gzipped, from `copies` if it was compressed before at this modification time."""
    key = (absolute_path, modified)
    if key not in copies:
        with open(absolute_path, "rb") as file:
            # Level 6, tornado's own: a page's 4.8 MB of files take 0.11 s of CPU against 0.18 s at level 9,
            # paid by the first page after a start, for 0.3% more bytes.
            copies[key] = gzip.compress(file.read(), compresslevel=6, mtime=0)
    return copies[key]


class CourseTemplateStatic(GzippedOnce, TemplateStaticFileHandler):
    """The course template's own files (course.css, course.js), gzipped once."""


class VoilaStatic(GzippedOnce, MultiStaticFileHandler):
    """Voila's script and its chunks, gzipped once."""


class LabextensionStatic(GzippedOnce, FileFindHandler):
    """The widget extensions' scripts, gzipped once."""


def machine_names():
    hostname = socket.gethostname().lower()
    return {hostname, socket.getfqdn().lower(), f"{hostname}.local"}


def allowed_hosts(bind_address, environ):
    """(names, any_address): the Host names this server answers to, and whether any IP address is fine too.

    Always: loopback addresses, `localhost`, and the address the server was started on. Served to a network
    (bound to 0.0.0.0 or ::, as for a room): also this machine's names and any IP address, since a DNS-rebinding
    page always arrives under its own domain name, never under an address. SL_ALLOWED_HOSTS adds names (comma
    separated, e.g. a room's DNS name or a proxy's); `*` answers every name. Behind JupyterHub the hub's proxy
    decides who gets in, so every name is answered."""
    names = {"localhost", bind_address.lower().strip("[]")} - set(WILDCARD_ADDRESSES)
    names |= {name.strip().lower() for name in environ.get("SL_ALLOWED_HOSTS", "").split(",") if name.strip()}
    if environ.get("JUPYTERHUB_USER"):
        names.add("*")
    any_address = bind_address in WILDCARD_ADDRESSES
    if any_address:
        names |= machine_names()
    return names, any_address


def host_is_allowed(host_header, names, any_address):
    host, _port = split_host_and_port(host_header.lower())
    host = host.strip("[]").rstrip(".")
    if "*" in names or host in names:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or any_address


class HostNotAllowed(Matcher):
    """Matches the requests whose Host header names some other server."""

    def __init__(self, names, any_address):
        self.names, self.any_address = names, any_address

    def match(self, request):
        return None if host_is_allowed(request.host, self.names, self.any_address) else {}


class RefuseHostHandler(web.RequestHandler):
    def prepare(self):
        logging.getLogger("tornado.access").warning(
            "Refused a request for the host %r: SL_ALLOWED_HOSTS can add a name the course is served under.",
            self.request.host)
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("This server does not answer to that host name.\n")


def redact(text):
    return LEARNER_TOKEN.sub(r"\1<token>", UUID.sub("<id>", text))


class RedactSecrets(logging.Filter):
    """Takes kernel ids (and any other UUID) and learners' tokens out of log records."""

    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def loading_resources():
    """What a page shows while its kernel starts: the course's title and each module's, by notebook name.
    A broken modules.csv leaves out the module titles (the pages themselves then say what is wrong)."""
    from widgets.content.modules import COURSE_TITLE, load_modules

    try:
        modules = load_modules()
    except Exception as exc:  # noqa: BLE001 - the loading state is a courtesy; the server must start
        logging.getLogger("tornado.application").warning("The loading pages show no module titles: %s", exc)
        modules = []
    return {"course_title": COURSE_TITLE,
            "module_titles": {os.path.splitext(module.notebook)[0]: module.title for module in modules}}


class CourseVoila(Voila):
    """Voila with the course's page and leave handlers, host check and log redaction."""

    def initialize(self, argv=None):
        super().initialize(argv)
        try:
            idle_seconds = positive_whole_number(os.environ, "SL_KERNEL_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)
            max_kernels = positive_whole_number(os.environ, "SL_MAX_KERNELS", DEFAULT_MAX_KERNELS)
            room_size = whole_number(os.environ, "SL_ROOM_SIZE", 0)
            if room_size >= max_kernels:
                raise SettingError(f"SL_ROOM_SIZE ({room_size}) must be below SL_MAX_KERNELS ({max_kernels}): "
                                   "the room's pool counts towards the most kernels at once.")
        except SettingError as error:
            self.log.critical("%s", error)
            self.exit(2)
        interval, timeout = cull_timing(idle_seconds)
        self.config.CourseKernelManager.cull_interval = interval
        self.config.CourseKernelManager.cull_idle_timeout = timeout
        self.config.CourseKernelManager.max_kernels = max_kernels
        self.config.CourseKernelManager.room_size = room_size
        self.config.KernelManager.transport = "ipc"
        self.config.KernelManager.client_class = "widgets.server.PromptKernelClient"
        # Text (pages, scripts, styles) goes gzipped: Voila's 4.9 MB of scripts are 1.35 MB so. Its labextension
        # files carry a hash of their content in their names, so a browser may keep them for good (Voila sends
        # them with "no-cache", asking again on every page).
        server_url = self.server_url or self.base_url
        self.tornado_settings = {**self.tornado_settings,
                                 "static_immutable_cache": [url_path_join(server_url, "voila/labextensions/")]}
        # Voila's renderer merges these into each page's `resources` (see index.html.j2).
        self.voila_configuration.config.VoilaConfiguration.resources = loading_resources()

    def init_settings(self):
        settings = super().init_settings()
        settings["sl_compiled_templates"] = CompiledTemplates()
        settings["sl_gzipped_files"] = {}
        if self.kernel_manager.room_size:
            # Once the server listens (its port is known), the pool fills.
            IOLoop.current().add_callback(self.start_pool)
        return settings

    def start_pool(self):
        self.kernel_manager.pool_environment = self.pool_environment()
        self.kernel_manager.fill_pool()

    def pool_environment(self):
        """What a pooled kernel starts with: the server's environment, and where to ask for its page's request."""
        env = dict(os.environ)
        env[ENV_VARIABLE.VOILA_PREHEAT] = "True"
        env[ENV_VARIABLE.VOILA_BASE_URL] = self.base_url
        env[ENV_VARIABLE.VOILA_SERVER_URL] = self.server_url
        env[ENV_VARIABLE.VOILA_APP_PORT] = str(self.port)
        if self.ip not in WILDCARD_ADDRESSES:
            env[ENV_VARIABLE.VOILA_APP_IP] = self.ip.strip("[]")
        return env

    def init_handlers(self):
        # Voila merges `tornado_settings` into its app's settings after making it, too late for
        # `compress_response` (read as a tornado Application starts): the transform is added here instead.
        self.app.add_transform(GZipContentEncoding)
        replacements = {TornadoVoilaHandler: CoursePageHandler, VoilaShutdownKernelHandler: LeavingPageHandler,
                        TemplateStaticFileHandler: CourseTemplateStatic, MultiStaticFileHandler: VoilaStatic,
                        FileFindHandler: LabextensionStatic}
        handlers = [(pattern, replacements.get(handler, handler), *rest)
                    for pattern, handler, *rest in super().init_handlers()]
        if self.kernel_manager.room_size:
            # Where a pooled kernel's `wait_for_request()` gets its page's request (Voila adds it only when
            # its own preheating is on).
            handlers.append((url_path_join(self.server_url, r"/voila/query/%s" % KERNEL_ID_PATTERN),
                             RequestInfoSocketHandler))
        return [Rule(HostNotAllowed(*allowed_hosts(self.ip, os.environ)), RefuseHostHandler)] + handlers

    def start(self):
        # Everything logged, Tornado's request warnings included, goes out through the app's redacting handlers.
        root = logging.getLogger()
        for handler in self.log.handlers:
            handler.addFilter(RedactSecrets())
            root.addHandler(handler)
        super().start()


def main(argv=None):
    CourseVoila.launch_instance(argv=sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
