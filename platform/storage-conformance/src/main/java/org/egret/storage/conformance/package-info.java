/**
 * The storage contract's conformance suite. A backend's tests implement {@link
 * org.egret.storage.conformance.BackendUnderTest} and subclass every {@code *Conformance} class; the suite must pass
 * unchanged on every backend. What it holds a backend to, beyond the javadoc of {@code org.egret.api.storage}:
 *
 * <ul>
 * <li><b>Visibility.</b> A write is visible to queries once {@code flush()} returned; a backend that sends every
 * batch at once is visible sooner. The suite flushes after its writes. After a flush {@code bufferedRows} is 0 and
 * {@code callsWritten}/{@code exchangesWritten} count every row accepted.</li>
 * <li><b>Batches.</b> A batch with a bad row (a call or turn without id, an exchange without a request) fails with a
 * {@code StorageException} from the write or from the next flush and stores none of its rows (a turn it would have
 * replaced keeps its old row); the next good batch is stored and the backend is healthy again.</li>
 * <li><b>Round trip.</b> {@code findCall}, {@code findExchange} and {@code findTurn} give back every field as
 * written: times to the microsecond, nulls as nulls, bodies byte for byte however large or binary (an agent's resent
 * conversation included), headers in order with repeats. Null header, tool and result lists read back empty. An
 * exchange's server-sent events are not kept one by one: its response body holds the stream text and its event list
 * is empty. An unknown or null id is empty, never an error.</li>
 * <li><b>List items.</b> A call list item has no bodies, no headers, no request tools and no tool results; its tool
 * calls carry only index and name. An exchange list item has no request headers and no bodies, and of the response
 * headers only Content-Type. A turn list item has no tool list.</li>
 * <li><b>Filters.</b> Empty or null lists and null values filter nothing. Values in one list are alternatives, filters
 * combine with AND. Status 0 means "no response". {@code requestPathContains}/{@code uriContains} are case-sensitive
 * substrings in which {@code %} and {@code _} are only themselves. A turn's model filter matches a turn that used any
 * of the models, whole names only. Whatever a user puts in a filter is a value, never query text.</li>
 * <li><b>Time ranges</b> are half-open, {@code from <= t < to}, µs since the epoch; {@code Long.MIN_VALUE} /
 * {@code Long.MAX_VALUE} (and a null range) leave a side open. {@code t} is the request time of calls and exchanges,
 * the start of turns and of rollup windows, the sample time of health samples; a session is in a range when one of
 * its visible turns starts in it.</li>
 * <li><b>Order.</b> By the sort field (a null sort field is the first of {@code SORT_FIELDS}, a null order is
 * descending), nulls last in either direction (a call's or exchange's missing status, latency or tokens), ties broken
 * by id (a session's: its session id) in the same direction. An unknown sort field or a negative offset or limit is a
 * {@code StorageException} naming it. Rollups come oldest first, then by pipeline, wire API, model, server kind and
 * agent kind; health samples newest first.</li>
 * <li><b>Pages.</b> {@code total} counts every row the filters match, whatever the page; pages of any one order,
 * concatenated, are the whole list with no row twice and none missing; a page past the end is empty and still
 * carries the total; limit 0 gives only the total.</li>
 * <li><b>Turns and sessions.</b> A turn id written again replaces the earlier row, also across batches, restarts and
 * within one batch (the later wins). Turns whose proxy role is {@code proxy_out} are hidden unless
 * {@code includeProxyOut}, and never count in a session. A session is its visible turns summed up at query time:
 * source and agent kind of the first turn, first user input of the first turn that has one, models in order of first
 * use, last turn id; a rewritten turn changes its session at once. Turns without session id make no session. The
 * session filters pick sessions (one of its visible turns matches), which are then summed up whole.</li>
 * <li><b>Call groups.</b> {@code groupCalls} sums up exactly what {@code queryCalls} with the same range and filters
 * lists: counts, error classes (status 0 is no error), token sums, cost and first/last seen exactly, averages to
 * rounding, 95th percentiles (linear between the closest ranks) within 1 %. A missing value is a null key; groups
 * come by call count descending, then key values ascending (ports and statuses as numbers), nulls last.</li>
 * <li><b>Rollups.</b> A window written again for the same pipeline, start and dimensions (missing dimensions
 * included) replaces the earlier row; every count, sum and latency bucket reads back exactly. {@code limit} keeps
 * the oldest.</li>
 * <li><b>Retention</b> per table, ages against the wall clock: calls by request time and turns by end time after
 * {@code retention_days}; exchanges, stored body blocks and the bodies of calls after {@code retention_body_days} (such
 * a call is still listed and found, its request and response bodies null and every other field as written); rollups by window start and health samples after
 * {@code retention_metrics_days}. A backend may drop whole days, so the suite requires a row to be gone a day and a
 * half past its limit and to stay half a day short of it. Retention off keeps everything.</li>
 * <li><b>Restart.</b> Everything written and flushed is there after close and reopen, and writing goes on.</li>
 * </ul>
 */
package org.egret.storage.conformance;
