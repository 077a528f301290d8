/** The appliance's health as Prometheus text, for {@code /metrics}. Internal. */
package org.egret.console.internal.metrics;
