package org.egret.console.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.console.internal.rest.ApiException;
import org.egret.console.internal.rest.ApiResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/live}: server-sent {@code status} events while pipelines run. A servlet of its own, async, so
 * that long-lived streams hold no request thread of the JSON API; one scheduler thread feeds every stream.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/live")
@HttpWhiteboardServletName("org.egret.console.live")
@HttpWhiteboardServletAsyncSupported
public final class LiveServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LiveServlet.class);
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

    /** Served only behind the access filter: no access configuration, no filter, so no unguarded stream. */
    @Reference(target = AccessFilter.TARGET)
    private transient jakarta.servlet.Filter access;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private transient volatile List<PipelineStatus> pipelines;

    private transient volatile LiveStreams streams;
    private transient ScheduledExecutorService scheduler;

    @Activate
    void activate() {
        start(System::currentTimeMillis, true);
    }

    /** @param scheduled false for tests, which call {@link LiveStreams#tick} themselves */
    void start(LongSupplier clock, boolean scheduled) {
        LiveStatusJson status = new LiveStatusJson(() -> pipelines);
        streams = new LiveStreams(status::body, clock);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "egret-live-events");
            t.setDaemon(true);
            return t;
        });
        if (scheduled) {
            scheduler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void tick() {
        try {
            streams.tick();
        } catch (RuntimeException e) {
            // one bad sample must not end the schedule
            LOG.warn("live status tick failed", e);
        }
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        streams.close();
    }

    /** For tests: the streams this servlet feeds. */
    LiveStreams streams() {
        return streams;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!"GET".equals(method)) {
            ApiResponseWriter.write(ApiResponse.error(405, ApiException.INVALID_PARAMETER,
                    "method not allowed: this route answers GET").withHeader("Allow", "GET"), resp,
                    "HEAD".equals(method));
            return;
        }
        boolean admitted = streams.admit((now, onClosed) -> {
            resp.setStatus(200);
            resp.setContentType(CONTENT_TYPE);
            resp.setHeader("Cache-Control", "no-store");
            resp.setHeader("X-Content-Type-Options", "nosniff");
            // a reverse proxy must pass each event on as it comes
            resp.setHeader("X-Accel-Buffering", "no");
            AsyncContext async = req.startAsync();
            // a backstop only: the stream closes itself at its age limit
            async.setTimeout(LiveStreams.MAX_AGE_MILLIS + 60_000L);
            try {
                return new LiveStream(async, resp.getOutputStream(), now, onClosed);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (!admitted) {
            ApiResponseWriter.write(ApiResponse.error(503, ApiException.STORAGE_UNAVAILABLE, "too many live streams: "
                    + "at most " + LiveStreams.MAX_STREAMS + " at a time").withHeader("Retry-After", "10"), resp,
                    false);
        }
    }
}
