package org.egret.api.storage;

import java.util.List;

/**
 * Filters and page of a health-sample list, newest first. An empty list means "no filter".
 *
 * @param range     sample time range
 * @param pipelines pipeline names
 * @param offset    rows to skip
 * @param limit     rows to return
 */
public record HealthQuery(TimeRange range, List<String> pipelines, int offset, int limit) {
}
