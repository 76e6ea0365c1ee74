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

`python -m widgets.server course/ [Voila's options]` runs it; `widgets.serve` builds that command.
"""
import asyncio
import ipaddress
import logging
import os
import re
import socket
import sys
import time

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.httputil import split_host_and_port
from tornado.routing import Matcher, Rule
from traitlets import Integer, Set
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler

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
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE)
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


def cull_timing(idle_seconds):
    """(seconds between looks for kernels to cull, seconds of idleness that gets a kernel culled).

    A kernel goes at the first look after its idle time is up. So that it is gone within `idle_seconds` of its
    page's last sign of life (not up to a look later, nor later by the time its page took to run), its idle time
    is two looks shorter."""
    interval = max(1, idle_seconds // 12)
    return interval, max(1, idle_seconds - 2 * interval)


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


class CoursePageHandler(TornadoVoilaHandler):
    """Voila's page, with the `_xsrf` cookie the page's shutdown call on leaving must carry."""

    async def get(self, path=None):
        if is_tutor_page(path or self.request.path) and not await self.tutor_may_enter():
            return
        self.xsrf_token  # noqa: B018 -- reading it sets the cookie
        await super().get(path)

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
        except SettingError as error:
            self.log.critical("%s", error)
            self.exit(2)
        interval, timeout = cull_timing(idle_seconds)
        self.config.CourseKernelManager.cull_interval = interval
        self.config.CourseKernelManager.cull_idle_timeout = timeout
        self.config.CourseKernelManager.max_kernels = max_kernels
        # Voila's renderer merges these into each page's `resources` (see index.html.j2).
        self.voila_configuration.config.VoilaConfiguration.resources = loading_resources()

    def init_handlers(self):
        replacements = {TornadoVoilaHandler: CoursePageHandler, VoilaShutdownKernelHandler: LeavingPageHandler}
        handlers = [(pattern, replacements.get(handler, handler), *rest)
                    for pattern, handler, *rest in super().init_handlers()]
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
