/** Who may use the API: the access token, browser sessions, failed-attempt limits and Host/Origin checks. Internal. */
package org.egret.console.internal.access;
