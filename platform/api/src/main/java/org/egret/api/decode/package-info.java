/** Wire-API decoders and the LLM call record they produce. */
@Export
@Version("1.4.0")
package org.egret.api.decode;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
