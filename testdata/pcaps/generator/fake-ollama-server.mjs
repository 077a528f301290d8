// Fake Ollama server (its native API, not the OpenAI-compatible /v1) for Egret's example-decoder captures.
//
// Usage: node fake-ollama-server.mjs <port>      (port 0 = pick an ephemeral port)
// Prints "listening <port>" on stdout once it accepts connections.
//
// It answers on plaintext HTTP/1.1 on 127.0.0.1 the way `ollama serve` does on the wire: NDJSON streams
// (application/x-ndjson, one JSON object a line, one line per write, the last with done:true, done_reason and the
// counts and durations), whole JSON objects when stream is false, errors as {"error":"..."}. Content, timestamps
// and durations are deterministic (derived from a per-process counter and the request), so regenerated captures
// differ only in packet timestamps, ports and the Date header.
//
// Routes:
//   GET  /api/tags        installed models (non-LLM traffic)
//   POST /api/chat        chat, streaming or not; tools -> one tool_calls message, tool results -> final answer
//   POST /api/generate    completion of a prompt, streaming or not
//     model not installed -> 404 {"error":"model \"<name>\" not found, try pulling it first"}
//   anything else         -> 404 "404 page not found" (Go's default mux)

import http from 'node:http';
import { serve } from './serve.mjs';

const port = Number.parseInt(process.argv[2] ?? '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node fake-ollama-server.mjs <port>');
  process.exit(2);
}

const BASE_MILLIS = Date.UTC(2026, 0, 1, 9, 0, 0);
let answerCounter = 0;

const MODELS = {
  'qwen3:4b': { family: 'qwen3', size: 2497293918, parameter_size: '4.0B', quantization_level: 'Q4_K_M', thinks: true },
  'llama3.2:3b': { family: 'llama', size: 2019393189, parameter_size: '3.2B', quantization_level: 'Q4_K_M', thinks: false },
};

// Go's RFC 3339 with nanoseconds, as Ollama writes created_at.
function createdAt(n, step) {
  const ms = BASE_MILLIS + n * 7000 + step * 23;
  const iso = new Date(ms).toISOString().slice(0, 19);
  const nanos = String(((n * 7919 + step * 104729) % 1_000_000) * 1000 + 123).padStart(9, '0');
  return `${iso}.${nanos}Z`;
}

// "Tokens": leading whitespace + a word; concatenation == text.
const tokenize = (text) => text.match(/\s*\S+|\s+/g) ?? [];

const countPrompt = (body) =>
  9 + Math.ceil((JSON.stringify(body.messages ?? body.prompt ?? '') + JSON.stringify(body.tools ?? [])).length / 4);

const TOOL_ARGS = {
  read_file: { path: 'src/main/java/com/example/http/Parser.java' },
  run_shell: { command: 'mvn -q -Dtest=ParserTest test' },
};

const ANSWERS = {
  tools:
    'The test fails because `parseHeader` splits on every colon, so `Host: localhost:8080` loses its port. ' +
    'Split once with `line.split(":", 2)` and the test passes.',
  record:
    'A Java record is a compact, immutable data carrier: the compiler writes the constructor, accessors, ' +
    '`equals`, `hashCode` and `toString` for you.',
  haiku: 'Packets drift like leaves\u2014\nthe tap hears every token,\nsilent, it keeps count.',
  default: 'Could you share the code you are asking about?',
};
const THINKING = 'The user wants a short definition. Mention immutability and what the compiler generates.';

function plan(body, route) {
  if (route === 'generate') {
    const text = /haiku/i.test(String(body.prompt ?? '')) ? ANSWERS.haiku : ANSWERS.default;
    return { text, toolCalls: [], thinking: null };
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const hasToolResult = messages.some((m) => m.role === 'tool');
  if (tools.length > 0 && !hasToolResult) {
    const toolCalls = tools
      .map((t) => t.function?.name)
      .filter((name) => TOOL_ARGS[name])
      .map((name) => ({ function: { name, arguments: TOOL_ARGS[name] } }));
    return { text: '', toolCalls, thinking: null };
  }
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const text = hasToolResult ? ANSWERS.tools : /record/i.test(last) ? ANSWERS.record : ANSWERS.default;
  const thinking = body.think === true && MODELS[body.model]?.thinks ? THINKING : null;
  return { text, toolCalls: [], thinking };
}

function finalFields(n, promptTokens, evalTokens) {
  const promptNs = 41_000_000 + n * 1_300_000;
  const evalNs = evalTokens * 21_500_000;
  const loadNs = 18_000_000 + n * 250_000;
  return {
    done: true,
    done_reason: 'stop',
    total_duration: loadNs + promptNs + evalNs + 3_100_000,
    load_duration: loadNs,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptNs,
    eval_count: evalTokens,
    eval_duration: evalNs,
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const lineDelay = (i) => 6 + ((i * 5) % 9);

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res, status, obj) {
  const body = Buffer.from(JSON.stringify(obj), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length) });
  res.end(body);
}

