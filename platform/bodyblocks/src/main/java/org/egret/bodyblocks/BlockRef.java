package org.egret.bodyblocks;

/**
 * One block of a stored body: its id and length.
 *
 * @param id     SHA-256 of its bytes
 * @param length bytes
 */
public record BlockRef(BlockId id, int length) {
}
