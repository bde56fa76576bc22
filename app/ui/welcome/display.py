"""Before Qt starts: whether the window can open here, said in one line in the user's language.

On Linux, Qt aborts (SIGABRT, exit 134) with a long message in English when none of the platform
plugins it tries opens. :func:`apply_platform` tries them first, in Qt's own order and as cheaply
(no subprocess, a few ms; connects that cannot block for long), and raises the one line instead.
No Qt is imported here: this runs before QApplication exists.
"""

from __future__ import annotations

import os
import sys

from app.core.errors import UserError
from app.core.messages import Many

# Libraries Qt's xcb plugin loads, and the Debian/Ubuntu packages that hold them.
XCB_LIBS = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-render-util": "libxcb-render-util0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}
WAYLAND_PLUGIN = ("wayland", "wayland-egl")  # the names of Qt's one Wayland plugin that open any compositor
WAYLAND_CONNECT_S = 0.2  # a compositor's socket accepts at once; a full backlog is left to Qt


def apply_platform(screenshot: bool) -> None:
    """Pick the Qt platform, or raise the one line saying why the window cannot open here.

    A screenshot run needs no screen (offscreen). On Linux each platform Qt would try
    (:func:`platforms_qt_tries`) is checked in turn, and the first that would open ends the check:
    the X server (no display, the X libraries missing, a display that does not answer) and the
    Wayland compositor's socket. Any other platform in the list (offscreen, eglfs, vnc, a name Qt
    does not know) is left to Qt, which then skips the failing ones before it itself.
    """
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return
    if not sys.platform.startswith("linux"):
        return
    failed: list[UserError] = []
    for name in platforms_qt_tries():
        if name == "xcb":
            problem = _xcb_problem()
        elif name in WAYLAND_PLUGIN:
            problem = _wayland_problem()
        else:
            return
        if problem is None:
            return
        failed.append(problem)
    # The one line: about what the user has set (a Wayland socket tried as Qt does is not "DISPLAY is not set")
    said = [problem for problem in failed if problem.key != "ui.no_display"] or failed
    keys = [problem.key for problem in said]
    if keys == ["ui.wayland_not_answering", "ui.display_not_answering"]:
        wayland, x = said[0].params, said[1].params
        raise UserError(key="ui.displays_not_answering", wayland=wayland["display"], socket=wayland["socket"],
                        display=x["display"])
    if said:
        raise said[0]


def platforms_qt_tries() -> list[str]:
    """The platform plugins Qt 6 tries, first to last (QGuiApplicationPrivate::createPlatformIntegration
    and init_platform, Qt 6.11): QT_QPA_PLATFORM's list when set ("a;b", each "name:arguments", the
    name lowercased, empty parts skipped); else "wayland" when WAYLAND_DISPLAY is set (even empty) or
    XDG_SESSION_TYPE is exactly "wayland", then "xcb" (Qt's default on Linux). The first that opens is
    used; when none does, Qt aborts."""
    named = os.environ.get("QT_QPA_PLATFORM")
    if not named:
        wayland = "WAYLAND_DISPLAY" in os.environ or os.environ.get("XDG_SESSION_TYPE") == "wayland"
        return ["wayland", "xcb"] if wayland else ["xcb"]
    names = []
    for entry in named.split(";"):
        parts = [part for part in entry.split(":") if part]
        if parts:
            names.append(parts[0].lower())
    return names


def _xcb_problem() -> UserError | None:
    """Why Qt's xcb plugin would not open (DISPLAY unset, its X libraries missing, the X server not
    letting this process in), or None."""
    display = os.environ.get("DISPLAY")
    if not display:
        return UserError(key="ui.no_display")
    import ctypes.util

    missing = [lib for lib in XCB_LIBS if ctypes.util.find_library(lib) is None]
    if missing:
        packages = " ".join(XCB_LIBS[lib] for lib in missing)
        return UserError(key="ui.missing_x_libraries", libraries=Many(tuple(missing)), packages=packages)
    return None if _x_display_answers() else UserError(key="ui.display_not_answering", display=display)


def _x_display_answers() -> bool:
    """Whether the X server ``DISPLAY`` names lets this process in: libxcb's own connection (the
    socket, then the authorisation), as Qt's xcb plugin makes it first; a few ms, the window's
    own connection follows. True when libxcb cannot be loaded here (Qt then says so itself)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    # libxcb writes a refusing server's English reason to stderr: the one line said instead covers it
    sys.stderr.flush()
    stderr, quiet = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    try:
        connection = xcb.xcb_connect(None, None)  # (None: DISPLAY, as Qt does)
    finally:
        os.dup2(stderr, 2)
        os.close(stderr)
        os.close(quiet)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)  # (also the static connection libxcb returns on an error)


def _wayland_problem() -> UserError | None:
    """Why Qt's Wayland plugin would not open, or None: the compositor's socket as libwayland finds
    it (WAYLAND_DISPLAY, "wayland-0" when unset, in XDG_RUNTIME_DIR unless an absolute path) not
    there or refusing a connection. One non-blocking connect (a socket there but busy is left to Qt);
    a compositor that accepts and then fails its handshake is Qt's to say."""
    if os.environ.get("WAYLAND_SOCKET"):
        return None  # a connection the compositor handed over, which libwayland takes first
    import socket

    name = os.environ.get("WAYLAND_DISPLAY")
    name = "wayland-0" if name is None else name
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    absolute = name.startswith("/")
    path = name if absolute else f"{runtime or '$XDG_RUNTIME_DIR'}/{name}"  # ($...: not set, said as such)
    if absolute or runtime.startswith("/"):  # (libwayland refuses a runtime directory unset or relative)
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.settimeout(WAYLAND_CONNECT_S)
        try:
            probe.connect(path)
            return None
        except (BlockingIOError, InterruptedError, TimeoutError):
            return None
        except OSError:
            pass
        finally:
            probe.close()
    return UserError(key="ui.wayland_not_answering", display=name or '""', socket=path)
