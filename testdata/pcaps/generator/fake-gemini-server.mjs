// Fake Gemini API server (Generative Language API and Vertex AI publisher models) for Egret's capture fixtures.
//
// Usage: node fake-gemini-server.mjs <port>      (port 0 = pick an ephemeral port)
// Prints "listening <port>" on stdout once it accepts connections.
//
// It answers on plaintext HTTP/1.1 on 127.0.0.1 the way the real API does on the wire: the same JSON shapes
// (GenerateContentResponse, google.rpc error bodies), SSE framing of ?alt=sse (data-only events, CRLF CRLF, no
// terminator), the JSON-array stream without alt=sse (a pretty-printed array written element by element), and the
// Google front end's headers (server: scaffolding on HTTPServer2, vary Origin / X-Origin / Referer, chunked bodies).
// Content is deterministic: ids, thought signatures and token counts derive from a per-process counter or from
// the request, so regenerated captures differ only in packet timestamps, ports and the Date header.
//
// Routes (v1beta, v1 and v1alpha; Vertex: .../publishers/google/models/...):
//   POST models/{model}:generateContent          whole response
//   POST models/{model}:streamGenerateContent    ?alt=sse -> SSE; without -> JSON-array stream
//   POST models/{model}:countTokens              token count (not an LLM call)
//   anything else                                404 NOT_FOUND in Google's error shape
// Errors and quirks, by request header (the fixture client sets them; the real API has its own triggers):
//   x-fixture-fail: 429 | 500 | 503   -> that error before any content
//   x-fixture-fail: midstream          -> a 200 stream that ends with an error chunk after some text
//   x-fixture-fail: blocked            -> 200 with promptFeedback.blockReason and no candidates
//   x-fixture-encoding: gzip | br      -> that content-encoding, when accept-encoding allows it
//   x-fixture-long: 1                  -> a long stream, one token per event
// Without a fixture header: gemini-2.5-pro with thinkingBudget 0 -> 400 INVALID_ARGUMENT (as the real API).

import http from 'node:http';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { serve } from './serve.mjs';

const port = Number.parseInt(process.argv[2] ?? '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node fake-gemini-server.mjs <port>');
  process.exit(2);
}

// ---------------------------------------------------------------- deterministic ids