function handleTags(res) {
  sendJson(res, 200, {
    models: Object.entries(MODELS).map(([name, m], i) => ({
      name,
      model: name,
      modified_at: createdAt(0, i),
      size: m.size,
      digest: `sha256:${String(i + 1).repeat(64).slice(0, 64)}`,
      details: {
        parent_model: '',
        format: 'gguf',
        family: m.family,
        families: [m.family],
        parameter_size: m.parameter_size,
        quantization_level: m.quantization_level,
      },
    })),
  });
}

async function handleAnswer(req, res, route) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return sendJson(res, 400, { error: 'invalid character \'}\' looking for beginning of object key string' });
  }
  const model = String(body.model ?? '');
  if (!MODELS[model]) {
    return sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` });
  }
  const n = ++answerCounter;
  const p = plan(body, route);
  const textTokens = tokenize(p.text);
  const thinkingTokens = p.thinking ? tokenize(p.thinking) : [];
  const evalTokens = textTokens.length + thinkingTokens.length + p.toolCalls.length * 12;
  const promptTokens = countPrompt(body);
  const stream = body.stream !== false; // Ollama streams unless told not to

  const piece = (fields, step) =>
    route === 'chat'
      ? { model, created_at: createdAt(n, step), message: { role: 'assistant', content: '', ...fields }, done: false }
      : { model, created_at: createdAt(n, step), response: '', ...fields, done: false };

  if (!stream) {
    const whole =
      route === 'chat'
        ? {
            model,
            created_at: createdAt(n, 0),
            message: {
              role: 'assistant',
              content: p.text,
              ...(p.thinking ? { thinking: p.thinking } : {}),
              ...(p.toolCalls.length ? { tool_calls: p.toolCalls } : {}),
            },
          }
        : { model, created_at: createdAt(n, 0), response: p.text, ...(p.thinking ? { thinking: p.thinking } : {}) };
    Object.assign(whole, finalFields(n, promptTokens, evalTokens));
    if (route === 'generate') whole.context = Array.from({ length: 12 }, (_, i) => 151644 + ((i * 37) % 500));
    return sendJson(res, 200, whole);
  }

  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  let step = 0;
  const send = async (obj) => {
    res.write(JSON.stringify(obj) + '\n');
    step++;
    await sleep(lineDelay(step));
  };
  for (const t of thinkingTokens) await send(piece(route === 'chat' ? { thinking: t } : { thinking: t }, step));
  if (p.toolCalls.length) await send(piece({ tool_calls: p.toolCalls }, step));
  for (const t of textTokens) await send(piece(route === 'chat' ? { content: t } : { response: t }, step));
  const last = route === 'chat'
    ? { model, created_at: createdAt(n, step), message: { role: 'assistant', content: '' } }
    : { model, created_at: createdAt(n, step), response: '' };
  Object.assign(last, finalFields(n, promptTokens, evalTokens));
  if (route === 'generate') last.context = Array.from({ length: 12 }, (_, i) => 151644 + ((i * 37) % 500));
  res.write(JSON.stringify(last) + '\n');
  res.end();
}

const server = http.createServer(async (req, res) => {
  const path = (req.url ?? '').split('?')[0];
  try {
    if (req.method === 'GET' && path === '/api/tags') return handleTags(res);
    if (req.method === 'POST' && path === '/api/chat') return await handleAnswer(req, res, 'chat');
    if (req.method === 'POST' && path === '/api/generate') return await handleAnswer(req, res, 'generate');
    await readBody(req);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': '18' });
    res.end('404 page not found');
  } catch (e) {
    console.error('fake-ollama-server: handler failed:', e);
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.destroy();
  }
});
serve(server, port);
