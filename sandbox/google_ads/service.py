"""The Google Ads API v26 over gRPC: ``GoogleAdsService.SearchStream`` and two mutate services.

The package ships client stubs and messages but no servicer base classes, so the methods are
registered as generic handlers on their full names (TOOLCHAIN.md)::

    /google.ads.googleads.v26.services.GoogleAdsService/SearchStream             (unary-stream)
    /google.ads.googleads.v26.services.CampaignBudgetService/MutateCampaignBudgets (unary-unary)
    /google.ads.googleads.v26.services.CampaignService/MutateCampaigns             (unary-unary)

Every call: fault injection (kind ``grpc_error``; the matched *path* is the method name, plus a
space and the GAQL query for SearchStream; the method is ``POST``), then authentication
(``authorization: Bearer <token>`` — the sandbox's token, or any non-empty one when none is set —
and a non-empty ``developer-token``), then the customer (``customer_id``: 10 digits, one of the
market's Google customers), then the call. Counted in ``/__sandbox/stats`` under route families
``google.search_stream``, ``google.mutate_campaign_budgets`` and ``google.mutate_campaigns``, per
customer, with the HTTP equivalent of the gRPC status.

Market access is serialised by one lock: the gRPC server runs handlers in threads, and the
market is not thread-safe. (The Graph routes run on the HTTP server's event loop; they touch only
the market's ``meta`` state, which is separate from ``google``'s.)
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator

import grpc
from google.ads.googleads.v26.services.types import campaign_budget_service as cbs
from google.ads.googleads.v26.services.types import campaign_service as cs
from google.ads.googleads.v26.services.types import google_ads_service as gas

from sandbox.faults import FaultRule, FaultSet
from sandbox.google_ads import mutate
from sandbox.google_ads.backend import GoogleAdsBackend
from sandbox.google_ads.errors import HTTP_EQUIVALENT, GoogleAdsApiError, query_error, status_code
from sandbox.google_ads.fields import validate
from sandbox.google_ads.gaql import GaqlError, parse
from sandbox.google_ads.search import batches, frame_for, select_rows
from sandbox.market.market import Market
from sandbox.stats import Stats

PREFIX = "/google.ads.googleads.v26.services."
SEARCH_STREAM = f"{PREFIX}GoogleAdsService/SearchStream"
MUTATE_BUDGETS = f"{PREFIX}CampaignBudgetService/MutateCampaignBudgets"
MUTATE_CAMPAIGNS = f"{PREFIX}CampaignService/MutateCampaigns"
FAMILIES = {
    SEARCH_STREAM: "google.search_stream",
    MUTATE_BUDGETS: "google.mutate_campaign_budgets",
    MUTATE_CAMPAIGNS: "google.mutate_campaigns",
}
DEFAULT_BATCH_ROWS = 10_000


def fault_error(rule: FaultRule) -> GoogleAdsApiError:
    """The error a ``grpc_error`` fault rule injects (see ``sandbox.faults``)."""
    status = status_code(rule.grpc_status) if rule.grpc_status else None
    spec = rule.google_error
    if spec is None:
        spec = (
            {
                grpc.StatusCode.INTERNAL: "internal_error.INTERNAL_ERROR",
                grpc.StatusCode.UNAUTHENTICATED: "authentication_error.OAUTH_TOKEN_EXPIRED",
                grpc.StatusCode.PERMISSION_DENIED: "authorization_error.USER_PERMISSION_DENIED",
                grpc.StatusCode.DEADLINE_EXCEEDED: "internal_error.DEADLINE_EXCEEDED",
                grpc.StatusCode.UNAVAILABLE: "internal_error.TRANSIENT_ERROR",
            }.get(status, "quota_error.RESOURCE_EXHAUSTED")
            if status
            else "quota_error.RESOURCE_EXHAUSTED"
        )
    error_type, _, code = spec.partition(".")
    message = rule.message or {
        "quota_error": "Too many requests. Retry in 30 seconds.",
        "internal_error": "Internal error encountered.",
        "authentication_error": "Authentication of the request failed.",
        "authorization_error": "User doesn't have permission to access customer.",
    }.get(error_type, "The request failed.")
    bare = status == grpc.StatusCode.UNAVAILABLE and rule.google_error is None
    return GoogleAdsApiError(
        error_type,
        code,
        message,
        status=status,
        retry_delay_s=rule.retry_delay_s if error_type == "quota_error" else None,
        with_failure=not bare,
    )


class GoogleAdsApi:
    """The emulator's servicer.

    Args:
        market: the simulated market (its ``google`` platform is served).
        faults: the sandbox's fault rules (only ``grpc_error`` rules apply here).
        stats: the sandbox's request counters.
        token: the only accepted OAuth access token; None = any non-empty token.
        developer_token: the only accepted developer token; None = any non-empty one.
        batch_rows: rows per SearchStream message (the API's is 10,000).
    """

    def __init__(
        self,
        market: Market,
        faults: FaultSet,
        stats: Stats,
        *,
        token: str | None = None,
        developer_token: str | None = None,
        batch_rows: int = DEFAULT_BATCH_ROWS,
    ) -> None:
        self.backend = GoogleAdsBackend(market)
        self.faults, self.stats = faults, stats
        self.token, self.developer_token = token, developer_token
        self.batch_rows = batch_rows
        self.lock = threading.Lock()
        self._ids = itertools.count(1)

    # --- plumbing ------------------------------------------------------------------------

    def handlers(self) -> tuple[grpc.GenericRpcHandler, ...]:
        """Generic handlers for ``grpc.Server.add_generic_rpc_handlers``."""

        def ser(msg: object) -> bytes:
            return msg.SerializeToString()  # type: ignore[attr-defined]

        ads = grpc.method_handlers_generic_handler(
            f"{PREFIX[1:]}GoogleAdsService",
            {
                "SearchStream": grpc.unary_stream_rpc_method_handler(
                    self.search_stream,
                    request_deserializer=gas.SearchGoogleAdsStreamRequest.pb().FromString,
                    response_serializer=ser,
                )
            },
        )
        budgets = grpc.method_handlers_generic_handler(
            f"{PREFIX[1:]}CampaignBudgetService",
            {
                "MutateCampaignBudgets": grpc.unary_unary_rpc_method_handler(
                    self.mutate_campaign_budgets,
                    request_deserializer=cbs.MutateCampaignBudgetsRequest.pb().FromString,
                    response_serializer=ser,
                )
            },
        )
        campaigns = grpc.method_handlers_generic_handler(
            f"{PREFIX[1:]}CampaignService",
            {
                "MutateCampaigns": grpc.unary_unary_rpc_method_handler(
                    self.mutate_campaigns,
                    request_deserializer=cs.MutateCampaignsRequest.pb().FromString,
                    response_serializer=ser,
                )
            },
        )
        return ads, budgets, campaigns

    def _request_id(self) -> str:
        return f"sandbox-{next(self._ids):08d}"

    def _fire(self, method: str, request: object, extra_path: str = "") -> list[FaultRule]:
        customer_id = str(request.customer_id)  # type: ignore[attr-defined]
        return self.faults.fire("POST", f"{method}{extra_path}", customer_id, rpc=True)

    def _admit(
        self, fired: list[FaultRule], request: object, context: grpc.ServicerContext
    ) -> list[FaultRule]:
        """Immediate faults, then authentication and the customer.

        Returns:
            The fired rules that break the stream later (``after_messages`` > 0).

        Raises:
            GoogleAdsApiError: a fault, bad credentials, or a customer the caller cannot access.
        """
        now = [r for r in fired if r.after_messages == 0]
        if now:
            raise fault_error(now[0])
        md = dict(context.invocation_metadata())
        self._authenticate(str(md.get("authorization", "")), str(md.get("developer-token", "")))
        customer_id = str(request.customer_id)  # type: ignore[attr-defined]
        if not customer_id.isdigit() or len(customer_id) != 10:
            raise GoogleAdsApiError(
                "request_error", "INVALID_CUSTOMER_ID", f"Invalid customer ID '{customer_id}'."
            )
        if self.backend.customer(customer_id) is None:
            raise GoogleAdsApiError(
                "authorization_error",
                "USER_PERMISSION_DENIED",
                "User doesn't have permission to access customer. Note: If you're accessing a "
                "client customer, the manager's customer id must be set in the "
                "'login-customer-id' header.",
            )
        return [r for r in fired if r.after_messages > 0]

    def _authenticate(self, authorization: str, developer_token: str) -> None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise GoogleAdsApiError(
                "authentication_error",
                "OAUTH_TOKEN_HEADER_INVALID",
                "The OAuth token in the request header was not valid.",
            )
        if self.token is not None and token.strip() != self.token:
            raise GoogleAdsApiError(
                "authentication_error",
                "OAUTH_TOKEN_INVALID",
                "Authentication of the request failed: the OAuth access "
                "token is invalid or expired.",
            )
        if not developer_token:
            raise GoogleAdsApiError(
                "request_error",
                "DEVELOPER_TOKEN_PARAMETER_MISSING",
                "The developer-token header is missing.",
            )
        if self.developer_token is not None and developer_token != self.developer_token:
            raise GoogleAdsApiError(
                "authentication_error",
                "DEVELOPER_TOKEN_INVALID",
                "The developer token is not valid.",
            )

    def _record(
        self, method: str, request: object, status: grpc.StatusCode, fired: list[FaultRule]
    ) -> None:
        self.stats.record(
            FAMILIES[method],
            str(request.customer_id),  # type: ignore[attr-defined]
            HTTP_EQUIVALENT.get(status, 500),
            [r.kind for r in fired],
        )

    # --- SearchStream --------------------------------------------------------------------

    def search_stream(self, request: object, context: grpc.ServicerContext) -> Iterator[object]:
        """Answer one GAQL query as a stream of ``SearchGoogleAdsStreamResponse`` batches."""
        rid = self._request_id()
        query_text = str(request.query)  # type: ignore[attr-defined]
        status = grpc.StatusCode.OK
        fired = self._fire(SEARCH_STREAM, request, f" {query_text}")
        try:
            late = self._admit(fired, request, context)
            messages = self._answer(request, query_text, rid)
            abort_at = min((r.after_messages for r in late), default=None)
            for n, msg in enumerate(messages):
                if abort_at is not None and n >= abort_at:
                    raise fault_error(next(r for r in late if r.after_messages == abort_at))
                yield msg
            if abort_at is not None:  # the rule wanted more messages than there were
                raise fault_error(next(r for r in late if r.after_messages == abort_at))
            context.set_trailing_metadata((("request-id", rid),))
        except GoogleAdsApiError as err:
            status = err.status
            err.abort(context, rid)
        finally:
            self._record(SEARCH_STREAM, request, status, fired)

    def _answer(self, request: object, query_text: str, rid: str) -> list[object]:
        if int(request.summary_row_setting) > 1:  # type: ignore[attr-defined]
            raise query_error("QUERY_ERROR", "The sandbox does not return summary rows.")
        try:
            q = validate(parse(query_text))
        except GaqlError as exc:
            raise query_error(exc.code, exc.message) from None
        customer = self.backend.customer(str(request.customer_id))  # type: ignore[attr-defined]
        assert customer is not None
        with self.lock:
            frame = select_rows(q, frame_for(self.backend, q, customer))
            return list(batches(q, frame, rid, self.batch_rows))

    # --- mutates -------------------------------------------------------------------------

    def _mutate(
        self,
        method: str,
        request: object,
        context: grpc.ServicerContext,
        writes: Callable[[GoogleAdsBackend, str, object], list[mutate.Write]],
        response: type,
        result_field: str,
    ) -> object:
        rid = self._request_id()
        status = grpc.StatusCode.OK
        fired = self._fire(method, request)
        try:
            self._admit(fired, request, context)
            mutate.check_request(request)
            with self.lock:
                todo = writes(self.backend, str(request.customer_id), request)  # type: ignore[attr-defined]
                if not request.validate_only:  # type: ignore[attr-defined]
                    for w in todo:
                        w.apply()
            out = response()
            for w in todo:
                getattr(out, result_field).add(resource_name=w.resource_name)
            context.set_trailing_metadata((("request-id", rid),))
            return out
        except GoogleAdsApiError as err:
            status = err.status
            err.abort(context, rid)
            raise  # unreachable: abort raises
        finally:
            self._record(method, request, status, fired)

    def mutate_campaign_budgets(self, request: object, context: grpc.ServicerContext) -> object:
        """Update campaign budgets' ``amount_micros``."""
        return self._mutate(
            MUTATE_BUDGETS,
            request,
            context,
            mutate.budget_writes,
            mutate.BUDGETS_RESPONSE,
            "results",
        )

    def mutate_campaigns(self, request: object, context: grpc.ServicerContext) -> object:
        """Update campaigns' ``status``."""
        return self._mutate(
            MUTATE_CAMPAIGNS,
            request,
            context,
            mutate.campaign_writes,
            mutate.CAMPAIGNS_RESPONSE,
            "results",
        )
