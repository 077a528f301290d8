package org.egret.api.storage;

/** Sort direction of a list query; ties are always broken by id in the same direction. */
public enum SortOrder {
    ASC, DESC
}
