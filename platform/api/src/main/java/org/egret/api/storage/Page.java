package org.egret.api.storage;

import java.util.List;

/**
 * One page of a list query.
 *
 * @param total how many rows match the query in all
 * @param items the rows of this page
 */
public record Page<T>(long total, List<T> items) {
}
