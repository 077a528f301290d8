package org.egret.api.pipeline;

import java.util.Map;

/**
 * One sample of a pipeline's call metrics, in the shape Prometheus exposes: a metric family ({@code name}), its
 * type, help text, labels and value. A histogram is its {@code _bucket} (with an {@code le} label), {@code _sum}
 * and {@code _count} samples, all of family type {@code histogram} under the histogram's base name.
 *
 * @param family the metric family: the base name, e.g. {@code egret_call_ttft_seconds}
 * @param name   the sample's own name: the family, or the family with {@code _bucket}, {@code _sum}, {@code _count}
 * @param type   {@code counter}, {@code gauge} or {@code histogram}
 * @param help   one line saying what it measures
 * @param labels label names to values, in the order to show them
 * @param value  the value
 */
public record MetricSample(String family, String name, String type, String help, Map<String, String> labels,
        double value) {
}
