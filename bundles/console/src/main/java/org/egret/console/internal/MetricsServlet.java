package org.egret.console.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.storage.StorageBackend;
import org.egret.api.storage.StorageStatus;
import org.egret.console.internal.metrics.PrometheusText;
import org.egret.console.internal.rest.RuntimeInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the pipelines' health counters, sources' progress and storage health in Prometheus' text
 * format, on the console's own address (127.0.0.1 unless configured). Read-only.
 */
// the launcher always writes this configuration; requiring it means one activation, not one before and one after
@Component(name = MetricsServlet.PID, service = Servlet.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName(MetricsServlet.PID)
public final class MetricsServlet extends HttpServlet {

    static final String PID = "org.egret.console.metrics";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(egret.storage.type=*)")
    private transient volatile StorageBackend storage;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private transient volatile List<PipelineStatus> pipelines;

    private transient volatile RuntimeInfo runtime;

    /** Served only behind the access filter: no access configuration, no filter, so no unguarded route. */
    @Reference(target = AccessFilter.TARGET)
    private transient jakarta.servlet.Filter access;
    private final transient Clock clock = Clock.systemUTC();

    /**
     * A changed storage target rebinds the dynamic storage reference in place: without this method DS would deactivate
     * the servlet, and a request arriving meanwhile would fail inside the HTTP whiteboard.
     */
    @Modified
    void modified() {
        // nothing to redo: every reference that configuration targets is dynamic
    }

    @Activate
    void activate(BundleContext context) {
        runtime = ConsoleRuntime.read(context, clock.millis());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            resp.setHeader("Allow", "GET, HEAD");
            resp.sendError(405, "method not allowed: /metrics is read-only");
            return;
        }
        byte[] body = PrometheusText.render(runtime.version(),
                Math.max(0, clock.millis() - runtime.startMillis()) / 1000, snapshot(), storageStatus())
                .getBytes(StandardCharsets.UTF_8);
        resp.setStatus(200);
        resp.setContentType(PrometheusText.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        if (!"HEAD".equals(method)) {
            resp.getOutputStream().write(body);
        }
    }

    /** Pipelines in name order; one that fails to report is left out, not the whole scrape. */
    private List<PipelineStatus> snapshot() {
        List<PipelineStatus> bound = pipelines;
        List<PipelineStatus> out = new ArrayList<>();
        if (bound != null) {
            for (PipelineStatus p : bound) {
                try {
                    p.counters();
                    out.add(p);
                } catch (RuntimeException e) {
                    LOG.warn("pipeline status service failed to report", e);
                }
            }
        }
        out.sort(Comparator.comparing(PipelineStatus::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return out;
    }

    private StorageStatus storageStatus() {
        StorageBackend s = storage;
        try {
            return s == null ? null : s.status();
        } catch (RuntimeException e) {
            LOG.warn("storage status failed", e);
            return null;
        }
    }
}
