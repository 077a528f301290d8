// Fake OpenAI Chat Completions server for Egret's capture fixtures.
//
// Usage: node fake-openai-server.mjs <port> [address]   (port 0 = pick an ephemeral port; address 127.0.0.1)
// Prints "listening <port>" on stdout once it accepts connections.
//
// It answers on plaintext HTTP/1.1 on 127.0.0.1 exactly the way the real API does on the
// wire (same JSON shapes, SSE framing, header names), with deterministic content: every id,
// timestamp and token count is derived from a per-process counter or from the request, so
// regenerated captures differ only in packet timestamps, ports, the Date header and the
// client's own random headers.
//
// Routes:
//   GET  /v1/models             model list (non-LLM traffic)
//   POST /v1/chat/completions   streaming (SSE) and non-streaming completions
//     model "gpt-4o-mini-ratelimited" -> 429 rate_limit_exceeded
//     model "no-such-model"           -> 404 model_not_found
//     request header "x-fixture-gzip: 1" on a non-streaming call -> gzip-encoded body
//   anything else                -> 404 in OpenAI's error shape

import http from 'node:http';
import zlib from 'node:zlib';
import { detString } from './det-string.mjs';
import { HOSTILE_ANSWER, HOSTILE_DIRECT_ANSWER, HOSTILE_MODEL, HOSTILE_TOOL_ARGS, isHostile } from './hostile-content.mjs';
import { FLAVOR_FINGERPRINTS, FLAVOR_SERVED, serverFlavorHeaders, serverFlavorShape } from './openai-flavors.mjs';
import { serve } from './serve.mjs';

const port = Number.parseInt(process.argv[2] ?? '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node fake-openai-server.mjs <port>');
  process.exit(2);
}

// ---------------------------------------------------------------- deterministic ids

const CREATED_BASE = 1767225600; // 2026-01-01T00:00:00Z
let requestCounter = 0; // every HTTP request
let completionCounter = 0; // every chat completion that gets an id
let toolCallCounter = 0;

const completionId = (n) => `chatcmpl-${detString(`chatcmpl${n}`, 29)}`;
const toolCallId = (n) => `call_${detString(`call${n}`, 24)}`;
const requestId = (n) => `req_${detString(`req${n}`, 32, '0123456789abcdef')}`;

// ---------------------------------------------------------------- models

const SERVED_MODELS = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'o4-mini': 'o4-mini-2025-04-16',
  // self-hosted servers answer with the name they serve the model under; LiteLLM with the backend's snapshot
  'Qwen/Qwen2.5-Coder-7B-Instruct': 'Qwen/Qwen2.5-Coder-7B-Instruct',
  'meta-llama/Llama-3.1-8B-Instruct': 'meta-llama/Llama-3.1-8B-Instruct',
  'qwen2.5-coder:7b': 'qwen2.5-coder:7b',
  'gpt-oss-20b': 'gpt-oss-20b',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  // the hostile-content capture's model name: markup, served under the name it was asked for
  [HOSTILE_MODEL]: HOSTILE_MODEL,
};

// ---------------------------------------------------------------- server flavors
// FIXTURE_FLAVOR makes this server answer as another OpenAI-compatible server does (openai-flavors.mjs).
const FLAVOR = process.env.FIXTURE_FLAVOR ?? 'openai';
const flavorHeaders = (n, openaiHeaders) => serverFlavorHeaders(FLAVOR, n, openaiHeaders);
const flavorShape = (obj, final) => serverFlavorShape(FLAVOR, obj, final);

const FINGERPRINTS = {
  'gpt-4o-mini-2024-07-18': 'fp_560af6e559',
  'gpt-4o-2024-08-06': 'fp_07871e2ad8',
  'gpt-4.1-mini-2025-04-14': 'fp_6f2eabb9a5',
  'o4-mini-2025-04-16': null, // reasoning models report no fingerprint
};
const isReasoningModel = (served) => /^o\d/.test(served);

const MODEL_LIST = [
  ['gpt-4o-mini', 1721172741],
  ['gpt-4o-mini-2024-07-18', 1721172717],
  ['gpt-4o', 1715367049],
  ['gpt-4o-2024-08-06', 1722814719],
  ['gpt-4.1-mini', 1744318173],
  ['o4-mini', 1744225351],
  ['text-embedding-3-small', 1705948997],
];

// ---------------------------------------------------------------- canned content