let requestCounter = 0;
let responseCounter = 0;

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function detString(seedText, len, alphabet) {
  let out = '';
  for (let block = 0; out.length < len; block++) {
    for (const b of createHash('sha256').update(`${seedText}#${block}`).digest()) {
      if (out.length < len) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}
const responseIdOf = (n) => detString(`resp${n}`, 23, B64URL);
// Real signatures are opaque base64 blobs of a few hundred bytes.
const thoughtSignatureOf = (n, k) => detString(`sig${n}.${k}`, 172, B64) + '==';

// ---------------------------------------------------------------- canned content

const PALINDROME_TEXT =
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
  'It runs in O(n) time and O(1) extra space \u2705';

const CANNED = [
  { match: /palindrome/i, text: PALINDROME_TEXT },
  {
    match: /record/i,
    text:
      'A Java record is a concise, immutable data carrier: declaring `record Point(int x, int y) {}` gives you a ' +
      'canonical constructor, private final fields, accessors, and value-based `equals`, `hashCode` and ' +
      '`toString`. Records cannot extend other classes, but they can implement interfaces and declare compact ' +
      'constructors for validation.',
  },
  {
    match: /virtual threads?/i,
    text:
      'Use virtual threads when the work is I/O-bound and you want one thread per request without pooling: ' +
      'blocking calls park the virtual thread and free the carrier. Keep connection pools bounded \u2014 the ' +
      'database, not the thread count, becomes the limit \u2014 and avoid `synchronized` around blocking I/O, ' +
      'which pins the carrier on JDK 21. CPU-bound work gains nothing; keep a sized platform pool for that.',
  },
  {
    match: /haiku/i,
    text: 'Packets cross the wire \u2014\nquiet eyes count every byte,\nnothing is dropped here.',
  },
];
const DEFAULT_TEXT = 'Sure \u2014 could you share the relevant code so I can take a look?';

const THOUGHTS = {
  default: [
    '**Understanding the request**\n\nThe user wants a short, practical answer. ',
    'I should state the rule first and then give the one pitfall that matters most.\n\n',
    '**Structuring the answer**\n\nLead with when to use it, then the limits, then a concrete recommendation.',
  ],
  agentFinal: [
    '**Summarising the fix**\n\nThe replacement went through. ',
    'I will explain the cause in one sentence, show the changed line and say how to verify it.',
  ],
};

// The coding-agent loop of the Gemini CLI scenario: what the "model" does at each step, keyed by how many
// function responses the conversation already holds.
const AGENT_PLAN = [
  {
    thought:
      '**Locating the failing test**\n\nI need to see the test and the parser. I will search for the test file ' +
      'and read the parser at the same time.',
    calls: [
      { name: 'glob', args: { pattern: '**/ParserTest.java' } },
      { name: 'read_file', args: { absolute_path: '/workspace/http-demo/src/main/java/com/example/Parser.java' } },
    ],
  },
  {
    thought:
      '**Correcting the path**\n\nThe parser is not where I guessed; the glob shows the package is ' +
      '`com.example.http`. I will read the right file and run the failing test.',
    calls: [
      { name: 'read_file', args: { absolute_path: '/workspace/http-demo/src/main/java/com/example/http/Parser.java' } },
      {
        name: 'run_shell_command',
        args: { command: 'mvn -q -Dtest=ParserTest test', description: 'Run the failing ParserTest.' },
      },
    ],
  },
  {
    thought:
      '**Fixing the split**\n\n`line.split(":")` cuts `Host: localhost:8080` at the second colon. Splitting on ' +
      'the first colon only fixes it.',
    calls: [
      {
        name: 'replace',
        args: {
          file_path: '/workspace/http-demo/src/main/java/com/example/http/Parser.java',
          old_string: '        String[] kv = line.split(":");',
          new_string: '        String[] kv = line.split(":", 2);',
        },
      },
    ],
  },
];
const AGENT_FINAL_TEXT =
  'Fixed. `Parser.parseHeader` split each header line on every colon, so `Host: localhost:8080` became ' +
  '`localhost` and `ParserTest.parsesHostWithPort` failed. It now splits on the first colon only:\n\n' +
  '```java\n' +
  'String[] kv = line.split(":", 2);\n' +
  '```\n\n' +
  'Run `mvn -q -Dtest=ParserTest test` to confirm \u2014 all 3 tests should pass.';

// Scripted conversations, keyed by the user prompt that opened the current turn: step k answers the request that
// holds k function responses after that prompt (the last step answers any later one). A step calls tools or answers.
const SCRIPTS = [
  {
    match: /^How does Parser\.parseHeader handle a header value that contains a colon\?$/,
    steps: [
      {
        thought: '**Reading the parser**\n\nI should look at parseHeader before answering.',
        calls: [{ name: 'read_file', args: { absolute_path: '/workspace/http-demo/src/main/java/com/example/http/Parser.java' } }],
      },
      {
        thought: '**Explaining the split**\n\n`line.split(":")` has no limit, so every colon splits the line.',
        text:
          '`parseHeader` splits the line on every colon (`line.split(":")`) and keeps only `kv[0]` and `kv[1]`, so a ' +
          'value that contains a colon is cut there: `Host: localhost:8080` is stored as `localhost`.',
      },
    ],
  },
  {
    match: /^Would `line\.split\(":", 2\)` fix it\?/,
    steps: [
      {
        thought: '**Checking the limit**\n\nA limit of 2 stops after the first colon.',
        text:
          'Yes. With a limit of 2 the line is split only at the first colon, so the value keeps `localhost:8080` and ' +
          '`trim()` removes the leading space. A line without any colon would still fail on `kv[1]`.',
      },
    ],
  },
];

function scriptedStep(contents) {
  let open = contents.length - 1;
  const promptOf = (c) => ((c.role ?? 'user') === 'user' ? (c.parts ?? []).map((p) => p.text ?? '').join(' ').trim() : '');
  while (open >= 0 && !promptOf(contents[open])) open--;
  const script = open >= 0 && SCRIPTS.find((sc) => sc.match.test(promptOf(contents[open])));
  if (!script) return null;
  const answered = functionResponseCount(contents.slice(open + 1));
  return script.steps[Math.min(answered, script.steps.length - 1)];
}

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

// Gemini streams a few tokens per event, not one.
function groupTokens(tokens, per) {
  const out = [];
  for (let i = 0; i < tokens.length; i += per) out.push(tokens.slice(i, i + per).join(''));
  return out;
}

function countPromptTokens(body) {
  const text =
    JSON.stringify(body.contents ?? []) + JSON.stringify(body.systemInstruction ?? '') + JSON.stringify(body.tools ?? []);
  return 4 + Math.ceil(text.length / 4);
}

function lastUserText(contents) {
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i];
    if ((c.role ?? 'user') === 'user') {
      const t = (c.parts ?? []).map((p) => p.text ?? '').join(' ').trim();
      if (t) return t;
    }
  }
  return '';
}

