/** HTTP exchanges as rebuilt from TCP streams: requests, responses, SSE events, each with packet timestamps. */
@Export
@Version("1.1.0")
package org.egret.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