// Answers keyed by a word that appears in the last user message; the default is generic.
const CANNED = [
  {
    match: /palindrome/i,
    text:
      'Here\u2019s a compact, allocation-free version \u2014 it walks two indices toward the middle:\n\n' +
      '```java\n' +
      'public static boolean isPalindrome(String s) {\n' +
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
      'It runs in O(n) time and O(1) extra space \u2705',
  },
  {
    match: /record/i,
    text:
      'A Java record is a concise, immutable data carrier: declaring `record Point(int x, int y) {}` ' +
      'gives you a canonical constructor, private final fields, accessors, and value-based `equals`, ' +
      '`hashCode` and `toString` for free. Records cannot extend other classes, but they can implement ' +
      'interfaces and declare static members and compact constructors for validation.',
  },
  {
    match: /virtual threads?/i,
    text:
      'Use virtual threads when the work is I/O-bound and you want one thread per request without ' +
      'pooling: blocking calls park the virtual thread and free the carrier. For a JDBC-heavy service ' +
      'create them with `Executors.newVirtualThreadPerTaskExecutor()`, keep connection pools bounded ' +
      '(the database, not the thread count, becomes the limit), and avoid holding monitors around ' +
      'blocking I/O, because `synchronized` pins the carrier thread on JDK 21. CPU-bound work gains ' +
      'nothing from them; keep a sized platform-thread pool for that.',
  },
];
const DEFAULT_TEXT = 'Sure \u2014 could you share the relevant code so I can take a look?';

const TOOL_FINAL_TEXT =
  'Found it. `Parser.parseHeader` splits each header line with `line.split(":")`, so a value that ' +
  'itself contains a colon \u2014 `Host: localhost:8080` in `ParserTest.parsesHostWithPort` \u2014 is cut ' +
  'to `localhost` and the assertion fails (expected `localhost:8080`).\n\n' +
  'Fix: split only on the first colon and trim the value:\n\n' +
  '```java\n' +
  'String[] kv = line.split(":", 2);\n' +
  'headers.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());\n' +
  '```\n\n' +
  'After that change `mvn -q -Dtest=ParserTest test` passes (3 tests, 0 failures).';

// Arguments the "model" chooses for each known tool (parallel calls, in tool declaration order).
const TOOL_ARGS = {
  read_file: { path: 'src/main/java/com/example/http/Parser.java' },
  run_shell: { command: 'mvn -q -Dtest=ParserTest test', timeout_ms: 120000 },
};

// A model stuck in a plan loop: while it has fewer than four results back it asks for the same search again, then
// it gives up.
const LOOP_TOOL = 'search_code';
const LOOP_ARGS = { query: 'maxRetries', path: 'src/main' };
const LOOP_REPEATS = 4;
const LOOP_GIVE_UP =
  'I searched `src/main` for `maxRetries` four times and found no match, so the retry limit is not set in the ' +
  'source under that name. It probably comes from a configuration file or an environment variable: tell me where ' +
  'the HTTP client is built and I will look there.';

// ---------------------------------------------------------------- token accounting

// Split text into "tokens": leading whitespace + up to 6 non-space chars. Concatenation == text.
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

// Split a JSON argument string the way the API streams tool arguments (small fragments).
function splitArgs(s) {
  const out = [];
  for (let i = 0; i < s.length; ) {
    const n = 3 + (i % 4); // 3..6 chars, deterministic
    out.push(s.slice(i, i + n));
    i += n;
  }
  return out;
}

function countPromptTokens(body) {
  const text = JSON.stringify(body.messages ?? []) + JSON.stringify(body.tools ?? []);
  return 7 + Math.ceil(text.length / 4);
}

// ---------------------------------------------------------------- planning a completion

function lastUserText(messages) {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === 'user') {
      if (typeof m.content === 'string') return m.content;
      if (Array.isArray(m.content)) return m.content.map((p) => p.text ?? '').join(' ');
    }
  }
  return '';
}