const functionResponseCount = (contents) =>
  contents.reduce((a, c) => a + (c.parts ?? []).filter((p) => p.functionResponse).length, 0);

function usageOf(prompt, candidates, thoughts, cached) {
  const u = { promptTokenCount: prompt };
  if (candidates > 0) u.candidatesTokenCount = candidates;
  u.totalTokenCount = prompt + candidates + thoughts;
  if (cached > 0) u.cachedContentTokenCount = cached;
  u.promptTokensDetails = [{ modality: 'TEXT', tokenCount: prompt }];
  if (cached > 0) u.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: cached }];
  if (thoughts > 0) u.thoughtsTokenCount = thoughts;
  return u;
}

// ---------------------------------------------------------------- planning an answer

// Returns {steps: [{parts, tokens:{candidates, thoughts}}], finishReason, prompt, cached}
// Each step is what one stream event adds; a whole response merges them.
function plan(body, model, n, { long = false } = {}) {
  const contents = Array.isArray(body.contents) ? body.contents : [];
  const gen = body.generationConfig ?? {};
  const thinking = gen.thinkingConfig ?? {};
  const wantsThoughts = thinking.includeThoughts === true;
  const thinks = model.includes('pro') || (model.includes('flash') && !model.includes('lite') && thinking.thinkingBudget !== 0);
  const prompt = countPromptTokens(body);
  const responses = functionResponseCount(contents);
  // Implicit caching: a conversation that re-sends a long prefix gets most of it from the cache.
  const cached = responses > 0 && prompt > 1024 ? Math.floor((prompt - 256) / 256) * 256 : 0;
  const steps = [];
  let thoughtTokens = 0;
  let sig = 0;

  const declared = (body.tools ?? []).flatMap((t) => (t.functionDeclarations ?? []).map((d) => d.name));
  const scripted = scriptedStep(contents);
  const agentStep = scripted
    ? (scripted.calls ? scripted : undefined)
    : declared.includes('run_shell_command') ? AGENT_PLAN[responses === 0 ? 0 : responses === 2 ? 1 : responses === 4 ? 2 : 99] : undefined;

  const addThought = (text) => {
    const tokens = tokenize(text);
    thoughtTokens += tokens.length + 40; // summaries are shorter than the thinking they summarise
    if (wantsThoughts) {
      for (const g of groupTokens(tokens, 12)) steps.push({ parts: [{ text: g, thought: true }], thoughts: 0 });
    }
    steps.push({ parts: [], thoughts: tokens.length + 40, silent: true });
  };

  if (agentStep) {
    if (thinks) addThought(agentStep.thought);
    const parts = agentStep.calls.map((c, k) => {
      const part = { functionCall: { name: c.name, args: c.args } };
      if (k === 0 && thinks) part.thoughtSignature = thoughtSignatureOf(n, sig++);
      return part;
    });
    // Gemini sends parallel calls together in one event
    steps.push({ parts, candidates: agentStep.calls.length * 12 });
    return { steps, finishReason: 'STOP', prompt, cached, thoughtTokens };
  }

  let text;
  if (long) {
    // 2000 one-token words: a long generation, one event per token
    const words = ['packet', 'frame', 'stream', 'event', 'byte', 'window', 'flow', 'ack'];
    text = 'Log:' + Array.from({ length: 2000 }, (_, i) => ` ${words[(i * 5 + (i >> 3)) % 8]}`).join('');
  } else if (scripted) {
    text = scripted.text;
  } else if (responses > 0) {
    text = AGENT_FINAL_TEXT;
  } else {
    const user = lastUserText(contents);
    text = (CANNED.find((c) => c.match.test(user)) ?? { text: DEFAULT_TEXT }).text;
  }
  if (thinks) addThought(scripted?.thought ?? (responses > 0 ? THOUGHTS.agentFinal : THOUGHTS.default).join(''));
  let tokens = tokenize(text);
  let finishReason = 'STOP';
  const limit = gen.maxOutputTokens;
  if (Number.isInteger(limit) && tokens.length > limit) {
    tokens = tokens.slice(0, limit);
    finishReason = 'MAX_TOKENS';
  }
  const groups = long ? tokens.map((t) => [t]) : [];
  if (!long) for (let i = 0; i < tokens.length; i += 5) groups.push(tokens.slice(i, i + 5));
  groups.forEach((g, k) => {
    const part = { text: g.join('') };
    if (k === 0 && thinks) part.thoughtSignature = thoughtSignatureOf(n, sig++);
    steps.push({ parts: [part], candidates: g.length });
  });
  return { steps, finishReason, prompt, cached, thoughtTokens };
}

