"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (no dependency).

Drives Debian's ``chromium`` headless for the dashboard's browser test: the browser reads
NUL-separated JSON commands on fd 3 and writes responses and events on fd 4, so no port is opened
and nothing beyond the standard library is needed (Playwright and Selenium's managers would
download a browser; neither works offline).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """Path of a Chromium binary (``ADPILOT_CHROMIUM`` first, then the PATH), or None."""
    explicit = os.environ.get("ADPILOT_CHROMIUM")
    if explicit and Path(explicit).is_file():
        return explicit
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _high_fd(fd: int) -> int:
    """``fd`` duplicated to a number ≥ 10 (close-on-exec), the original closed."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class DevToolsError(RuntimeError):
    """The browser answered a command with an error, died, or did not answer in time."""


class Browser:
    """A headless Chromium with one page attached (flattened session).

    Events of the page are kept in :attr:`events` (``{"method": ..., "params": ...}``).
    Use as a context manager; :meth:`close` ends the browser.
    """

    def __init__(
        self,
        binary: str,
        profile_dir: Path,
        *,
        width: int = 1400,
        height: int = 1000,
        timeout_s: float = 60.0,
    ) -> None:
        self.timeout_s = timeout_s
        self.events: list[dict[str, Any]] = []
        self._buffer = b""
        self._next_id = 0
        to_browser_r, to_browser_w = (_high_fd(fd) for fd in os.pipe())
        from_browser_r, from_browser_w = (_high_fd(fd) for fd in os.pipe())
        args = [
            binary,
            "--headless",
            "--remote-debugging-pipe",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile_dir}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
            "--hide-scrollbars",
            "--mute-audio",
            f"--window-size={width},{height}",
            "--force-device-scale-factor=1",
            "about:blank",
        ]
        # bash (dash takes single-digit fds only) moves the pipe ends to fds 3 and 4, where
        # --remote-debugging-pipe wants them.
        script = (
            f'exec "$@" 3<&{to_browser_r} 4>&{from_browser_w} {to_browser_r}<&- {from_browser_w}>&-'
        )
        self._log = (profile_dir / "chromium.log").open("wb")
        self.proc = subprocess.Popen(
            ["/bin/bash", "-c", script, "bash", *args],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._write, self._read = to_browser_w, from_browser_r
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)[
            "sessionId"
        ]
        self.page(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its result (events meanwhile go to :attr:`events`)."""
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._write, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout_s
        while True:
            for reply in self._drain(deadline):
                if reply.get("id") == self._next_id:
                    if "error" in reply:
                        raise DevToolsError(f"{method}: {reply['error']}")
                    return reply.get("result", {})

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        """:meth:`call` on the attached page's session."""
        return self.call(method, session=self.session, **params)

    def evaluate(self, expression: str) -> Any:
        """Evaluate JavaScript in the page and return its value (JSON-serializable results)."""
        result = self.page(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise DevToolsError(f"evaluate failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout_s: float = 30.0) -> None:
        """Poll ``expression`` until it is truthy.

        Raises:
            DevToolsError: still falsy after ``timeout_s`` seconds.
        """
        deadline = time.monotonic() + timeout_s
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise DevToolsError(f"timed out waiting for {expression}")
            time.sleep(0.1)

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the whole page (beyond the viewport) to ``path``."""
        size = self.page("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = self.page(
            "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
        )["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        """End the browser (politely, then by signal) and release the pipes."""
        try:
            if self.proc.poll() is None:
                os.write(
                    self._write, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0"
                )
                self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            for fd in (self._write, self._read):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._log.close()

    def _drain(self, deadline: float) -> list[dict[str, Any]]:
        """Read what the browser has sent (waiting until ``deadline``); keep events."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DevToolsError("no answer from the browser in time")
        ready, _, _ = select.select([self._read], [], [], remaining)
        if not ready:
            raise DevToolsError("no answer from the browser in time")
        chunk = os.read(self._read, 1 << 20)
        if not chunk:
            raise DevToolsError(f"the browser exited (code {self.proc.poll()})")
        self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        out = []
        for raw in messages:
            msg = json.loads(raw)
            if "method" in msg:
                self.events.append(msg)
            else:
                out.append(msg)
        return out
