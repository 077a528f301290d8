package org.egret.console.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.egret.api.pipeline.PipelineStatus;
import org.egret.api.pricing.PriceList;
import org.egret.api.storage.StorageBackend;
import org.egret.api.transcript.TranscriptReader;
import org.egret.console.internal.rest.ApiException;
import org.egret.console.internal.rest.ApiRequest;
import org.egret.console.internal.rest.ApiResponse;
import org.egret.console.internal.rest.ApiRouter;
import org.egret.console.internal.rest.TranscriptReaders;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The REST API at {@code /api/*}. Storage is optional and dynamic so {@code /api/health} answers (degraded) while no
 * backend is bound; data routes then answer 503. GET and HEAD everywhere; the few routes that take writes (the price
 * table) also PUT, with a JSON body of at most {@link ApiRequest#MAX_BODY_BYTES}.
 */
// the launcher always writes this configuration; requiring it means one activation, not one before and one after
@Component(name = ApiServlet.PID, service = Servlet.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletName(ApiServlet.PID)
@Designate(ocd = ApiServlet.Config.class)
public final class ApiServlet extends HttpServlet {

    static final String PID = "org.egret.console.api";

    private static final long serialVersionUID = 1L;

    @ObjectClassDefinition(id = PID, name = "Egret REST API", description = "The REST API served at /api")
    @interface Config {
        @AttributeDefinition(name = "Storage backend", description = "LDAP filter selecting the StorageBackend "
                + "service the API reads from, e.g. (egret.storage.type=duckdb)")
        String storage_target() default "(egret.storage.type=*)";
    }

    /** Served only behind the access filter: no access configuration, no filter, so no unguarded route. */
    @Reference(target = AccessFilter.TARGET)
    private transient jakarta.servlet.Filter access;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(egret.storage.type=*)")
    private transient volatile StorageBackend storage;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private transient volatile List<PipelineStatus> pipelines;

    /** Filled by DS before activation and as decoder bundles come and go. */
    private final transient TranscriptReaders transcriptReaders = new TranscriptReaders();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ConfigurationAdmin configurationAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile PriceList priceList;

    private transient volatile ApiRouter router;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeTranscriptReader")
    void addTranscriptReader(TranscriptReader reader, Map<String, Object> properties) {
        transcriptReaders.add(reader, properties);
    }

    void removeTranscriptReader(TranscriptReader reader) {
        transcriptReaders.remove(reader);
    }

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
        Clock clock = Clock.systemUTC();
        router = new ApiRouter(() -> storage, () -> pipelines, ConsoleRuntime.read(context, clock.millis()), clock,
                transcriptReaders,
                new ConfigAdminSettings(() -> configurationAdmin, () -> priceList,
                        context.getProperty(ConfigAdminSettings.CONFIG_PATH_PROPERTY),
                        ConfigAdminSettings.confDir(context.getProperty(ConfigAdminSettings.HOME_PROPERTY))));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        boolean head = "HEAD".equals(method);
        ApiResponse r;
        if (head || "GET".equals(method)) {
            r = router.handle(req.getPathInfo(), req.getQueryString());
        } else {
            r = router.handle(new ApiRequest(method, req.getPathInfo(), req.getQueryString(), req.getContentType(),
                    req::getInputStream));
        }
        ApiResponseWriter.write(r, resp, head);
    }
}
