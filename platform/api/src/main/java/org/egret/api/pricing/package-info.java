/** The model price table calls are costed with, as the pipelines use it. */
@Export
@Version("1.0.0")
package org.egret.api.pricing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
