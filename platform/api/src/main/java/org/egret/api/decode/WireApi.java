package org.egret.api.decode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link WireApiDecoder} services: {@code egret.wireapi.name} (the wire API) and
 * {@code egret.wireapi.paths} (request path suffixes it claims, used to find candidate decoders quickly).
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WireApi {
    String PREFIX_ = "egret.wireapi.";

    String name();

    String[] paths() default {};
}
