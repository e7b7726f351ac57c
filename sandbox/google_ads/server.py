"""Start and stop the Google Ads gRPC server of a sandbox (TLS on 127.0.0.1).

::

    sandbox = build_sandbox(settings)
    server = start_google_ads(sandbox, port=0)      # sets sandbox.google
    ...  # clients: endpoint server.endpoint, trust server.ca_cert
    server.stop()

The server runs in threads of the calling process next to the HTTP server (the CLI and
``running_sandbox`` start both). Replay mode has no Google Ads data: nothing is started.
"""

from __future__ import annotations

from concurrent import futures
from dataclasses import dataclass
from pathlib import Path

import grpc

from sandbox.google_ads.service import GoogleAdsApi
from sandbox.google_ads.tls import TlsFiles, ensure_certificates
from sandbox.server import Sandbox

DEFAULT_WORKERS = 4


@dataclass
class GoogleAdsServer:
    """A running gRPC server.

    Attributes:
        server: the grpc server.
        port: the TCP port on 127.0.0.1.
        ca_cert: the CA certificate clients must trust (``GRPC_DEFAULT_SSL_ROOTS_FILE_PATH``).
        api: the servicer (faults, stats and the market are the sandbox's).
    """

    server: grpc.Server
    port: int
    ca_cert: Path
    api: GoogleAdsApi

    @property
    def endpoint(self) -> str:
        """``127.0.0.1:PORT`` (pass as ``GoogleAdsClient(endpoint=...)``)."""
        return f"127.0.0.1:{self.port}"

    def stop(self, grace_s: float | None = 1.0) -> None:
        """Stop serving and wait until the server has shut down."""
        self.server.stop(grace_s).wait()


def start_google_ads(
    sandbox: Sandbox,
    port: int = 0,
    *,
    tls: TlsFiles | None = None,
    developer_token: str | None = None,
    workers: int = DEFAULT_WORKERS,
) -> GoogleAdsServer | None:
    """Serve the sandbox's market as the Google Ads API; sets ``sandbox.google``.

    Args:
        sandbox: a built sandbox (market mode; replay has no Google data).
        port: TCP port on 127.0.0.1 (0 = a free one).
        tls: certificate set (default: the per-user one of ``ensure_certificates``).
        developer_token: the only accepted developer token (default: any non-empty one).
        workers: handler threads.

    Returns:
        The running server, or None in replay mode.

    Raises:
        RuntimeError: the port could not be bound.
    """
    if sandbox.market is None:
        return None
    tls = tls or ensure_certificates()
    api = GoogleAdsApi(
        sandbox.market,
        sandbox.faults,
        sandbox.stats,
        token=sandbox.token,
        developer_token=developer_token,
    )
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="google-ads")
    )
    server.add_generic_rpc_handlers(api.handlers())
    creds = grpc.ssl_server_credentials([tls.server_credentials_pair()])
    bound = server.add_secure_port(f"127.0.0.1:{port}", creds)
    if bound == 0:
        raise RuntimeError(f"could not bind the Google Ads gRPC server to 127.0.0.1:{port}")
    server.start()
    sandbox.google = api
    return GoogleAdsServer(server, bound, tls.ca_cert, api)
