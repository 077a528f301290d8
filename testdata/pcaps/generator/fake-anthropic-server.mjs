// Fake Anthropic Messages API server for Egret's capture fixtures.
//
// Usage: node fake-anthropic-server.mjs <port>      (port 0 = pick an ephemeral port)
// Prints "listening <port>" on stdout once it accepts connections.
//
// It answers on plaintext HTTP/1.1 on 127.0.0.1 the way the real API does on the wire (same JSON
// shapes, SSE framing with event: and data: lines, header names, error bodies), with deterministic
// content: every id and token count is derived from a per-process counter or from the request, so
// regenerated captures differ only in packet timestamps, ports, the Date header and the client's own
// random headers.
//
// Routes:
//   GET  /v1/models                   model list (non-LLM traffic)
//   POST /v1/messages/count_tokens    {"input_tokens": N} (non-LLM traffic: not a call)
//   POST /v1/messages[?beta=true]     streaming (SSE) and non-streaming messages
//     max_tokens above the model's limit           -> 400 invalid_request_error
//     request header x-fixture-error: rate_limit   -> 429 rate_limit_error
//                                     overloaded   -> 529 overloaded_error
//                                     api_error    -> 500 api_error
//                                     midstream    -> 200 stream, then event: error overloaded_error
//     request header x-fixture-encoding: gzip | br (non-streaming) -> compressed body
//     request header x-fixture-long: N (streaming) -> an answer of N text deltas
//   anything else                     -> 404 not_found_error

import http from 'node:http';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { serve } from './serve.mjs';

const port = Number.parseInt(process.argv[2] ?? '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node fake-anthropic-server.mjs <port>');
  process.exit(2);
}

// ---------------------------------------------------------------- deterministic ids

