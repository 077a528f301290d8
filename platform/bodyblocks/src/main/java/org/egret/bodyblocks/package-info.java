/**
 * Bodies as content-addressed blocks: a body is cut where its content says (not at fixed offsets), each block is
 * named by the SHA-256 of its bytes, and the body itself becomes a short list of block names. Agents re-send the
 * whole conversation on every call, so the blocks of one call's request are mostly the blocks of the last one's:
 * storage keeps each block once and rebuilds every body byte for byte from its list.
 */
@Export
@Version("1.0.0")
package org.egret.bodyblocks;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
