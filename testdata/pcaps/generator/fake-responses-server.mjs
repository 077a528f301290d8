// Fake OpenAI Responses API server for Egret's capture fixtures.
//
// Usage: node fake-responses-server.mjs <port>      (port 0 = pick an ephemeral port)
// Prints "listening <port>" on stdout once it accepts connections.
//
// It answers on plaintext HTTP/1.1 on 127.0.0.1 the way the real API does on the wire (response
// objects, typed SSE events `event: <type>` + `data: {..., "sequence_number": n}`, header names,
// error bodies), with deterministic content: every id, timestamp and token count is derived from a
// per-process counter or from the request, so regenerated captures differ only in packet
// timestamps, ports, the Date header and the client's own random headers.
//
// Routes:
//   POST /v1/responses                      create, streaming (SSE) and not
//   POST /backend-api/codex/responses       the same, as the ChatGPT backend Codex CLI uses
//   GET  /v1/responses/{id}                 retrieve a stored response (non-LLM traffic)
//   anything else                           404 in OpenAI's error shape
// Behaviour picked by the request:
//   model "gpt-4.1-mini-ratelimited"        429 rate_limit_exceeded
//   a reasoning model with temperature      400 unsupported_parameter
//   header x-fixture-fail: 500 | 503        500 server_error | 503 overloaded
//   header x-fixture-fail: stream           200 stream that ends in response.failed
//   header x-fixture-encoding: gzip | br    non-streaming body content-encoded
//   header originator (Codex CLI)           encrypted reasoning, response.completed with "output": []
//   header x-fixture-long: 1                a long answer (thousands of delta events)

import http from 'node:http';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { serve } from './serve.mjs';

const port = Number.parseInt(process.argv[2] ?? '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node fake-responses-server.mjs <port>');
  process.exit(2);
}

// ---------------------------------------------------------------- deterministic ids