let requestCounter = 0;
let messageCounter = 0;
let toolCounter = 0;

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function detString(seedText, len, alphabet = B62) {
  let out = '';
  for (let block = 0; out.length < len; block++) {
    for (const b of createHash('sha256').update(`${seedText}#${block}`).digest()) {
      if (out.length < len) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}
const messageId = (n) => `msg_01${detString(`msg${n}`, 22)}`;
const toolUseId = (n) => `toolu_01${detString(`toolu${n}`, 22)}`;
const requestId = (n) => `req_011C${detString(`req${n}`, 20)}`;
const signature = (n) => detString(`sig${n}`, 120) + '==';

// ---------------------------------------------------------------- models

const SERVED_MODELS = {
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-sonnet-4-5-20250929': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-haiku-4-5-20251001': 'claude-haiku-4-5-20251001',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-opus-4-1-20250805': 'claude-opus-4-1-20250805',
};
const MAX_OUTPUT = { 'claude-sonnet-4-5-20250929': 64000, 'claude-haiku-4-5-20251001': 64000, 'claude-opus-4-1-20250805': 32000 };
const MODEL_LIST = [
  ['claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', '2025-09-29T00:00:00Z'],
  ['claude-haiku-4-5-20251001', 'Claude Haiku 4.5', '2025-10-15T00:00:00Z'],
  ['claude-opus-4-1-20250805', 'Claude Opus 4.1', '2025-08-05T00:00:00Z'],
];

// ---------------------------------------------------------------- canned content

const CANNED = [
  {
    match: /palindrome/i,
    text:
      'Here\u2019s a compact version that walks two indices toward the middle:\n\n' +
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
      'O(n) time, O(1) space \u2705\n\nEND\n\nAnything else?',
  },
  {
    match: /record/i,
    text:
      'A Java record is a concise, immutable data carrier: `record Point(int x, int y) {}` gives you a ' +
      'canonical constructor, private final fields, accessors, and value-based `equals`, `hashCode` and ' +
      '`toString`. Records cannot extend classes, but can implement interfaces and validate in a compact constructor.',
  },
  {
    match: /virtual threads?/i,
    text:
      'Switch to virtual threads when the work is I/O-bound: blocking JDBC calls park the virtual thread and ' +
      'free the carrier. Keep the connection pool bounded (the database becomes the limit), avoid ' +
      '`synchronized` around blocking I/O on JDK 21 because it pins the carrier, and keep CPU-bound work on a ' +
      'sized platform pool.',
  },
];
const DEFAULT_TEXT = 'Sure \u2014 could you share the relevant code so I can take a look?';
// Session titles, by the prompt the title call summarizes
const TITLES = [
  [/colon/, 'Header values containing colons'],
  [/./, 'Fix ParserTest header parsing'],
];

const THINKING_FIRST =
  'The failing test is ParserTest. I should read Parser.java and run the test at the same time to see ' +
  'the actual assertion message, since the two do not depend on each other.';
const THINKING_AFTER_ERROR =
  'The test output says "expected: <localhost:8080> but was: <localhost>", and parseHeader splits on every ' +
  'colon. Splitting with a limit of 2 keeps the port. I will make that edit.';
const TEXT_FIRST = 'I\u2019ll read the parser and run the failing test in parallel.';
const TEXT_EDIT = 'The header value is cut at its second colon. Fixing `parseHeader` to split only once:';
const TEXT_FINAL =
  'Fixed. `Parser.parseHeader` split every header line on each `:`, so `Host: localhost:8080` lost its ' +
  'port. It now splits once (`line.split(":", 2)`) and trims the value; `ParserTest.parsesHostWithPort` ' +
  'passes.';

// Scripted conversations, keyed by the prompt that opened the current user turn (its text without system
// reminders): step k answers the turn's request that sends the k-th batch of tool results back (the last step
// answers any later one). Multi-turn sessions and sub-agents each open their own turns.
const PARSER_PATH = '/workspace/http-demo/src/main/java/com/example/http/Parser.java';
const SCRIPTS = [
  {
    match: /^How does Parser\.parseHeader handle a header value that contains a colon\?$/,
    steps: [
      {
        thinking: 'The question is about parseHeader. I should read Parser.java before answering.',
        text: 'Let me read the parser.',
        tools: [['Read', { file_path: PARSER_PATH }]],
      },
      {
        text:
          '`parseHeader` splits the line on every colon (`line.split(":")`) and keeps only `kv[0]` and `kv[1]`, so a ' +
          'value that contains a colon is cut at it: `Host: localhost:8080` is stored as `localhost`, and the port is lost.',
      },
    ],
  },
  {
    match: /^Would `line\.split\(":", 2\)` fix it\?/,
    steps: [
      {
        thinking: 'split with a limit of 2 stops after the first colon; the answer is yes, with one caveat.',
        text:
          'Yes. With a limit of 2, `split` cuts only at the first colon, so the value keeps the rest of the line ' +
          '(`localhost:8080`) and `trim()` drops the leading space. A line with no colon at all would still throw on ' +
          '`kv[1]`, so guard that case if such lines can reach the parser.',
      },
    ],
  },
  {
    match: /^Where is the Host header parsed, and do our tests cover a Host with a port\?$/,
    steps: [
      {
        thinking:
          'Two independent questions: where the Host header is parsed, and whether a test covers a port. Two Explore ' +
          'agents can search at the same time.',
        text: 'I\u2019ll look at the parser and the tests in parallel.',
        tools: [
          ['Agent', {
            description: 'Find Host header parsing',
            prompt:
              'Find where HTTP header lines are parsed under /workspace/http-demo/src/main. Report the file, the method ' +
              'and what happens to a value that contains a colon.',
            subagent_type: 'Explore',
          }],
          ['Agent', {
            description: 'Find Host header tests',
            prompt: 'Find the tests under /workspace/http-demo/src/test that parse a Host header with a port. Report each test and what it asserts.',
            subagent_type: 'Explore',
          }],
        ],
      },
      {
        text:
          'The Host header is parsed by `Parser.parseHeader` (`src/main/java/com/example/http/Parser.java:17`), which ' +
          'splits each line on every colon, so `Host: localhost:8080` comes out as `localhost`. A test does cover a ' +
          'port: `ParserTest.parsesHostWithPort` expects `localhost:8080`, and it fails against the current parser. ' +
          'Splitting with a limit, `line.split(":", 2)`, fixes both.',
      },
    ],
  },
  {
    match: /^Find where HTTP header lines are parsed/,
    steps: [
      { tools: [['Grep', { pattern: 'parseHeader', path: '/workspace/http-demo/src/main' }]] },
      {
        text:
          'Header lines are parsed in `src/main/java/com/example/http/Parser.java`: `parseHeaders` (line 12) calls ' +
          '`parseHeader(String line, Map<String, String> headers)` (line 17) for each line, which does `line.split(":")` ' +
          '(line 18) and stores `kv[1].trim()`. A value that contains a colon is cut at that colon, so ' +
          '`Host: localhost:8080` keeps only `localhost`.',
      },
    ],
  },
  {
    match: /^Find the tests under/,
    steps: [
      { tools: [['Grep', { pattern: 'Host', path: '/workspace/http-demo/src/test' }]] },
      {
        text:
          'One test covers it: `ParserTest.parsesHostWithPort` (`src/test/java/com/example/http/ParserTest.java:21`) ' +
          'parses `Host: localhost:8080` and asserts that `h.get("host")` equals `localhost:8080` (line 27).',
      },
    ],
  },
];

const LONG_WORDS = ('Streaming keeps the connection open while the model writes one small delta after another, ' +
  'and every delta is its own server-sent event with its own packet timestamp. ').split(/(?<= )/);

// ---------------------------------------------------------------- token accounting

// Split text into "tokens": leading whitespace + up to 5 non-space chars. Concatenation == text.
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
      const take = [...word].slice(0, 5).join('');
      pieces.push((first ? lead : '') + take);
      word = word.slice(take.length);
      first = false;
    }
  }
  return pieces;
}
// Deltas the way the API groups tokens: 1..3 tokens per text_delta.
function groupDeltas(tokens) {
  const out = [];
  for (let i = 0, k = 0; i < tokens.length; k++) {
    const n = 1 + (k % 3);
    out.push(tokens.slice(i, i + n).join(''));
    i += n;
  }
  return out;
}
function splitJson(s) {
  const out = [];
  for (let i = 0, k = 0; i < s.length; k++) {
    const n = 7 + ((k * 5) % 13);
    out.push(s.slice(i, i + n));
    i += n;
  }
  return out;
}
const countTokens = (value) => Math.ceil(JSON.stringify(value ?? '').length / 4);

