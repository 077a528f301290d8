package org.egret.pipeline.internal;

import java.util.function.Supplier;
import org.egret.api.decode.LlmCall;
import org.egret.api.http.HttpExchange;
import org.egret.api.http.HttpRequest;
import org.egret.api.http.HttpResponse;
import org.egret.api.storage.ExchangeRecord;
import org.egret.netstack.ExchangeListener;

/**
 * Turns each HTTP exchange into what is stored: the exchange itself (always) and, when a decoder claims it, the
 * LLM call. Runs on a worker thread; secrets are redacted and bodies capped here, before the storage queue.
 */
final class ExchangeProcessor implements ExchangeListener {
    private final String pipeline;
    private final DecoderRegistry decoders;
    private final HeaderRedactor redactor;
    private final BodyCap cap;
    private final TimeOrderedIds ids;
    private final StorageSink sink;
    private final PipelineCounters counters;
    private final Supplier<PriceTable> prices;
    private final CallMetrics metrics;
    private final MetricWindows windows;

    ExchangeProcessor(String pipeline, DecoderRegistry decoders, HeaderRedactor redactor, BodyCap cap,
            TimeOrderedIds ids, StorageSink sink, PipelineCounters counters, Supplier<PriceTable> prices,
            CallMetrics metrics, MetricWindows windows) {
        this.pipeline = pipeline;
        this.decoders = decoders;
        this.redactor = redactor;
        this.cap = cap;
        this.ids = ids;
        this.sink = sink;
        this.counters = counters;
        this.prices = prices;
        this.metrics = metrics;
        this.windows = windows;
    }

    @Override
    public void onExchange(HttpExchange exchange) {
        counters.exchanges.incrementAndGet();
        String exchangeId = ids.next();
        HttpExchange stored = storable(exchange);
        LlmCall call = null;
        BoundDecoder decoder = decoders.select(exchange.request(), counters);
        if (decoder != null) {
            call = decode(decoder, exchange);
            if (decoder.retired) {
                // its bundle went while it decoded: the call is kept all the same, and counted
                counters.decodesByRetiredDecoder.incrementAndGet();
            }
            complete(call, exchange, stored, exchangeId);
            metrics.record(call);
            windows.recordCall(call);
            counters.wiresDetected.incrementAndGet();
            if (call.isPartial()) {
                counters.callsPartial.incrementAndGet();
            }
        } else {
            counters.wiresIgnored.incrementAndGet();
        }
        sink.put(new ExchangeRecord(exchangeId, stored, call == null ? null : call.getId()), call);
    }

    /** Never throws: the name used for a failed decode is the one read at bind time, not asked of the decoder again. */
    private LlmCall decode(BoundDecoder bound, HttpExchange exchange) {
        try {
            LlmCall call = bound.decoder.decode(exchange);
            if (call != null) {
                return call;
            }
            counters.decoderErrors.incrementAndGet();
            return new LlmCall().setWireApi(bound.wireApi).setPartial(true)
                    .setPartialReason("decoder " + bound.wireApi + " returned nothing");
        } catch (RuntimeException | LinkageError e) {
            // a decoder must not throw; if one does, keep the call as partial rather than lose it
            counters.decoderErrors.incrementAndGet();
            return new LlmCall().setWireApi(bound.wireApi).setPartial(true)
                    .setPartialReason("decoder " + bound.wireApi + " failed: " + e);
        }
    }

    /** Fills what every call has regardless of wire API: identity, network, HTTP, timing. */
    private void complete(LlmCall call, HttpExchange ex, HttpExchange stored, String exchangeId) {
        HttpRequest req = ex.request();
        HttpResponse resp = ex.response();
        call.setId(ids.next()).setSourceId(ex.sourceId()).setPipeline(pipeline).setExchangeId(exchangeId)
                .setClientIp(ex.client().ip()).setClientPort(ex.client().port())
                .setServerIp(ex.server().ip()).setServerPort(ex.server().port())
                .setMethod(req.method()).setRequestPath(req.path()).setHost(req.header("host"))
                .setRequestHeaders(stored.request().headers()) // already redacted
                .setRequestTime(req.startMicros());
        byte[] requestBody = req.body();
        call.setRequestBody(cap.text(requestBody));
        long dropped = requestBody == null ? 0 : cap.dropped(requestBody.length);
        if (resp != null) {
            // an SSE response is a stream; so is what the decoder found to be one (NDJSON, a JSON array stream)
            call.setStatusCode(resp.status()).setStream(call.isStream() || resp.isEventStream())
                    .setResponseHeaders(stored.response().headers())
                    .setResponseTime(resp.startMicros()).setCompleteTime(resp.endMicros());
            if (call.getResponseBody() == null) {
                call.setResponseBody(cap.text(resp.body()));
                dropped += resp.body() == null ? 0 : cap.dropped(resp.body().length);
            } else {
                String rebuilt = call.getResponseBody();
                call.setResponseBody(cap.text(rebuilt));
            }
        }
        call.setBodyBytesDropped(dropped);
        if (ex.problem() != null && !call.isPartial()) {
            call.setPartial(true).setPartialReason(ex.problem());
        } else if (resp == null && !call.isPartial()) {
            call.setPartial(true).setPartialReason("no response seen");
        }
        CallTimings.derive(call, resp != null && resp.complete());
        if (call.getModel() == null) {
            call.setModel(call.getRequestModel());
        }
        ServerClassifier.classify(call, ex);
        AgentClassifier.classify(call, req);
        SessionKeys.assign(call, req);
        call.setCostUsd(CallCost.of(call, prices.get().priceOf(call.getModel())));
    }

    /**
     * The exchange as stored: secrets redacted, bodies capped, SSE events without their data (the stream text is
     * kept in the body; the events keep their count, names and timestamps at a fraction of the memory).
     */
    private HttpExchange storable(HttpExchange ex) {
        HttpRequest r = ex.request();
        HttpRequest req = new HttpRequest(r.method(), redactor.redactTarget(r.target()), r.version(),
                redactor.redact(r.headers()), cap.bytes(r.body()), r.bodyLength(),
                r.bodyTruncated() || dropped(r.body()), r.startMicros(), r.endMicros());
        HttpResponse s = ex.response();
        HttpResponse resp = s == null ? null
                : new HttpResponse(s.status(), s.reason(), s.version(), redactor.redact(s.headers()),
                        cap.bytes(s.body()), s.bodyLength(), s.bodyTruncated() || dropped(s.body()),
                        DatalessEvents.of(s.events()), s.startMicros(), s.endMicros(), s.complete());
        return new HttpExchange(ex.sourceId(), ex.client(), ex.server(), req, resp, ex.problem());
    }

    private boolean dropped(byte[] body) {
        return body != null && cap.dropped(body.length) > 0;
    }
}
