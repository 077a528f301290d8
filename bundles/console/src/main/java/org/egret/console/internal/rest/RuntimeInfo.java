package org.egret.console.internal.rest;

/**
 * What {@code /api/health} says about the running appliance.
 *
 * @param version     the Egret version
 * @param startMillis epoch ms the appliance (or, failing that, the API) started
 */
public record RuntimeInfo(String version, long startMillis) {
}