// Decide what the assistant "says". Returns {content, toolCalls, finishReason, usage}.
function plan(body, served, n) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const hasToolResult = messages.some((m) => m.role === 'tool');
  const promptTokens = countPromptTokens(body);
  const reasoning = isReasoningModel(served) ? 256 : 0;
  // Prompt caching: a follow-up turn that re-sends a long prefix gets part of it cached.
  const cached = hasToolResult ? Math.floor(promptTokens / 128) * 64 : 0;

  const toolNames = tools.map((t) => t.function?.name).filter(Boolean);
  if (isHostile(messages)) return planHostile(body, messages, toolNames, promptTokens, cached);
  const toolResults = messages.filter((m) => m.role === 'tool').length;
  if (toolNames.includes(LOOP_TOOL) && toolResults < LOOP_REPEATS) {
    return callTools([[LOOP_TOOL, LOOP_ARGS]], promptTokens, cached);
  }
  if (tools.length > 0 && !hasToolResult && body.tool_choice !== 'none') {
    const chosen = toolNames.filter((name) => TOOL_ARGS[name]).slice(0, body.parallel_tool_calls === false ? 1 : 2);
    if (chosen.length > 0) return callTools(chosen.map((name) => [name, TOOL_ARGS[name]]), promptTokens, cached);
  }

  let text = toolNames.includes(LOOP_TOOL) ? LOOP_GIVE_UP : hasToolResult ? TOOL_FINAL_TEXT : DEFAULT_TEXT;
  if (!hasToolResult) {
    const user = lastUserText(messages);
    const hit = CANNED.find((c) => c.match.test(user));
    if (hit) text = hit.text;
  }
  let tokens = tokenize(text);
  let finishReason = 'stop';
  const limit = body.max_completion_tokens ?? body.max_tokens;
  if (Number.isInteger(limit) && tokens.length + reasoning > limit) {
    tokens = tokens.slice(0, Math.max(0, limit - reasoning));
    finishReason = 'length';
  }
  const completionTokens = tokens.length + reasoning;
  return {
    content: tokens.join(''),
    tokens,
    toolCalls: [],
    finishReason,
    usage: makeUsage(promptTokens, completionTokens, cached, reasoning),
  };
}

// The hostile-content conversation: markup in every argument and answer. Tools are asked for once per user turn
// (when the request offers them), then the answer.
function planHostile(body, messages, toolNames, promptTokens, cached) {
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  const resultsSinceUser = messages.slice(lastUser + 1).some((m) => m.role === 'tool');
  const offered = body.tool_choice === 'none' ? [] : toolNames.filter((name) => HOSTILE_TOOL_ARGS[name]);
  if (offered.length > 0 && !resultsSinceUser) {
    const chosen = offered.slice(0, body.parallel_tool_calls === false ? 1 : 2);
    return callTools(chosen.map((name) => [name, HOSTILE_TOOL_ARGS[name]]), promptTokens, cached);
  }
  const tokens = tokenize(resultsSinceUser ? HOSTILE_ANSWER : HOSTILE_DIRECT_ANSWER);
  return {
    content: tokens.join(''),
    tokens,
    toolCalls: [],
    finishReason: 'stop',
    usage: makeUsage(promptTokens, tokens.length, cached, 0),
  };
}

// A completion that asks for tools: [name, arguments] pairs, in order.
function callTools(calls, promptTokens, cached) {
  const toolCalls = calls.map(([name, args]) => ({
    id: toolCallId(++toolCallCounter),
    type: 'function',
    function: { name, arguments: JSON.stringify(args) },
  }));
  const completionTokens = toolCalls.reduce((a, tc) => a + splitArgs(tc.function.arguments).length + 3, 0);
  return { content: null, toolCalls, finishReason: 'tool_calls', usage: makeUsage(promptTokens, completionTokens, cached, 0) };
}

function makeUsage(prompt, completion, cached, reasoning) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

// ---------------------------------------------------------------- HTTP plumbing

function baseHeaders(n, processingMs, promptTokens = 0) {
  return {
    'access-control-expose-headers': 'X-Request-ID',
    'openai-organization': 'user-fixture0000000000000000',
    'openai-processing-ms': String(processingMs),
    'openai-project': 'proj_FIXTURE00000000000000000',
    'openai-version': '2020-10-01',
    'x-envoy-upstream-service-time': String(processingMs + 3),
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-limit-tokens': '10000000',
    'x-ratelimit-remaining-requests': String(10000 - n),
    'x-ratelimit-remaining-tokens': String(10000000 - promptTokens),
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-reset-tokens': '0s',
    'x-request-id': requestId(n),
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    'cf-cache-status': 'DYNAMIC',
    'x-content-type-options': 'nosniff',
    server: 'cloudflare',
  };
}

function sendJson(res, status, obj, headers, { pretty = true } = {}) {
  const body = Buffer.from(JSON.stringify(obj, null, pretty ? 2 : 0) + '\n', 'utf8');
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) });
  res.end(body);
}

function sendError(res, status, n, error) {
  const headers = baseHeaders(n, 0);
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
// Deterministic inter-chunk delay, 5..15 ms.
const chunkDelay = (i) => 5 + ((i * 7) % 11);

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
      object: 'list',
      data: MODEL_LIST.map(([id, created]) => ({
        id,
        object: 'model',
        created,
        owned_by: id.startsWith('gpt-4o-mini') || id.startsWith('text-') ? 'system' : 'openai',
      })),
    },
    baseHeaders(n, 11),
  );
}