// Merge the steps into one content (text parts concatenated, thought parts apart, calls whole), as the
// non-streaming API answers.
function mergedParts(steps) {
  const out = [];
  for (const s of steps) {
    for (const p of s.parts) {
      const last = out[out.length - 1];
      if (p.text !== undefined && last && last.text !== undefined && !!last.thought === !!p.thought && !p.functionCall) {
        last.text += p.text;
        if (p.thoughtSignature) last.thoughtSignature = p.thoughtSignature;
      } else {
        out.push({ ...p });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- wire formats

// The SSE chunks are printed compactly with ": " after keys, as the API's JSON printer does.
function esfJson(v) {
  if (Array.isArray(v)) return '[' + v.map(esfJson).join(',') + ']';
  if (v && typeof v === 'object') {
    return '{' + Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${JSON.stringify(k)}: ${esfJson(x)}`).join(',') + '}';
  }
  return JSON.stringify(v);
}

function googleHeaders(contentType, dur) {
  return {
    'content-type': contentType,
    vary: ['Origin', 'X-Origin', 'Referer'],
    server: 'scaffolding on HTTPServer2',
    'x-xss-protection': '0',
    'x-frame-options': 'SAMEORIGIN',
    'x-content-type-options': 'nosniff',
    'server-timing': `gfet4t7; dur=${dur}`,
    'alt-svc': 'h3=":443"; ma=2592000,h3-29=":443"; ma=2592000',
  };
}
const JSON_TYPE = 'application/json; charset=UTF-8';

function encodingFor(req) {
  const want = String(req.headers['x-fixture-encoding'] ?? '');
  const accept = String(req.headers['accept-encoding'] ?? '');
  if (want === 'gzip' && /\bgzip\b/.test(accept)) return 'gzip';
  if (want === 'br' && /\bbr\b/.test(accept)) return 'br';
  return null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const chunkDelay = (i) => 5 + ((i * 7) % 11);

// A whole JSON body: pretty-printed like the API, chunked (the front end never sends content-length).
async function sendJson(req, res, status, obj, dur) {
  const text = Buffer.from(JSON.stringify(obj, null, 2) + '\n', 'utf8');
  const enc = encodingFor(req);
  const headers = googleHeaders(JSON_TYPE, dur);
  if (!enc) {
    res.writeHead(status, headers);
    res.end(text);
    return;
  }
  const body =
    enc === 'gzip'
      ? zlib.gzipSync(text, { level: 6 })
      : zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  res.writeHead(status, { ...headers, 'content-encoding': enc });
  const mid = Math.floor(body.length / 2);
  res.write(body.subarray(0, mid));
  await sleep(8);
  res.end(body.subarray(mid));
}

function errorBody(status, n, model) {
  switch (status) {
    case 400:
      return { error: { code: 400, message: 'Budget 0 is invalid. This model only works in thinking mode.', status: 'INVALID_ARGUMENT' } };
    case 429:
      return {
        error: {
          code: 429,
          message:
            'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n' +
            `* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 10, model: ${model}\n` +
            'Please retry in 27.0s.',
          status: 'RESOURCE_EXHAUSTED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [
                {
                  quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
                  quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
                  quotaDimensions: { location: 'global', model },
                  quotaValue: '10',
                },
              ],
            },
            { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '27s' },
          ],
        },
      };
    case 500:
      return {
        error: {
          code: 500,
          message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
          status: 'INTERNAL',
        },
      };
    case 503:
      return { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } };
    default:
      return { error: { code: 404, message: `Method not found.`, status: 'NOT_FOUND' } };
  }
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------- handlers

const ROUTE = /^\/(v1beta|v1|v1alpha|v1beta1)\/(?:projects\/[^/]+\/locations\/[^/]+\/)?(publishers\/google\/)?models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

async function handle(req, res, n) {
  const [path, query = ''] = (req.url ?? '').split('?');
  const m = req.method === 'POST' ? ROUTE.exec(path) : null;
  const raw = await readBody(req);
  if (!m) return sendJson(req, res, 404, errorBody(404, n), 1);
  const [, , vertex, model, method] = m;
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return sendJson(req, res, 400, {
      error: { code: 400, message: 'Invalid JSON payload received. Unexpected token.', status: 'INVALID_ARGUMENT' },
    }, 2);
  }
  if (method === 'countTokens') {
    const total = countPromptTokens(body);
    return sendJson(req, res, 200, { totalTokens: total, promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }] }, 38);
  }
  const stream = method === 'streamGenerateContent';
  const sse = /(^|&)alt=sse(&|$)/.test(query);
  const fail = String(req.headers['x-fixture-fail'] ?? '');
  const thinkingBudget = body.generationConfig?.thinkingConfig?.thinkingBudget;

  let status = 0;
  if (model === 'gemini-2.5-pro' && thinkingBudget === 0) status = 400;
  else if (['429', '500', '503'].includes(fail)) status = Number(fail);
  if (status) {
    const err = errorBody(status, n, model);
    // the JSON-array stream wraps even its error in an array
    return sendJson(req, res, status, stream && !sse ? [err] : err, 20 + status / 10);
  }

  const c = ++responseCounter;
  const responseId = responseIdOf(c);
  const modelVersion = model;
  const extra = vertex ? { createTime: `2026-01-01T00:00:${String(10 + c).padStart(2, '0')}.${String(100000 + c * 7919).slice(1)}Z` } : {};
  const p = plan(body, model, c, { long: req.headers['x-fixture-long'] === '1' });
  const dur = 300 + c * 41;

  if (fail === 'blocked') {
    return sendJson(req, res, 200, {
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
      usageMetadata: { promptTokenCount: p.prompt, totalTokenCount: p.prompt, promptTokensDetails: [{ modality: 'TEXT', tokenCount: p.prompt }] },
      modelVersion,
      ...extra,
      responseId,
    }, dur);
  }

  const candidatesTotal = p.steps.reduce((a, s) => a + (s.candidates ?? 0), 0);
  if (!stream) {
    const parts = mergedParts(p.steps);
    return sendJson(req, res, 200, {
      candidates: [{ content: { parts, role: 'model' }, finishReason: p.finishReason, index: 0 }],
      usageMetadata: usageOf(p.prompt, candidatesTotal, p.thoughtTokens, p.cached),
      modelVersion,
      ...extra,
      responseId,
    }, dur);
  }

  // Streams: one event (or array element) per step that carries parts; usage grows as it goes.
  let cand = 0;
  let thoughts = 0;
  const events = [];
  p.steps.forEach((s) => {
    cand += s.candidates ?? 0;
    thoughts += s.thoughts ?? 0;
    if (s.silent) return;
    events.push({ parts: s.parts, cand, thoughts });
  });
  const chunkOf = (e, last) => {
    const candidate = { content: { parts: e.parts, role: 'model' } };
    if (last) candidate.finishReason = p.finishReason;
    candidate.index = 0;
    return {
      candidates: [candidate],
      usageMetadata: usageOf(p.prompt, e.cand, e.thoughts, p.cached),
      modelVersion,
      ...extra,
      responseId,
    };
  };
  const midstream = fail === 'midstream';
  const cutAt = midstream ? Math.min(6, events.length - 1) : events.length;
  const delay = req.headers['x-fixture-long'] === '1' ? () => 2 : chunkDelay;

  if (sse) {
    res.writeHead(200, { ...googleHeaders('text/event-stream', dur), 'content-disposition': 'attachment' });
    for (let i = 0; i < cutAt; i++) {
      res.write(`data: ${esfJson(chunkOf(events[i], i === events.length - 1))}\r\n\r\n`);
      await sleep(delay(i + 1));
    }
    if (midstream) {
      res.write(`data: ${esfJson(errorBody(500, n, model))}\r\n\r\n`);
    }
    res.end();
    return;
  }
  // JSON array: "[" + element, then ",\r\n" + element ..., then "]"; each element pretty-printed.
  res.writeHead(200, googleHeaders(JSON_TYPE, dur));
  for (let i = 0; i < cutAt; i++) {
    const text = JSON.stringify(chunkOf(events[i], i === events.length - 1), null, 2);
    res.write((i === 0 ? '[' : ',\r\n') + text + '\n');
    await sleep(delay(i + 1));
  }
  res.end(']');
}

const server = http.createServer(async (req, res) => {
  const n = ++requestCounter;
  try {
    await handle(req, res, n);
  } catch (e) {
    console.error('fake-gemini-server: handler failed:', e);
    if (!res.headersSent) sendJson(req, res, 500, errorBody(500, n), 1);
    else res.destroy();
  }
});
serve(server, port);
