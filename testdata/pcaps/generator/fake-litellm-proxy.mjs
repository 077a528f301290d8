// A LiteLLM-like proxy for Egret's capture fixtures: OpenAI Chat Completions in, forwarded upstream with the npm
// openai SDK (LiteLLM forwards with the Python one), answered the way the LiteLLM proxy answers: its x-litellm-*
// headers, the upstream's headers prefixed llm_provider-, the chunks re-serialized without OpenAI's extra fields
// (openai-flavors.mjs, flavor litellm). Streaming requests only: that is all the proxy-hop scenario sends.
//
// Usage: node fake-litellm-proxy.mjs <port> <address> <upstream base URL>
// Prints "listening <port>" on stdout once it accepts connections.
// env FIXTURE_UPSTREAM_OBSERVED: where to keep what its SDK saw of every upstream call (the records of
// openai-chat-calls.mjs, a JSON array rewritten after each call; for_request = the inbound request served, from 1).
//
// Routing as a LiteLLM config with a fallback: the model group gpt-4o has one deployment with rpm 1; once that is
// used, a request in the same minute goes to the fallback group gpt-4o-mini without trying gpt-4o (the router's
// pre-call check), and the answer names the model that served it: the client asked for gpt-4o and gets gpt-4o-mini.

import fs from 'node:fs';
import http from 'node:http';
import OpenAI from 'openai';
import { chatCalls } from './openai-chat-calls.mjs';
import { litellmHeaders, serverFlavorShape } from './openai-flavors.mjs';
import { serve } from './serve.mjs';

const [portArg, address = '127.0.0.1', upstreamBase] = process.argv.slice(2);
const port = Number.parseInt(portArg ?? '', 10);
if (!Number.isInteger(port) || !upstreamBase) {
  console.error('usage: node fake-litellm-proxy.mjs <port> <address> <upstream base URL>');
  process.exit(2);
}
const observedFile = process.env.FIXTURE_UPSTREAM_OBSERVED;

const upstream = new OpenAI({ baseURL: upstreamBase, apiKey: 'sk-proj-FIXTUREKEY0000000000000000000000000000', maxRetries: 0, timeout: 600_000 });
const upstreamCalls = [];
const { callStream } = chatCalls(upstreamCalls, upstream);

const DEPLOYMENTS = { 'gpt-4o': { rpm: 1, fallback: 'gpt-4o-mini' }, 'gpt-4o-mini': {} };
const routed = new Map(); // model group -> requests sent to its deployment

function route(group) {
  const d = DEPLOYMENTS[group];
  if (d?.rpm !== undefined && (routed.get(group) ?? 0) >= d.rpm) return { model: d.fallback, fallbacks: 1 };
  routed.set(group, (routed.get(group) ?? 0) + 1);
  return { model: group, fallbacks: 0 };
}

// the upstream's response headers LiteLLM passes on (prefixed); not the ones about this hop's framing
const HOP_HEADERS = new Set(['content-type', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

function sendError(res, status, message, type) {
  const body = JSON.stringify({ error: { message, type, param: null, code: String(status) } });
  res.writeHead(status, { server: 'uvicorn', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

async function handleChat(req, res, n) {
  const body = JSON.parse(await readBody(req));
  if (body.stream !== true) return sendError(res, 400, 'this fixture proxy forwards streaming requests only', 'invalid_request_error');
  if (!DEPLOYMENTS[body.model]) return sendError(res, 400, `Invalid model name passed in model=${body.model}`, 'invalid_request_error');
  const { model, fallbacks } = route(body.model);
  const started = Date.now();
  const onResponse = (response) => {
    const provider = {};
    for (const [name, value] of response.headers) if (!HOP_HEADERS.has(name)) provider[name] = value;
    const extra = {
      'x-litellm-model-group': body.model,
      'x-litellm-attempted-retries': '0',
      'x-litellm-attempted-fallbacks': String(fallbacks),
      'x-litellm-response-duration-ms': String(Date.now() - started),
    };
    res.writeHead(200, { ...litellmHeaders(n, { apiBase: upstreamBase, provider, extra }), 'content-type': 'text/event-stream; charset=utf-8' });
  };
  const onChunk = (chunk) => res.write(`data: ${JSON.stringify(serverFlavorShape('litellm', structuredClone(chunk), false))}\n\n`);
  await callStream({ ...body, model }, undefined, upstream, { tags: { for_request: n }, onResponse, onChunk });
  if (observedFile) fs.writeFileSync(observedFile, JSON.stringify(upstreamCalls, null, 2) + '\n');
  if (!res.headersSent) return sendError(res, 502, 'upstream call failed', 'api_error');
  res.end('data: [DONE]\n\n');
}

let requestCounter = 0;
const server = http.createServer(async (req, res) => {
  const n = ++requestCounter;
  try {
    if (req.method === 'POST' && (req.url ?? '').split('?')[0] === '/v1/chat/completions') return await handleChat(req, res, n);
    await readBody(req);
    sendError(res, 404, 'Not Found', 'not_found_error');
  } catch (e) {
    console.error('fake-litellm-proxy: handler failed:', e);
    if (!res.headersSent) sendError(res, 500, 'internal error', 'api_error');
    else res.destroy();
  }
});
serve(server, port, address);
