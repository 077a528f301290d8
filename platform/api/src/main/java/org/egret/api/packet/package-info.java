/** Packet sources: where captured frames come from (a file, a NIC, a probe feed). */
@Export
@Version("1.1.0")
package org.egret.api.packet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
