// Drives the real npm `ollama` client library against the fake Ollama server and records what it observed.
//
// Usage: node ollama-client.mjs <scenario> <port> <observed-json-path>
//        node ollama-client.mjs --list        (the scenarios it makes, one a line)
//   scenario: ollama-chat-stream | ollama-chat-nonstream | ollama-generate
//
// The observed file is the independent oracle for the example decoder's tests: every value in it comes from the
// objects the library handed back (whole responses or stream parts), never from the server's code.

import fs from 'node:fs';
import { Ollama } from 'ollama';

const SCENARIOS = ['ollama-chat-stream', 'ollama-chat-nonstream', 'ollama-generate'];
const [scenario, portArg, outPath] = process.argv.slice(2);
if (scenario === '--list') {
  console.log(SCENARIOS.join('\n'));
  process.exit(0);
}
if (!scenario || !portArg || !outPath) {
  console.error('usage: node ollama-client.mjs <scenario> <port> <observed-json-path>');
  process.exit(2);
}

const SDK_VERSION = JSON.parse(fs.readFileSync(new URL('./node_modules/ollama/package.json', import.meta.url))).version;
const ollama = new Ollama({ host: `http://127.0.0.1:${portArg}` });

const llmCalls = [];
const otherCalls = [];

function blank(modelRequested, stream) {
  return {
    model_requested: modelRequested,
    stream,
    status: null,
    request_id: null,
    model: null,
    finish_reason: null,
    input_tokens: null,
    output_tokens: null,
    cached_tokens: null,
    reasoning_tokens: null,
    tool_calls: [],
    content: null,
    error_code: null,
    error_type: null,
    error_message: null,
  };
}

// The last part of a stream (or a whole response) carries done_reason and the counts.
function applyFinal(rec, part) {
  rec.model = part.model ?? rec.model;
  if (part.done) {
    rec.finish_reason = part.done_reason ?? null;
    rec.input_tokens = part.prompt_eval_count ?? null;
    rec.output_tokens = part.eval_count ?? null;
  }
}

function applyError(rec, err) {
  // ResponseError for an HTTP error status; a plain Error for an {"error"} line inside a 200 stream
  rec.status = err.status_code ?? rec.status ?? null;
  rec.error_message = err.error ?? err.message ?? null;
}

const toolCallsOf = (message) =>
  (message?.tool_calls ?? []).map((tc) => ({
    id: null, // Ollama's tool calls carry no id
    name: tc.function?.name ?? null,
    arguments: JSON.stringify(tc.function?.arguments ?? {}),
  }));

async function chat(params) {
  const rec = blank(params.model, params.stream === true);
  llmCalls.push(rec);
  try {
    if (!params.stream) {
      const r = await ollama.chat(params);
      rec.status = 200;
      applyFinal(rec, r);
      rec.content = r.message?.content ?? null;
      if (r.message?.thinking) rec.thinking = r.message.thinking;
      rec.tool_calls = toolCallsOf(r.message);
      return r.message;
    }
    const message = { role: 'assistant', content: '', tool_calls: [] };
    let parts = 0;
    for await (const part of await ollama.chat(params)) {
      rec.status = 200;
      parts++;
      message.content += part.message?.content ?? '';
      message.tool_calls.push(...(part.message?.tool_calls ?? []));
      applyFinal(rec, part);
    }
    rec.parts = parts;
    rec.content = message.content;
    rec.tool_calls = toolCallsOf(message);
    return message;
  } catch (err) {
    applyError(rec, err);
    return null;
  }
}

async function generate(params) {
  const rec = blank(params.model, params.stream === true);
  llmCalls.push(rec);
  try {
    if (!params.stream) {
      const r = await ollama.generate(params);
      rec.status = 200;
      applyFinal(rec, r);
      rec.content = r.response ?? null;
      return;
    }
    let text = '';
    let parts = 0;
    for await (const part of await ollama.generate(params)) {
      rec.status = 200;
      parts++;
      text += part.response ?? '';
      applyFinal(rec, part);
    }
    rec.parts = parts;
    rec.content = text;
  } catch (err) {
    applyError(rec, err);
  }
}

// ---------------------------------------------------------------- fake local tools

function runTool(name, args) {
  if (name === 'read_file') {
    return [
      'static void parseHeader(String line, Map<String, String> headers) {',
      '    String[] kv = line.split(":");',
      '    headers.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());',
      '}',
    ].join('\n');
  }
  if (name === 'run_shell') {
    return `$ ${args.command}\n[ERROR] ParserTest.parsesHostWithPort:27 expected: <localhost:8080> but was: <localhost>\nexit status 1`;
  }
  return `error: unknown tool ${name}`;
}

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a UTF-8 text file from the workspace.',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'run_shell',
      description: 'Run a shell command in the repository root.',
      parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
    },
  },
];

// ---------------------------------------------------------------- scenarios

const scenarios = {
  async 'ollama-chat-stream'() {
    // an agent loop: the model asks for two tools at once, gets their results, then answers
    const messages = [
      { role: 'system', content: 'You are a coding agent. Use the tools before answering.' },
      { role: 'user', content: 'ParserTest is failing. Why?' },
    ];
    for (let turn = 0; turn < 4; turn++) {
      const assistant = await chat({ model: 'llama3.2:3b', messages, tools: TOOLS, stream: true, options: { temperature: 0 } });
      if (!assistant) break;
      messages.push(assistant);
      if (!assistant.tool_calls?.length) break;
      for (const tc of assistant.tool_calls) {
        messages.push({ role: 'tool', tool_name: tc.function.name, content: runTool(tc.function.name, tc.function.arguments) });
      }
    }
  },

  async 'ollama-chat-nonstream'() {
    const tags = await ollama.list();
    otherCalls.push({ method: 'GET', path: '/api/tags', status: 200, model_ids: tags.models.map((m) => m.name) });
    await chat({
      model: 'qwen3:4b',
      messages: [{ role: 'user', content: 'Explain in one sentence what a Java record is.' }],
      think: true,
      stream: false,
      keep_alive: '5m',
    });
    await chat({ model: 'mistral:7b', messages: [{ role: 'user', content: 'Hello?' }], stream: false });
  },

  async 'ollama-generate'() {
    await generate({ model: 'llama3.2:3b', prompt: 'Write a haiku about packet capture.', stream: true, options: { num_predict: 64 } });
    await generate({ model: 'llama3.2:3b', prompt: 'Hello?', system: 'Answer briefly.', stream: false });
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; expected one of ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
await run();

const observed = { scenario, sdk: `npm ollama ${SDK_VERSION}`, llm_calls: llmCalls, other_calls: otherCalls };
fs.writeFileSync(outPath, JSON.stringify(observed, null, 2) + '\n');
console.log(`${scenario}: ${llmCalls.length} LLM call(s), ${otherCalls.length} other call(s) -> ${outPath}`);
