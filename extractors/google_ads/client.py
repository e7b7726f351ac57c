"""Google Ads API client for one customer: credentials, SearchStream with retries, mutates.

Built on the official ``google-ads`` library: ``GoogleAdsClient(credentials=Credentials(token=
...), developer_token=..., endpoint=..., login_customer_id=..., use_proto_plus=True)``. The OAuth
access token is injected (``google.oauth2.credentials.Credentials``), never loaded with a refresh
token (``load_from_dict`` would reach Google at construction). The endpoint is configurable, so
the same code talks to ``googleads.googleapis.com`` and to the sandbox; the library always opens
TLS, and a private endpoint's CA is trusted through ``GRPC_DEFAULT_SSL_ROOTS_FILE_PATH``, which
gRPC reads once per process (:func:`trust_ca_file`).

Retries (``extractors.common.retry``, capped exponential backoff, the whole query restarted so a
stream broken half-way never yields a row twice): ``RESOURCE_EXHAUSTED`` (quota; the failure's
``quota_error_details.retry_delay`` is honoured), ``INTERNAL``, ``UNAVAILABLE`` and
``DEADLINE_EXCEEDED``. ``AuthenticationError``/``AuthorizationError`` (``UNAUTHENTICATED``,
``PERMISSION_DENIED``) and developer-token errors stop with an :class:`AuthError` naming the
customer and the variable to fix. Anything else (``QueryError``, ``RequestError`` ...) is fatal
as :class:`GoogleAdsApiError` with the API's error codes and request id. Tokens never reach logs:
the library's request logger and every retry message are scrubbed.

Error model: https://developers.google.com/google-ads/api/docs/best-practices/error-types and
https://developers.google.com/google-ads/api/docs/best-practices/quotas.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from typing import Any

import grpc
import pyarrow as pa
from google.ads.googleads.client import GoogleAdsClient
from google.oauth2.credentials import Credentials

from extractors.common.redact import RedactingFilter, redact
from extractors.common.retry import AuthError, Verdict, call_with_retries
from extractors.google_ads.columns import Collector, column
from extractors.google_ads.errors import ApiError, GoogleAdsApiError, status_and_errors
from extractors.google_ads.settings import GoogleAdsSettings

log = logging.getLogger(__name__)

ROOTS_ENV = "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"
LIBRARY_LOGGER = "google.ads.googleads.client"
RETRIABLE_STATUSES = frozenset(
    {
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.UNAVAILABLE,
        grpc.StatusCode.DEADLINE_EXCEEDED,
    }
)
AUTH_STATUSES = frozenset({grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED})
AUTH_TYPES = frozenset({"authentication_error", "authorization_error"})
FATAL_QUOTA_CODES = frozenset({"ACCESS_PROHIBITED"})


def trust_ca_file(path: str) -> None:
    """Make gRPC trust the CA certificate at ``path`` (a private endpoint such as the sandbox).

    gRPC reads ``GRPC_DEFAULT_SSL_ROOTS_FILE_PATH`` once, when the process opens its first TLS
    channel; a different path set later has no effect (logged as a warning).
    """
    current = os.environ.get(ROOTS_ENV)
    if current and current != path:
        log.info("%s: trusting %s instead of %s in this process", ROOTS_ENV, path, current)
    os.environ[ROOTS_ENV] = path


class GoogleAdsApiClient:
    """Google Ads API access for one customer.

    Args:
        access_token: OAuth 2.0 access token (from the environment; never logged).
        developer_token: the API developer token (never logged).
        customer_id: the customer's digits (dashes allowed; stripped).
        settings: endpoint, version, retries.
        sleep: sleep function (tests pass a recorder so nothing waits for real).

    Raises:
        AuthError: a token is empty (names the variable to set).
    """

    def __init__(
        self,
        access_token: str,
        developer_token: str,
        customer_id: str,
        settings: GoogleAdsSettings | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = s = settings or GoogleAdsSettings()
        self.customer_id = customer_id.replace("-", "")
        for value, env in (
            (access_token, s.access_token_env),
            (developer_token, s.developer_token_env),
        ):
            if not value:
                raise AuthError(
                    f"no Google Ads credentials for customer {self.customer_id}: set {env}"
                )
        self._secrets = (access_token, developer_token)
        _protect_library_logs(self._secrets)
        if s.ca_cert_path:
            trust_ca_file(s.ca_cert_path)
        self._sleep = sleep
        self._ads = GoogleAdsClient(
            credentials=Credentials(token=access_token),
            developer_token=developer_token,
            endpoint=s.endpoint,
            login_customer_id=s.login_customer_id,
            version=s.api_version,
            use_proto_plus=True,
        )
        self._services: dict[str, Any] = {}
        self.requests_made = 0

    def service(self, name: str) -> Any:
        """The library's service client (one gRPC channel per service, reused)."""
        if name not in self._services:
            self._services[name] = self._ads.get_service(name)
        return self._services[name]

    def get_type(self, name: str) -> Any:
        """A proto-plus message type of the client's API version (``CampaignOperation``)."""
        return self._ads.get_type(name)

    # -- error classification ------------------------------------------------------------
    def classify(self, exc: BaseException) -> Verdict:
        """Decide whether ``exc`` is worth a retry (see the module docstring for the rules)."""
        status, errors, request_id = status_and_errors(exc, self.settings.api_version)
        if status is None:
            return Verdict(False, f"{type(exc).__name__}: {exc}")
        label = f"{status.name}" + (f" {'; '.join(map(str, errors))}" if errors else "")
        label += f" (request id {request_id})" if request_id else ""
        auth = status in AUTH_STATUSES or any(
            e.error_type in AUTH_TYPES or "DEVELOPER_TOKEN" in e.code for e in errors
        )
        if auth:
            return Verdict(False, label, fatal=AuthError(self._auth_advice(label, errors)))
        fatal_quota = any(e.code in FATAL_QUOTA_CODES for e in errors)
        if status in RETRIABLE_STATUSES and not fatal_quota:
            wait = max((e.retry_delay_s for e in errors), default=0.0)
            return Verdict(True, label, wait_s=wait)
        return Verdict(
            False, label, fatal=GoogleAdsApiError(f"customer {self.customer_id}: {label}")
        )

    def _auth_advice(self, label: str, errors: list[ApiError]) -> str:
        s = self.settings
        if any("DEVELOPER_TOKEN" in e.code for e in errors):
            fix = f"check the developer token in {s.developer_token_env}"
        elif any(e.error_type == "authorization_error" for e in errors):
            fix = (
                f"grant the account behind {s.access_token_env} access to the customer, or "
                "set login_customer_id to its manager account"
            )
        else:
            fix = f"refresh the OAuth access token and set {s.access_token_env}"
        return (
            f"Google Ads rejected the credentials for customer {self.customer_id} "
            f"({redact(label, self._secrets)}): {fix} (developer token: "
            f"{s.developer_token_env}); nothing was written for this customer."
        )

    # -- calls ---------------------------------------------------------------------------
    def search(self, query: str, fields: tuple[str, ...], *, what: str) -> pa.Table:
        """Run one GAQL query through ``SearchStream``; all rows as Arrow (GAQL column names).

        The stream is read batch by batch into columns; if it fails part-way the partial columns
        are dropped and the query restarts, so every row arrives exactly once.

        Args:
            query: the GAQL query (selecting exactly ``fields``).
            fields: the selected GAQL fields, in order (the table's columns).
            what: description for logs (must not contain secrets).

        Raises:
            AuthError: credentials rejected.
            GoogleAdsApiError: a non-retriable error (bad query ...).
            grpc.RpcError: the last transient error when retries run out.
        """
        columns = [column(f) for f in fields]

        def once() -> pa.Table:
            self.requests_made += 1
            collector = Collector(columns)
            stream = self.service("GoogleAdsService").search_stream(
                customer_id=self.customer_id, query=query, timeout=self.settings.retry.timeout_s
            )
            for batch in stream:
                collector.add(type(batch).pb(batch).results)
            return collector.table()

        return self._retry(once, f"customer {self.customer_id}: {what}")

    def mutate(
        self,
        service: str,
        request_type: str,
        operations: list[Any],
        *,
        validate_only: bool = False,
        what: str,
    ) -> list[str]:
        """One mutate call (all or nothing); returns the results' resource names.

        Args:
            service: the service (``CampaignBudgetService``).
            request_type: its request message (``MutateCampaignBudgetsRequest``); the method is
                its snake-cased name without ``Request`` (``mutate_campaign_budgets``).
            operations: the operations (proto-plus messages).
            validate_only: let the API check the operations without applying them.
            what: description for logs (no secrets).

        Setting a budget or a status is idempotent, so a retried write cannot apply twice.

        Raises:
            AuthError / GoogleAdsApiError: as :meth:`search`.
        """
        method = re.sub(r"(?<!^)(?=[A-Z])", "_", request_type.removesuffix("Request")).lower()

        def once() -> list[str]:
            self.requests_made += 1
            request = self.get_type(request_type)
            request.customer_id = self.customer_id
            request.operations.extend(operations)
            request.validate_only = validate_only
            resp = getattr(self.service(service), method)(
                request=request, timeout=self.settings.retry.timeout_s
            )
            return [r.resource_name for r in resp.results]

        return self._retry(once, f"customer {self.customer_id}: {what}")

    def _retry(self, fn: Callable[[], Any], what: str) -> Any:
        return call_with_retries(
            fn,
            classify=self.classify,
            policy=self.settings.retry,
            what=what,
            sleep=self._sleep,
            secrets=self._secrets,
        )


def _protect_library_logs(secrets: tuple[str, ...]) -> None:
    """Mask the tokens in the google-ads library's request logs (headers at DEBUG level)."""
    logger = logging.getLogger(LIBRARY_LOGGER)
    existing = next((f for f in logger.filters if isinstance(f, RedactingFilter)), None)
    if existing is None:
        logger.addFilter(RedactingFilter(secrets))
    else:
        existing.secrets = tuple(dict.fromkeys(existing.secrets + secrets))
