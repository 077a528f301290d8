/** Agent turns assembled from calls: what the user asked, the loop of calls and tools, what the agent answered. */
@Export
@Version("1.0.0")
package org.egret.api.turn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
