/** Storage backends: where calls and exchanges are written and read back from. */
@Export
@Version("1.4.0")
package org.egret.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