async function handleChat(req, res, n) {
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

  if (model === 'gpt-4o-mini-ratelimited') {
    return sendError(res, 429, n, {
      message:
        'Rate limit reached for gpt-4o-mini in organization org-FIXTURE0000000000000000 on requests per min (RPM): ' +
        'Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    });
  }
  const served = FLAVOR_SERVED[FLAVOR]?.[model] ?? SERVED_MODELS[model];
  if (!served) {
    return sendError(res, 404, n, {
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });
  }

  const c = ++completionCounter;
  const id = completionId(c);
  const created = CREATED_BASE + c * 17;
  const fingerprint = FLAVOR_FINGERPRINTS[FLAVOR] ?? FINGERPRINTS[served] ?? null;
  const p = plan(body, served, c);
  const processingMs = 180 + c * 37;

  if (body.stream === true) {
    const includeUsage = body.stream_options?.include_usage === true;
    res.writeHead(200, {
      ...flavorHeaders(n, baseHeaders(n, processingMs, p.usage.prompt_tokens)),
      'content-type': 'text/event-stream; charset=utf-8',
    });
    let seq = 0;
    const chunk = (delta, finishReason = null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: served,
      service_tier: 'default',
      system_fingerprint: fingerprint,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
      obfuscation: detString(`obf${c}.${seq}`, 2 + (seq % 9)),
    });
    const send = async (obj) => {
      flavorShape(obj, obj.choices?.some((ch) => ch.finish_reason) ?? false);
      res.write(`data: ${JSON.stringify(obj)}\n\n`);
      seq++;
      await sleep(chunkDelay(seq));
    };

    if (p.toolCalls.length > 0) {
      // As the real API does: the first delta carries the role *and* the first call's header.
      for (let k = 0; k < p.toolCalls.length; k++) {
        const tc = p.toolCalls[k];
        const head = [{ index: k, id: tc.id, type: 'function', function: { name: tc.function.name, arguments: '' } }];
        await send(chunk(k === 0 ? { role: 'assistant', content: null, tool_calls: head, refusal: null } : { tool_calls: head }));
        for (const frag of splitArgs(tc.function.arguments)) {
          await send(chunk({ tool_calls: [{ index: k, function: { arguments: frag } }] }));
        }
      }
    } else {
      await send(chunk({ role: 'assistant', content: '', refusal: null }));
      for (const t of p.tokens) await send(chunk({ content: t }));
    }
    await send(chunk({}, p.finishReason));
    if (includeUsage) {
      await send({
        id,
        object: 'chat.completion.chunk',
        created,
        model: served,
        service_tier: 'default',
        system_fingerprint: fingerprint,
        choices: [],
        usage: p.usage,
        obfuscation: detString(`obf${c}.usage`, 6),
      });
    }
    res.write('data: [DONE]\n\n');
    res.end();
    return;
  }

  const message = { role: 'assistant', content: p.content };
  if (p.toolCalls.length > 0) message.tool_calls = p.toolCalls;
  message.refusal = null;
  message.annotations = [];
  const obj = {
    id,
    object: 'chat.completion',
    created,
    model: served,
    choices: [{ index: 0, message, logprobs: null, finish_reason: p.finishReason }],
    usage: p.usage,
    service_tier: 'default',
    system_fingerprint: fingerprint,
  };
  flavorShape(obj, true);
  const headers = flavorHeaders(n, baseHeaders(n, processingMs, p.usage.prompt_tokens));
  const wantsGzip =
    req.headers['x-fixture-gzip'] === '1' && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (wantsGzip) {
    // Like the real edge: gzip + chunked transfer-encoding, no content-length.
    const gz = zlib.gzipSync(Buffer.from(JSON.stringify(obj, null, 2) + '\n', 'utf8'), { level: 6 });
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'Accept-Encoding' });
    const mid = Math.floor(gz.length / 2);
    res.write(gz.subarray(0, mid));
    await sleep(8);
    res.end(gz.subarray(mid));
    return;
  }
  sendJson(res, 200, obj, headers);
}

const server = http.createServer(async (req, res) => {
  const n = ++requestCounter;
  const path = (req.url ?? '').split('?')[0];
  try {
    if (req.method === 'GET' && path === '/v1/models') return handleModels(req, res, n);
    if (req.method === 'POST' && path === '/v1/chat/completions') return await handleChat(req, res, n);
    await readBody(req);
    sendError(res, 404, n, {
      message: `Invalid URL (${req.method} ${path})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  } catch (e) {
    console.error('fake-openai-server: handler failed:', e);
    if (!res.headersSent) sendError(res, 500, n, { message: 'internal error', type: 'server_error', param: null, code: null });
    else res.destroy();
  }
});
// argv[3]: the address to listen on (generate.sh passes ::1, 127.0.0.2 or a namespace's VLAN address for some scenarios)
serve(server, port, process.argv[3] ?? '127.0.0.1');
