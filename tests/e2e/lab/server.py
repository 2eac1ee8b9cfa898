"""Serves the JupyterLab 4 front end built by build.js with Debian's jupyter_server.

Usage: /usr/bin/python3 tests/e2e/lab/server.py --static DIR --port N --root DIR
       [--token TOKEN] [--state DIR]

Kernels come from the usual Jupyter paths (set JUPYTER_PATH to add a kernelspec).
Settings and workspaces are written under --state, so every run starts clean.
"""

import argparse
import json
import os
import sys

# Ignore Jupyter configuration files on this machine: the tests want a known server.
os.environ["JUPYTER_NO_CONFIG"] = "1"

from jupyter_server.base.handlers import APIHandler  # noqa: E402
from jupyterlab_server import LabServerApp  # noqa: E402
from tornado import web, websocket  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# Settings a lecturer's browser test needs: every cell rendered in the DOM (no
# windowing) and no network calls for news or updates.
SETTING_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}


class IdentityHandler(APIHandler):
    """/api/me of jupyter_server 2 (Debian ships 1.23): one anonymous user."""

    @web.authenticated
    def get(self):
        user = {"username": "student", "name": "Student", "display_name": "Student",
                "initials": "S", "avatar_url": None, "color": None}
        self.finish(json.dumps({"identity": user, "permissions": {}}))


class EventsHandler(APIHandler):
    """POST /api/events of jupyter_server 2: accepted and dropped."""

    @web.authenticated
    def post(self):
        self.set_status(204)
        self.finish()


class EventsSocket(websocket.WebSocketHandler):
    """/api/events/subscribe of jupyter_server 2: an open socket that sends nothing,
    so the front end does not retry the connection in a loop."""

    def on_message(self, message):
        pass


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": LAB_APP[0]}]


LAB_APP = []


def make_app_class(static_dir, state_dir):
    """A LabServerApp subclass pointing at one build and one state directory."""
    app_settings_dir = os.path.join(state_dir, "app_settings")
    os.makedirs(app_settings_dir, exist_ok=True)
    with open(os.path.join(app_settings_dir, "overrides.json"), "w") as f:
        json.dump(SETTING_OVERRIDES, f)

    class TsdlTestLab(LabServerApp):
        # jupyter_server finds the extension by module name: this script.
        name = __name__
        extension_url = "/lab"
        default_url = "/lab"
        load_other_extensions = False
        app_name = "JupyterLab (tsdl tests)"
        app_version = "4.6.4"

        def initialize_handlers(self):
            super().initialize_handlers()
            self.handlers.extend([
                (r"/api/me", IdentityHandler),
                (r"/api/events", EventsHandler),
                (r"/api/events/subscribe", EventsSocket),
            ])

    TsdlTestLab.static_dir = static_dir
    TsdlTestLab.schemas_dir = os.path.join(static_dir, "schemas")
    TsdlTestLab.themes_dir = os.path.join(static_dir, "themes")
    TsdlTestLab.templates_dir = os.path.join(HERE, "templates")
    TsdlTestLab.app_settings_dir = app_settings_dir
    TsdlTestLab.user_settings_dir = os.path.join(state_dir, "user_settings")
    TsdlTestLab.workspaces_dir = os.path.join(state_dir, "workspaces")
    LAB_APP[:] = [TsdlTestLab]
    return TsdlTestLab


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--static", required=True, help="build directory from build.js")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True, help="folder the file browser shows")
    parser.add_argument("--token", default="")
    parser.add_argument("--state", default=None, help="settings/workspaces folder")
    args = parser.parse_args(argv)
    state_dir = args.state or os.path.join(args.root, ".tsdl-lab-state")
    app = make_app_class(os.path.abspath(args.static), os.path.abspath(state_dir))
    app.launch_instance(
        argv=[
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={args.port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={os.path.abspath(args.root)}",
            f"--ServerApp.token={args.token}",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            # CI and these machines run as root; the server is bound to 127.0.0.1.
            "--ServerApp.allow_root=True",
        ]
    )


if __name__ == "__main__":
    main(sys.argv[1:])
