"""The course as a learner's server behind JupyterHub: `python -m widgets.hub`, the command the hub's spawner runs
(see deploy/hub/jupyterhub_config.py).

It is the course's own Voila server (widgets/server.py), not jupyterhub-singleuser: a learner gets the course and
nothing else. Voila serves only the course's pages and lets a page's kernel receive widget messages, never code
to run, so there is no JupyterLab, terminal, file browser or kernel API to reach. The hub decides who may use it:
every page asks the hub who is signing in (JupyterHub's OAuth, through its identity provider for Jupyter Server),
and only someone the hub allows on this server (its owner, or an admin the deployer lets in) gets past the first
request. The learner is the server's owner, JUPYTERHUB_USER, which widgets/storage/learner.py reads.

The spawner says where to listen and under which prefix in the environment (JupyterHub 2 and later pass no
command-line options): JUPYTERHUB_SERVICE_URL, e.g. http://127.0.0.1:51234/user/ann/.
"""
import os
import sys
from urllib.parse import urlparse

from jupyter_server.utils import url_path_join
from jupyterhub import __version__ as HUB_VERSION
from tornado import web

from widgets.serve import COURSE_DIR, voila_environment
from widgets.server import CourseVoila

IDENTITY_PROVIDER = "jupyterhub.singleuser.extension.JupyterHubIdentityProvider"


class NotSpawnedByHub(RuntimeError):
    pass


class HubCourseVoila(CourseVoila):
    """The course's server with the hub's sign-in. Voila adds its identity provider's pages (here the hub's
    /oauth_callback and /logout) without the server's prefix; under a hub they live below /user/<name>/."""

    def init_handlers(self):
        own = {pattern for pattern, *_ in self.identity_provider.get_handlers()}
        rules = [(url_path_join(self.base_url, rule[0]), *rule[1:]) if isinstance(rule, tuple) and rule[0] in own
                 else rule for rule in super().init_handlers()]
        return rules + [(url_path_join(self.base_url, "api"), HubVersionHandler)]


class HubVersionHandler(web.RequestHandler):
    """The hub asks a server it has started for `<prefix>api` and reads which JupyterHub the server speaks from
    this header (it warns in its log without it). Nothing else is answered here."""

    def get(self):
        self.set_header("X-JupyterHub-Version", HUB_VERSION)
        self.finish({})


def hub_arguments(environ):
    """Voila's options for a server the hub spawned, from the environment the spawner gave it."""
    service_url = environ.get("JUPYTERHUB_SERVICE_URL", "")
    if not service_url or not environ.get("JUPYTERHUB_USER") or not environ.get("JUPYTERHUB_API_TOKEN"):
        raise NotSpawnedByHub("widgets.hub runs the course as a JupyterHub learner's server: start it from the hub "
                              "(deploy/hub/jupyterhub_config.py); `bash scripts/serve.sh` serves it without a hub.")
    address = urlparse(service_url)
    prefix = address.path if address.path.endswith("/") else address.path + "/"
    return [str(COURSE_DIR), "--no-browser",
            f"--Voila.ip={address.hostname}",
            f"--port={address.port}",
            f"--Voila.base_url={prefix}",
            # People sign in on the hub's own page; the server has no token or password of its own.
            f"--Voila.identity_provider_class={IDENTITY_PROVIDER}"]


def main(environ=None):
    try:
        arguments = hub_arguments(os.environ if environ is None else environ)
    except NotSpawnedByHub as problem:
        print(problem, file=sys.stderr)
        return 2
    # The course's template and voila.json (app/), as `bash scripts/serve.sh` gives them.
    os.environ.update(voila_environment())
    HubCourseVoila.launch_instance(argv=arguments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