function hasCacheControl(body) {
  const sys = Array.isArray(body.system) ? body.system : [];
  return sys.some((b) => b && b.cache_control) || (body.tools ?? []).some((t) => t && t.cache_control);
}

// Usage of one request: input split into uncached / cache write / cache read like prompt caching does.
function inputUsage(body) {
  const prefix = 3 + countTokens(body.system) + countTokens(body.tools);
  const messages = body.messages ?? [];
  const history = countTokens(messages.slice(0, -1));
  const last = countTokens(messages.slice(-1));
  if (!hasCacheControl(body)) {
    return { input_tokens: prefix + history + last, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  }
  // First turn writes the cached prefix; later turns read it and write the history that grew since.
  const first = messages.length <= 1;
  return {
    input_tokens: last,
    cache_creation_input_tokens: first ? prefix : history,
    cache_read_input_tokens: first ? 0 : prefix,
  };
}

// ---------------------------------------------------------------- planning a message

function lastUser(messages) {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return messages[i];
  return null;
}
function blocksOf(message) {
  if (!message) return [];
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content ?? [];
}
function userText(message) {
  return blocksOf(message).filter((b) => b.type === 'text').map((b) => b.text).join(' ');
}
// a user message's own text: its text blocks without the system reminders an agent adds
function promptText(message) {
  return blocksOf(message)
    .filter((b) => b.type === 'text' && !b.text.startsWith('<system-reminder>'))
    .map((b) => b.text)
    .join(' ');
}
// The step of a scripted conversation this request asks for, as a plan; null when no script has its prompt.
function scriptedPlan(messages, thinking) {
  let open = messages.length - 1;
  while (open >= 0 && !(messages[open]?.role === 'user' && promptText(messages[open]))) open--;
  const script = open >= 0 && SCRIPTS.find((sc) => sc.match.test(promptText(messages[open])));
  if (!script) return null;
  const answered = messages.slice(open + 1).filter((m) => m.role === 'user').length;
  const step = script.steps[Math.min(answered, script.steps.length - 1)];
  const blocks = [];
  if (thinking && step.thinking) blocks.push({ type: 'thinking', text: step.thinking });
  if (step.text) blocks.push({ type: 'text', text: step.text });
  for (const [name, input] of step.tools ?? []) blocks.push({ type: 'tool_use', name, input });
  return { blocks, stopReason: step.tools ? 'tool_use' : 'end_turn', stopSequence: null };
}
// name of the tool_use an id answers, from the conversation
function toolNameOf(messages, id) {
  for (const m of messages) for (const b of blocksOf(m)) if (b.type === 'tool_use' && b.id === id) return b.name;
  return null;
}

// Returns {blocks:[{type,...}], stopReason, stopSequence}
function plan(body, longDeltas) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const toolNames = (body.tools ?? []).map((t) => t.name);
  const user = lastUser(messages);
  const results = blocksOf(user).filter((b) => b.type === 'tool_result');
  const thinking = body.thinking && body.thinking.type !== 'disabled';
  const blocks = [];

  if (longDeltas > 0) {
    const deltas = [];
    for (let i = 0; i < longDeltas; i++) deltas.push(LONG_WORDS[i % LONG_WORDS.length]);
    blocks.push({ type: 'text', deltas });
    return { blocks, stopReason: 'end_turn', stopSequence: null };
  }
  if (Array.isArray(body.tools) && body.tools.length === 0 && /title/i.test(JSON.stringify(body.system ?? ''))) {
    const title = TITLES.find(([match]) => match.test(userText(user)))[1];
    blocks.push({ type: 'text', text: JSON.stringify({ title }).replace(':', ': ') });
    return { blocks, stopReason: 'end_turn', stopSequence: null };
  }
  const scripted = scriptedPlan(messages, thinking);
  if (scripted) return scripted;
  if (toolNames.includes('Read') && toolNames.includes('Bash') && results.length === 0) {
    if (thinking) blocks.push({ type: 'thinking', text: THINKING_FIRST });
    blocks.push({ type: 'text', text: TEXT_FIRST });
    blocks.push({ type: 'tool_use', name: 'Read', input: { file_path: '/workspace/http-demo/src/main/java/com/example/http/Parser.java' } });
    blocks.push({ type: 'tool_use', name: 'Bash', input: { command: 'mvn -q -Dtest=ParserTest test', description: 'Run the failing test' } });
    return { blocks, stopReason: 'tool_use', stopSequence: null };
  }
  if (results.some((r) => r.is_error === true && toolNameOf(messages, r.tool_use_id) === 'Bash')) {
    if (thinking) blocks.push({ type: 'thinking', text: THINKING_AFTER_ERROR });
    blocks.push({ type: 'text', text: TEXT_EDIT });
    blocks.push({
      type: 'tool_use',
      name: 'Edit',
      input: {
        file_path: '/workspace/http-demo/src/main/java/com/example/http/Parser.java',
        old_string: 'String[] kv = line.split(":");',
        new_string: 'String[] kv = line.split(":", 2);',
      },
    });
    return { blocks, stopReason: 'tool_use', stopSequence: null };
  }
  if (results.length > 0) {
    blocks.push({ type: 'text', text: TEXT_FINAL });
    return { blocks, stopReason: 'end_turn', stopSequence: null };
  }

  let text = DEFAULT_TEXT;
  const hit = CANNED.find((c) => c.match.test(userText(user)));
  if (hit) text = hit.text;
  let stopReason = 'end_turn';
  let stopSequence = null;
  for (const seq of body.stop_sequences ?? []) {
    const at = text.indexOf(seq);
    if (at >= 0) {
      text = text.slice(0, at);
      stopReason = 'stop_sequence';
      stopSequence = seq;
      break;
    }
  }
  let tokens = tokenize(text);
  if (Number.isInteger(body.max_tokens) && tokens.length > body.max_tokens) {
    tokens = tokens.slice(0, body.max_tokens);
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  blocks.push({ type: 'text', text: tokens.join('') });
  return { blocks, stopReason, stopSequence };
}

function outputTokens(blocks) {
  let n = 0;
  for (const b of blocks) {
    if (b.deltas) n += b.deltas.length;
    else if (b.type === 'tool_use') n += 12 + countTokens(b.input);
    else n += tokenize(b.text).length;
  }
  return n;
}

// ---------------------------------------------------------------- HTTP plumbing

function baseHeaders(n, inputTokens = 0, outputTokens = 0) {
  const reset = '2026-01-01T00:00:07Z';
  return {
    'request-id': requestId(n),
    'anthropic-organization-id': '1f4a2c9e-0000-4000-8000-000000000000',
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': String(4000 - n),
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '2000000',
    'anthropic-ratelimit-input-tokens-remaining': String(2000000 - inputTokens),
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '400000',
    'anthropic-ratelimit-output-tokens-remaining': String(400000 - outputTokens),
    'anthropic-ratelimit-output-tokens-reset': reset,
    'anthropic-ratelimit-tokens-limit': '2400000',
    'anthropic-ratelimit-tokens-remaining': String(2400000 - inputTokens - outputTokens),
    'anthropic-ratelimit-tokens-reset': reset,
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    via: '1.1 google',
    'cf-cache-status': 'DYNAMIC',
    'x-robots-tag': 'none',
    server: 'cloudflare',
    'cf-ray': `${detString(`ray${n}`, 16, '0123456789abcdef')}-FRA`,
  };
}

function sendJson(res, status, obj, headers) {
  const body = Buffer.from(JSON.stringify(obj), 'utf8');
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) });
  res.end(body);
}

