package org.egret.api.decode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link WireApiDecoder} services. It becomes {@code egret.wireapi.name} (the wire API)
 * and the decoder's <em>claims</em>: {@code egret.wireapi.paths}, {@code egret.wireapi.hosts} and
 * {@code egret.wireapi.content.types}. A pipeline first probes only the decoders whose claims match a request, and
 * probes every decoder only when none of those is sure, that is scores 80 or more (so a body-shape match through a
 * proxy on an unusual path still works). A decoder claims a request when each kind of claim it declares matches (a
 * kind it leaves empty does not restrict); a decoder that declares no claim at all is probed in the fallback pass
 * only.
 *
 * <p>Patterns are case-sensitive for paths and case-insensitive for hosts and content types. In all three, {@code *}
 * stands for any run of characters within one part (a path segment, a host label, a media type or subtype) and
 * {@code **} for any run of characters at all.
 *
 * <p><b>Paths</b> are matched against the request path without query or fragment, one trailing {@code /} ignored,
 * and match at the <em>end</em> of the path (a path pattern is implicitly preceded by {@code **}), so prefixes
 * added by gateways and proxies do not matter. A pattern starting with {@code ^} is anchored at the start of the path
 * instead. Examples:
 * <ul>
 * <li>{@code /chat/completions}: {@code /v1/chat/completions}, {@code /openai/deployments/d/chat/completions},
 * not {@code /v1/chat/completions/abc}</li>
 * <li>{@code :generateContent} or {@code /models/*:generateContent}:
 * {@code /v1beta/models/gemini-2.5-flash:generateContent} (the method after the model name)</li>
 * <li>{@code /model/*}{@code /invoke}: Bedrock's {@code /model/anthropic.claude-3-5-sonnet/invoke}</li>
 * <li>{@code /openai/deployments/**}: anything under that segment</li>
 * <li>{@code ^/api/chat}: exactly {@code /api/chat}, not {@code /proxy/api/chat}</li>
 * </ul>
 *
 * <p><b>Hosts</b> are matched against the {@code Host} header without its port, whole:
 * {@code api.openai.com}, {@code *.openai.azure.com} (one label), {@code **.googleapis.com} (any depth).
 *
 * <p><b>Content types</b> are matched against the media type of the request's {@code Content-Type} (parameters such
 * as {@code charset} dropped), whole: {@code application/json}, {@code application/*}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WireApi {
    String PREFIX_ = "egret.wireapi.";

    /** The stored wire API name, e.g. {@code openai-chat}: becomes {@code egret.wireapi.name}. */
    String name();

    /** Request path patterns the decoder claims: {@code egret.wireapi.paths}. */
    String[] paths() default {};

    /** Host header patterns the decoder claims: {@code egret.wireapi.hosts}. */
    String[] hosts() default {};

    /** Request media type patterns the decoder claims: {@code egret.wireapi.content.types}. */
    String[] content_types() default {};
}
