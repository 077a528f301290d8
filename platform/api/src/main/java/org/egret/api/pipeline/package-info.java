/** What a running pipeline reports about itself. */
@Export
@Version("1.4.0")
package org.egret.api.pipeline;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