function sendError(res, status, n, type, message, extra = {}) {
  const headers = { ...baseHeaders(n), ...extra };
  if (status === 429) {
    headers['retry-after'] = '17';
    headers['anthropic-ratelimit-requests-remaining'] = '0';
  }
  if (status >= 500 || status === 429) headers['x-should-retry'] = 'true';
  sendJson(res, status, { type: 'error', error: { type, message }, request_id: headers['request-id'] }, headers);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const eventDelay = (i) => 4 + ((i * 7) % 9); // 4..12 ms, deterministic

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------- handlers

function handleModels(req, res, n) {
  sendJson(
    res,
    200,
    {
      data: MODEL_LIST.map(([id, display_name, created_at]) => ({ type: 'model', id, display_name, created_at })),
      has_more: false,
      first_id: MODEL_LIST[0][0],
      last_id: MODEL_LIST[MODEL_LIST.length - 1][0],
    },
    baseHeaders(n),
  );
}

async function handleCountTokens(req, res, n) {
  const body = JSON.parse(await readBody(req));
  const u = inputUsage({ ...body, system: body.system });
  sendJson(res, 200, { input_tokens: u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens }, baseHeaders(n));
}

// Block as it appears in the non-streaming message (and at the end of a stream).
function finalBlock(b, m) {
  if (b.type === 'thinking') return { type: 'thinking', thinking: b.text, signature: signature(m) };
  if (b.type === 'tool_use') return { type: 'tool_use', id: b.id, name: b.name, input: b.input };
  return { type: 'text', text: b.deltas ? b.deltas.join('') : b.text };
}

async function handleMessages(req, res, n) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return sendError(res, 400, n, 'invalid_request_error', 'messages: Input should be a valid JSON object');
  }
  const model = String(body.model ?? '');
  const served = SERVED_MODELS[model];
  if (!served) return sendError(res, 404, n, 'not_found_error', `model: ${model}`);
  if (Number.isInteger(body.max_tokens) && body.max_tokens > MAX_OUTPUT[served]) {
    return sendError(res, 400, n, 'invalid_request_error',
      `max_tokens: ${body.max_tokens} > ${MAX_OUTPUT[served]}, which is the maximum allowed number of output tokens for ${served}`);
  }
  const failure = req.headers['x-fixture-error'];
  if (failure === 'rate_limit') {
    return sendError(res, 429, n, 'rate_limit_error',
      'This request would exceed the rate limit for your organization (1f4a2c9e-0000-4000-8000-000000000000) of 50 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.');
  }
  if (failure === 'overloaded') return sendError(res, 529, n, 'overloaded_error', 'Overloaded');
  if (failure === 'api_error') return sendError(res, 500, n, 'api_error', 'Internal server error');

  const m = ++messageCounter;
  const id = messageId(m);
  const longDeltas = Number.parseInt(String(req.headers['x-fixture-long'] ?? '0'), 10) || 0;
  const p = plan(body, longDeltas);
  for (const b of p.blocks) if (b.type === 'tool_use') b.id = toolUseId(++toolCounter);
  const input = inputUsage(body);
  const out = outputTokens(p.blocks);
  const usage = {
    input_tokens: input.input_tokens,
    cache_creation_input_tokens: input.cache_creation_input_tokens,
    cache_read_input_tokens: input.cache_read_input_tokens,
    cache_creation: { ephemeral_5m_input_tokens: input.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: out,
    service_tier: 'standard',
  };
  const headers = baseHeaders(n, input.input_tokens, out);

  if (body.stream === true) {
    res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    let seq = 0;
    const send = async (type, data) => {
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      seq++;
      await sleep(longDeltas > 0 ? 3 : eventDelay(seq));
    };
    await send('message_start', {
      message: {
        id, type: 'message', role: 'assistant', model: served, content: [], stop_reason: null, stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });
    let index = 0;
    for (const b of p.blocks) {
      if (b.type === 'thinking') {
        await send('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        if (index === 0) await send('ping', {});
        for (const d of groupDeltas(tokenize(b.text))) await send('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: d } });
        await send('content_block_delta', { index, delta: { type: 'signature_delta', signature: signature(m) } });
      } else if (b.type === 'tool_use') {
        await send('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
        await send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
        for (const frag of splitJson(JSON.stringify(b.input))) await send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: frag } });
      } else {
        await send('content_block_start', { index, content_block: { type: 'text', text: '' } });
        if (index === 0) await send('ping', {});
        const deltas = b.deltas ?? groupDeltas(tokenize(b.text));
        for (let k = 0; k < deltas.length; k++) {
          await send('content_block_delta', { index, delta: { type: 'text_delta', text: deltas[k] } });
          if (failure === 'midstream' && k === 3) {
            // The API's overload arrives inside the 200 stream and ends it (the event and the chunked
            // terminator in one segment, so the client has read everything when the SDK aborts).
            const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: headers['request-id'] };
            res.end(`event: error\ndata: ${JSON.stringify(error)}\n\n`);
            return;
          }
        }
      }
      await send('content_block_stop', { index });
      index++;
    }
    await send('message_delta', {
      delta: { stop_reason: p.stopReason, stop_sequence: p.stopSequence },
      usage: hasCacheControl(body)
        ? { input_tokens: usage.input_tokens, cache_creation_input_tokens: usage.cache_creation_input_tokens, cache_read_input_tokens: usage.cache_read_input_tokens, output_tokens: out }
        : { output_tokens: out },
    });
    await send('message_stop', {});
    res.end();
    return;
  }

  const message = {
    id, type: 'message', role: 'assistant', model: served,
    content: p.blocks.map((b) => finalBlock(b, m)),
    stop_reason: p.stopReason, stop_sequence: p.stopSequence, usage,
  };
  const encoding = String(req.headers['x-fixture-encoding'] ?? '');
  const accepted = String(req.headers['accept-encoding'] ?? '');
  if ((encoding === 'gzip' || encoding === 'br') && accepted.includes(encoding)) {
    // Like the real edge: compressed + chunked transfer-encoding, no content-length.
    const raw = Buffer.from(JSON.stringify(message), 'utf8');
    const packed = encoding === 'gzip' ? zlib.gzipSync(raw, { level: 6 }) : zlib.brotliCompressSync(raw);
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-encoding': encoding, vary: 'Accept-Encoding' });
    const mid = Math.floor(packed.length / 2);
    res.write(packed.subarray(0, mid));
    await sleep(8);
    res.end(packed.subarray(mid));
    return;
  }
  sendJson(res, 200, message, headers);
}

const server = http.createServer(async (req, res) => {
  const n = ++requestCounter;
  const path = (req.url ?? '').split('?')[0];
  try {
    if (req.method === 'GET' && path === '/v1/models') return handleModels(req, res, n);
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') return await handleCountTokens(req, res, n);
    if (req.method === 'POST' && path === '/v1/messages') return await handleMessages(req, res, n);
    await readBody(req);
    sendError(res, 404, n, 'not_found_error', 'Not Found');
  } catch (e) {
    console.error('fake-anthropic-server: handler failed:', e);
    if (!res.headersSent) sendError(res, 500, n, 'api_error', 'Internal server error');
    else res.destroy();
  }
});
serve(server, port);