const CREATED_BASE = 1767225600; // 2026-01-01T00:00:00Z
let requestCounter = 0;
let responseCounter = 0;
let itemCounter = 0;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const B64URL = ALNUM + '-_';
function detString(seedText, len, alphabet = ALNUM) {
  let out = '';
  for (let block = 0; out.length < len; block++) {
    for (const b of createHash('sha256').update(`${seedText}#${block}`).digest()) {
      if (out.length < len) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}
// Real ids: a prefix and 50 hex digits that share the response's first 18.
const responseId = (n) => `resp_${detString(`resp${n}`, 50, HEX)}`;
const itemId = (prefix, n) => `${prefix}_${detString(`item${n}`, 50, HEX)}`;
const callId = (n) => `call_${detString(`call${n}`, 24)}`;
const requestId = (n) => `req_${detString(`req${n}`, 32, HEX)}`;
const encrypted = (n, len) => `gAAAAAB${detString(`enc${n}`, len, B64URL)}`;

// ---------------------------------------------------------------- models

const SERVED_MODELS = {
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-codex': 'gpt-5-codex',
  'o4-mini': 'o4-mini-2025-04-16',
};
const isReasoningModel = (served) => /^(o\d|gpt-5)/.test(served);

// ---------------------------------------------------------------- canned content

const CANNED = [
  {
    match: /palindrome/i,
    text:
      'Here\u2019s a compact, allocation-free version \u2014 two indices walk toward the middle:\n\n' +
      '```java\n' +
      'static boolean isPalindrome(String s) {\n' +
      '    int i = 0, j = s.length() - 1;\n' +
      '    while (i < j) {\n' +
      '        char a = s.charAt(i), b = s.charAt(j);\n' +
      '        if (!Character.isLetterOrDigit(a)) { i++; continue; }\n' +
      '        if (!Character.isLetterOrDigit(b)) { j--; continue; }\n' +
      '        if (Character.toLowerCase(a) != Character.toLowerCase(b)) return false;\n' +
      '        i++; j--;\n' +
      '    }\n' +
      '    return true;\n' +
      '}\n' +
      '```\n\n' +
      'O(n) time, O(1) space \u2705',
  },
  {
    match: /record/i,
    text:
      'A Java record is a concise, immutable data carrier: `record Point(int x, int y) {}` gives you a ' +
      'canonical constructor, private final fields, accessors, and value-based `equals`, `hashCode` and ' +
      '`toString`. Records cannot extend other classes, but they can implement interfaces.',
  },
  {
    match: /sealed/i,
    text:
      'Sealed interfaces list their permitted implementations, so a `switch` over them can be exhaustive ' +
      'without a default branch: the compiler knows every case. Add a new implementation and every such ' +
      'switch stops compiling until it handles it.',
  },
  {
    match: /virtual threads?/i,
    text:
      'Use virtual threads for I/O-bound work with one thread per request; keep the JDBC pool bounded, ' +
      'since the database becomes the limit, and avoid `synchronized` around blocking calls on JDK 21.',
  },
];
const DEFAULT_TEXT = 'Sure \u2014 could you share the relevant code so I can take a look?';

const REASONING_SUMMARY =
  '**Weighing the trade-offs**\n\nThe service blocks on JDBC most of the time, so the carrier threads ' +
  'sit idle; virtual threads help there, but pinning inside synchronized blocks and an unbounded pool ' +
  'would move the bottleneck to the database.';

function longText() {
  const topics = ['parsing', 'reassembly', 'decoding', 'storage', 'metrics', 'turn tracking', 'the console', 'retention'];
  const lines = ['Here is a step-by-step review plan for the capture pipeline, one check per line:', ''];
  for (let i = 1; i <= 160; i++) {
    const t = topics[i % topics.length];
    lines.push(`${i}. Check ${t} with fixture ${((i * 37) % 101) + 1}: confirm the counters stay exact under load.`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- agent "models"

// Generic agent: two parallel function calls, then a final answer once both results are back.
const GENERIC_TOOL_ARGS = {
  read_file: { path: 'src/main/java/com/example/http/Parser.java' },
  run_tests: { selector: 'ParserTest', timeout_ms: 120000 },
};
const GENERIC_FINAL =
  'Found it. `Parser.parseHeader` splits on every colon, so `Host: localhost:8080` loses its port. ' +
  'Split only on the first colon: `line.split(":", 2)`. The test run itself timed out, so re-run ' +
  '`ParserTest` after the fix to confirm.';

// Codex CLI: shell x2 in parallel, then an apply_patch custom call, then the final answer.
const CODEX_SHELL = [
  { command: ['bash', '-lc', 'rg -n "fn parse_header" src'], workdir: '/home/dev/httpkit', timeout_ms: 10000 },
  { command: ['bash', '-lc', 'cargo test parser 2>&1 | tail -n 20'], workdir: '/home/dev/httpkit', timeout_ms: 120000 },
];
const CODEX_PREAMBLE = 'I\u2019ll find the header parser and run its tests first.';
const CODEX_PATCH =
  '*** Begin Patch\n' +
  '*** Update File: src/parser.rs\n' +
  '@@ fn parse_header(line: &str) -> Option<(String, String)> {\n' +
  '-    let mut parts = line.split(\':\');\n' +
  '+    let mut parts = line.splitn(2, \':\');\n' +
  '     let name = parts.next()?.trim().to_ascii_lowercase();\n' +
  '*** End Patch\n';
const CODEX_FINAL =
  'Fixed `parse_header` in `src/parser.rs`: it split on every `:`, so `Host: localhost:8080` kept only ' +
  '`localhost`. It now uses `splitn(2, \':\')`. Re-run `cargo test parser` to confirm the two failing ' +
  'tests pass.';

// Scripted agent turns, keyed by the conversation's first user text: step k answers the request that sends k tool
// outputs back (the last step answers any later one).
const SCRIPTS = [
  {
    match: /^What does `Parser\.parseHeader` do with an empty header value\?$/,
    steps: [
      { calls: [['read_file', GENERIC_TOOL_ARGS.read_file]] },
      {
        text:
          'It throws: `"X-Empty:".split(":")` drops the trailing empty string, so `kv` has one element and `kv[1]` ' +
          'throws `ArrayIndexOutOfBoundsException`. One empty value fails the whole header block.',
      },
    ],
  },
  {
    match: /^Check why ParserTest fails: read the parser, then run ParserTest\.$/,
    steps: [
      { calls: [['read_file', GENERIC_TOOL_ARGS.read_file]] },
      { calls: [['run_tests', GENERIC_TOOL_ARGS.run_tests]] },
      { text: GENERIC_FINAL },
    ],
  },
];

// ---------------------------------------------------------------- token accounting

function tokenize(text) {
  const pieces = [];
  for (const m of text.match(/\s*\S+|\s+/g) ?? []) {
    const lead = m.match(/^\s*/)[0];
    let word = m.slice(lead.length);
    let first = true;
    if (word.length === 0) {
      pieces.push(m);
      continue;
    }
    while (word.length > 0) {
      const take = [...word].slice(0, 6).join('');
      pieces.push((first ? lead : '') + take);
      word = word.slice(take.length);
      first = false;
    }
  }
  return pieces;
}

function splitArgs(s) {
  const out = [];
  for (let i = 0; i < s.length; ) {
    const n = 3 + (i % 4);
    out.push(s.slice(i, i + n));
    i += n;
  }
  return out;
}

function countInputTokens(body) {
  const text = JSON.stringify(body.input ?? '') + JSON.stringify(body.instructions ?? '') + JSON.stringify(body.tools ?? []);
  return 7 + Math.ceil(text.length / 4);
}

// ---------------------------------------------------------------- planning a response

function inputItems(body) {
  if (typeof body.input === 'string') return [{ type: 'message', role: 'user', content: body.input }];
  return Array.isArray(body.input) ? body.input : [];
}

function firstUserText(items) {
  const m = items.find((i) => (i.type === 'message' || i.type === undefined) && i.role === 'user');
  if (typeof m?.content === 'string') return m.content;
  return Array.isArray(m?.content) ? m.content.map((p) => p.text ?? '').join(' ') : '';
}

function lastUserText(items) {
  for (let i = items.length - 1; i >= 0; i--) {
    const m = items[i];
    if ((m.type === 'message' || m.type === undefined) && m.role === 'user') {
      if (typeof m.content === 'string') return m.content;
      if (Array.isArray(m.content)) return m.content.map((p) => p.text ?? '').join(' ');
    }
  }
  return '';
}

// What the "model" outputs: a list of {kind, ...} entries plus usage numbers.
function plan(body, served, codex) {
  const items = inputItems(body);
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const outputs = items.filter((i) => typeof i.type === 'string' && i.type.endsWith('_call_output')).length;
  const reasoning = isReasoningModel(served);
  const out = [];
  const summaryWanted = body.reasoning?.summary === 'auto' || body.reasoning?.summary === 'detailed';
  if (reasoning) {
    out.push({
      kind: 'reasoning',
      summary: summaryWanted ? REASONING_SUMMARY : null,
      encrypted: (body.include ?? []).includes('reasoning.encrypted_content'),
      tokens: summaryWanted ? 320 : 64 + outputs * 32,
    });
  }
  const toolNames = tools.map((t) => t.name ?? t.type);
  const script = SCRIPTS.find((sc) => sc.match.test(firstUserText(items)));
  if (script) {
    const step = script.steps[Math.min(outputs, script.steps.length - 1)];
    for (const [name, args] of step.calls ?? []) out.push({ kind: 'function_call', name, arguments: JSON.stringify(args) });
    if (step.text) out.push({ kind: 'message', text: step.text });
  } else if (codex && toolNames.includes('shell')) {
    if (outputs === 0) {
      out.push({ kind: 'message', text: CODEX_PREAMBLE, phase: 'commentary' });
      for (const args of CODEX_SHELL) out.push({ kind: 'function_call', name: 'shell', arguments: JSON.stringify(args) });
    } else if (outputs === 2 && toolNames.includes('apply_patch')) {
      out.push({ kind: 'custom_tool_call', name: 'apply_patch', input: CODEX_PATCH });
    } else {
      out.push({ kind: 'message', text: CODEX_FINAL, phase: 'final_answer' });
    }
  } else if (toolNames.some((n) => GENERIC_TOOL_ARGS[n]) && outputs === 0 && body.tool_choice !== 'none') {
    const chosen = toolNames.filter((n) => GENERIC_TOOL_ARGS[n]).slice(0, body.parallel_tool_calls === false ? 1 : 2);
    for (const name of chosen) out.push({ kind: 'function_call', name, arguments: JSON.stringify(GENERIC_TOOL_ARGS[name]) });
  } else {
    let text = outputs > 0 ? GENERIC_FINAL : DEFAULT_TEXT;
    if (outputs === 0) {
      const hit = CANNED.find((c) => c.match.test(lastUserText(items)));
      if (hit) text = hit.text;
    }
    out.push({ kind: 'message', text });
  }

  const inputTokens = countInputTokens(body);
  // Prompt caching: a follow-up turn that re-sends a long prefix gets part of it cached.
  const cached = outputs > 0 || body.prompt_cache_key ? Math.floor(inputTokens / 128) * 64 : 0;
  let outputTokens = 0;
  let reasoningTokens = 0;
  for (const o of out) {
    if (o.kind === 'reasoning') reasoningTokens += o.tokens;
    else if (o.kind === 'message') outputTokens += tokenize(o.text).length;
    else outputTokens += splitArgs(o.arguments ?? o.input).length + 3;
  }
  let status = 'completed';
  let incomplete = null;
  const limit = body.max_output_tokens;
  if (Number.isInteger(limit) && outputTokens + reasoningTokens > limit) {
    // The budget ran out while reasoning: only the reasoning item is left, as the real API does.
    status = 'incomplete';
    incomplete = { reason: 'max_output_tokens' };
    reasoningTokens = Math.min(reasoningTokens, limit);
    outputTokens = 0;
    out.splice(1);
  }
  return {
    out,
    status,
    incomplete,
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: cached },
      output_tokens: outputTokens + reasoningTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: inputTokens + outputTokens + reasoningTokens,
    },
  };
}

// ---------------------------------------------------------------- response objects

function responseObject(body, id, created, served, status, output, usage, extra = {}) {
  return {
    id,
    object: 'response',
    created_at: created,
    status,
    background: false,
    billing: { payer: 'developer' },
    completed_at: status === 'completed' ? created + 3 : null,
    error: null,
    frequency_penalty: 0.0,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: null,
    model: served,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    presence_penalty: 0.0,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    prompt_cache_retention: null,
    reasoning: { effort: body.reasoning?.effort ?? (isReasoningModel(served) ? 'medium' : null), summary: body.reasoning?.summary ?? null },
    safety_identifier: null,
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1.0,
    text: { format: { type: 'text' }, verbosity: body.text?.verbosity ?? 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: (body.tools ?? []).map((t) => (t.type === 'function' ? { strict: true, ...t } : t)),
    top_logprobs: 0,
    top_p: 1.0,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: body.metadata ?? {},
    ...extra,
  };
}

// Output items in their finished form, with ids assigned.
function materialize(p, n, codex) {
  return p.out.map((o) => {
    const k = ++itemCounter;
    switch (o.kind) {
      case 'reasoning': {
        const item = { id: itemId('rs', k), type: 'reasoning' };
        if (o.encrypted) item.encrypted_content = encrypted(k, 340);
        item.summary = o.summary ? [{ type: 'summary_text', text: o.summary }] : [];
        return { plan: o, item };
      }
      case 'message': {
        const item = {
          id: itemId('msg', k),
          type: 'message',
          status: 'completed',
          content: [{ type: 'output_text', annotations: [], logprobs: [], text: o.text }],
          ...(codex && o.phase ? { phase: o.phase } : {}),
          role: 'assistant',
        };
        return { plan: o, item };
      }
      case 'function_call':
        return {
          plan: o,
          item: { id: itemId('fc', k), type: 'function_call', status: 'completed', arguments: o.arguments, call_id: callId(k), name: o.name },
        };
      case 'custom_tool_call':
        return {
          plan: o,
          item: { id: itemId('ctc', k), type: 'custom_tool_call', status: 'completed', call_id: callId(k), input: o.input, name: o.name },
        };
      default:
        throw new Error(`unknown output kind ${o.kind}`);
    }
  });
}

// ---------------------------------------------------------------- HTTP plumbing

function baseHeaders(n, processingMs, inputTokens = 0) {
  return {
    'openai-organization': 'user-fixture0000000000000000',
    'openai-processing-ms': String(processingMs),
    'openai-project': 'proj_FIXTURE00000000000000000',
    'openai-version': '2020-10-01',
    'x-envoy-upstream-service-time': String(processingMs + 3),
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-limit-tokens': '4000000',
    'x-ratelimit-remaining-requests': String(10000 - n),
    'x-ratelimit-remaining-tokens': String(4000000 - inputTokens),
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-reset-tokens': '0s',
    'x-request-id': requestId(n),
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    'cf-cache-status': 'DYNAMIC',
    'x-content-type-options': 'nosniff',
    server: 'cloudflare',
    'alt-svc': 'h3=":443"; ma=86400',
  };
}

function sendJson(res, status, obj, headers) {
  const body = Buffer.from(JSON.stringify(obj, null, 2), 'utf8');
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) });
  res.end(body);
}

function sendError(res, status, n, error, extraHeaders = {}) {
  const headers = { ...baseHeaders(n, 0), ...extraHeaders };
  delete headers['openai-processing-ms'];
  delete headers['x-envoy-upstream-service-time'];
  if (status === 429) {
    headers['x-ratelimit-remaining-requests'] = '0';
    headers['x-ratelimit-reset-requests'] = '20s';
    headers['retry-after'] = '20';
  }
  sendJson(res, status, { error }, headers);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const chunkDelay = (i, long) => (long ? 1 + (i % 3) : 4 + ((i * 7) % 9));

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

const stored = new Map();

// ---------------------------------------------------------------- handlers

async function handleCreate(req, res, n) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return sendError(res, 400, n, {
      message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  const model = String(body.model ?? '');
  const fail = String(req.headers['x-fixture-fail'] ?? '');
  if (model === 'gpt-4.1-mini-ratelimited') {
    return sendError(res, 429, n, {
      message:
        'Rate limit reached for gpt-4.1-mini in organization org-FIXTURE0000000000000000 on tokens per min (TPM): ' +
        'Limit 200000, Used 199750, Requested 1210. Please try again in 288ms. Visit https://platform.openai.com/account/rate-limits to learn more.',
      type: 'tokens',
      param: null,
      code: 'rate_limit_exceeded',
    });
  }
  if (fail === '500') {
    return sendError(res, 500, n, {
      message: `The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error. (Please include the request ID ${requestId(n)} in your email.)`,
      type: 'server_error',
      param: null,
      code: null,
    });
  }
  if (fail === '503') {
    return sendError(res, 503, n, {
      message: 'The engine is currently overloaded, please try again later.',
      type: 'server_error',
      param: null,
      code: null,
    });
  }
  const served = SERVED_MODELS[model];
  if (!served) {
    return sendError(res, 400, n, {
      message: `The requested model '${model}' does not exist.`,
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
  }
  if (isReasoningModel(served) && body.temperature !== undefined) {
    return sendError(res, 400, n, {
      message: "Unsupported parameter: 'temperature' is not supported with this model.",
      type: 'invalid_request_error',
      param: 'temperature',
      code: 'unsupported_parameter',
    });
  }

  const codex = typeof req.headers['originator'] === 'string';
  const c = ++responseCounter;
  const id = responseId(c);
  const created = CREATED_BASE + c * 17;
  const p = plan(body, served, codex);
  if (req.headers['x-fixture-long'] === '1') p.out = [{ kind: 'message', text: longText() }];
  if (req.headers['x-fixture-long'] === '1') {
    p.usage.output_tokens = tokenize(longText()).length;
    p.usage.total_tokens = p.usage.input_tokens + p.usage.output_tokens;
  }
  const items = materialize(p, c, codex);
  const output = items.map((i) => i.item);
  const processingMs = 210 + c * 41;
  const extra = p.incomplete ? { incomplete_details: p.incomplete } : {};
  const final = responseObject(body, id, created, served, p.status, output, p.usage, extra);
  if (body.store !== false) stored.set(id, final);

  if (body.stream !== true) {
    const headers = baseHeaders(n, processingMs, p.usage.input_tokens);
    const encoding = String(req.headers['x-fixture-encoding'] ?? '');
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const json = Buffer.from(JSON.stringify(final, null, 2), 'utf8');
    if ((encoding === 'gzip' || encoding === 'br') && accepted.includes(encoding)) {
      // Like the real edge: encoded + chunked transfer-encoding, no content-length.
      const encoded = encoding === 'gzip' ? zlib.gzipSync(json, { level: 6 }) : zlib.brotliCompressSync(json);
      res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-encoding': encoding, vary: 'Accept-Encoding' });
      const mid = Math.floor(encoded.length / 2);
      res.write(encoded.subarray(0, mid));
      await sleep(8);
      res.end(encoded.subarray(mid));
      return;
    }
    return sendJson(res, 200, final, headers);
  }

  // ---- streaming
  const long = req.headers['x-fixture-long'] === '1';
  res.writeHead(200, { ...baseHeaders(n, processingMs, p.usage.input_tokens), 'content-type': 'text/event-stream; charset=utf-8' });
  let seq = 0;
  const send = async (type, fields) => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: seq })}\n\n`);
    seq++;
    await sleep(chunkDelay(seq, long));
  };
  const obf = (k) => detString(`obf${c}.${seq}.${k}`, 2 + (seq % 13));
  const inProgress = responseObject(body, id, created, served, 'in_progress', [], null);
  await send('response.created', { response: inProgress });
  await send('response.in_progress', { response: inProgress });

  const streamFails = fail === 'stream';
  for (let index = 0; index < items.length; index++) {
    const { plan: o, item } = items[index];
    if (item.type === 'reasoning') {
      const added = { id: item.id, type: 'reasoning', ...(item.encrypted_content ? { encrypted_content: encrypted(item.id, 120) } : {}), summary: [] };
      await send('response.output_item.added', { item: added, output_index: index });
      if (o.summary) {
        const part = { type: 'summary_text', text: '' };
        await send('response.reasoning_summary_part.added', { item_id: item.id, output_index: index, part, summary_index: 0 });
        for (const t of tokenize(o.summary)) {
          await send('response.reasoning_summary_text.delta', { delta: t, item_id: item.id, obfuscation: obf(t), output_index: index, summary_index: 0 });
        }
        await send('response.reasoning_summary_text.done', { item_id: item.id, output_index: index, summary_index: 0, text: o.summary });
        await send('response.reasoning_summary_part.done', { item_id: item.id, output_index: index, part: { type: 'summary_text', text: o.summary }, summary_index: 0 });
      }
      await send('response.output_item.done', { item, output_index: index });
    } else if (item.type === 'message') {
      const added = { id: item.id, type: 'message', status: 'in_progress', content: [], ...(item.phase ? { phase: item.phase } : {}), role: 'assistant' };
      await send('response.output_item.added', { item: added, output_index: index });
      await send('response.content_part.added', { content_index: 0, item_id: item.id, output_index: index, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
      const tokens = tokenize(o.text);
      const upTo = streamFails ? Math.min(tokens.length, 9) : tokens.length;
      for (let t = 0; t < upTo; t++) {
        await send('response.output_text.delta', { content_index: 0, delta: tokens[t], item_id: item.id, logprobs: [], obfuscation: obf(t), output_index: index });
      }
      if (streamFails) {
        // The model backend failed mid-answer: the real API ends the stream with response.failed.
        const failed = responseObject(body, id, created, served, 'failed', [], null, {
          error: {
            code: 'server_error',
            message: `An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists. Please include the request ID ${requestId(n)} in your message.`,
          },
        });
        await send('response.failed', { response: failed });
        res.end();
        return;
      }
      await send('response.output_text.done', { content_index: 0, item_id: item.id, logprobs: [], output_index: index, text: o.text });
      await send('response.content_part.done', { content_index: 0, item_id: item.id, output_index: index, part: item.content[0] });
      await send('response.output_item.done', { item, output_index: index });
    } else if (item.type === 'function_call') {
      await send('response.output_item.added', { item: { ...item, status: 'in_progress', arguments: '' }, output_index: index });
      for (const frag of splitArgs(item.arguments)) {
        await send('response.function_call_arguments.delta', { delta: frag, item_id: item.id, obfuscation: obf(frag), output_index: index });
      }
      await send('response.function_call_arguments.done', { arguments: item.arguments, item_id: item.id, output_index: index });
      await send('response.output_item.done', { item, output_index: index });
    } else if (item.type === 'custom_tool_call') {
      await send('response.output_item.added', { item: { ...item, status: 'in_progress', input: '' }, output_index: index });
      for (const frag of splitArgs(item.input)) {
        await send('response.custom_tool_call_input.delta', { delta: frag, item_id: item.id, obfuscation: obf(frag), output_index: index });
      }
      await send('response.custom_tool_call_input.done', { input: item.input, item_id: item.id, output_index: index });
      await send('response.output_item.done', { item, output_index: index });
    }
  }
  // Codex's backend leaves the output of the final event empty; clients rebuild it from the items.
  const finalEvent = p.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
  await send(finalEvent, { response: codex ? { ...final, output: [] } : final });
  res.end();
}

function handleRetrieve(req, res, n, id) {
  const r = stored.get(id);
  if (!r) {
    return sendError(res, 404, n, { message: `Response with id '${id}' not found.`, type: 'invalid_request_error', param: null, code: null });
  }
  sendJson(res, 200, r, baseHeaders(n, 9));
}

const server = http.createServer(async (req, res) => {
  const n = ++requestCounter;
  const path = (req.url ?? '').split('?')[0];
  try {
    if (req.method === 'POST' && (path === '/v1/responses' || path === '/backend-api/codex/responses')) {
      return await handleCreate(req, res, n);
    }
    const retrieve = path.match(/^\/v1\/responses\/(resp_[0-9a-f]+)$/);
    if (req.method === 'GET' && retrieve) {
      await readBody(req);
      return handleRetrieve(req, res, n, retrieve[1]);
    }
    await readBody(req);
    sendError(res, 404, n, { message: `Invalid URL (${req.method} ${path})`, type: 'invalid_request_error', param: null, code: null });
  } catch (e) {
    console.error('fake-responses-server: handler failed:', e);
    if (!res.headersSent) sendError(res, 500, n, { message: 'internal error', type: 'server_error', param: null, code: null });
    else res.destroy();
  }
});
serve(server, port);
