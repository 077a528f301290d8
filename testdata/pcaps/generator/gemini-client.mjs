// Drives the real npm `@google/genai` SDK against the fake Gemini server and records what the SDK observed.
//
// Usage: node gemini-client.mjs <scenario> <port> <observed-json-path>
//        node gemini-client.mjs --list        (the scenarios it makes, one a line)
//
// The observed file is the independent oracle for Egret's end-to-end tests: every value in it comes from the
// objects / stream chunks / errors the SDK handed back (or, for the JSON-array stream, which no SDK sends, from
// node's own fetch and JSON.parse), never from the server's code. Token fields follow Egret's documented mapping
// of usageMetadata: input = promptTokenCount, output = candidatesTokenCount + thoughtsTokenCount, reasoning =
// thoughtsTokenCount, cached = cachedContentTokenCount; the raw counts are kept next to them.

import fs from 'node:fs';
import { GoogleGenAI, ApiError } from '@google/genai';
import { TurnLog } from './turn-truth.mjs';

const SDK_VERSION = JSON.parse(fs.readFileSync(new URL('./node_modules/@google/genai/package.json', import.meta.url))).version;
const SCENARIOS = [
  'gemini-stream',
  'gemini-nonstream',
  'gemini-agent-loop',
  'gemini-errors',
  'gemini-long-stream',
  'gemini-json-array-stream',
  'gemini-vertex',
  'gemini-multi-turn',
];

const [scenario, portArg, outPath] = process.argv.slice(2);
if (scenario === '--list') {
  console.log(SCENARIOS.join('\n'));
  process.exit(0);
}
if (!scenario || !portArg || !outPath) {
  console.error('usage: node gemini-client.mjs <scenario> <port> <observed-json-path>');
  process.exit(2);
}

const BASE_URL = `http://127.0.0.1:${portArg}`;
const API_KEY = 'AIzaSyFIXTUREKEY000000000000000000000000';

// The SDK's own transport, wrapped only to see the HTTP status (its objects carry headers, not the status).
let lastStatus = null;
const observingFetch = async (input, init) => {
  const response = await fetch(input, init);
  lastStatus = response.status;
  return response;
};

function client(extra = {}) {
  const { headers, ...rest } = extra;
  return new GoogleGenAI({
    apiKey: API_KEY,
    ...rest,
    httpOptions: { baseUrl: BASE_URL, fetch: observingFetch, ...(headers ? { headers } : {}) },
  });
}

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
    candidates_token_count: null,
    thoughts_token_count: null,
    tool_calls: [],
    content: null,
    thought_content: null,
    error_code: null,
    error_type: null,
    error_message: null,
  };
}

function applyUsage(rec, u) {
  if (!u) return;
  rec.input_tokens = u.promptTokenCount ?? null;
  rec.candidates_token_count = u.candidatesTokenCount ?? null;
  rec.thoughts_token_count = u.thoughtsTokenCount ?? null;
  rec.output_tokens =
    u.candidatesTokenCount === undefined && u.thoughtsTokenCount === undefined
      ? null
      : (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
  rec.cached_tokens = u.cachedContentTokenCount ?? null;
  rec.reasoning_tokens = u.thoughtsTokenCount ?? null;
}

// google.rpc error body {error:{code,message,status}} as the SDK hands it over: the HTTP error's message is the
// body as JSON text; an error chunk inside a stream is "got status: <STATUS>. <chunk JSON>".
function applyError(rec, err, { inStream = false } = {}) {
  if (!(err instanceof ApiError)) throw err;
  if (!inStream) rec.status = err.status ?? null;
  let text = err.message ?? '';
  const brace = text.indexOf('{');
  if (brace > 0) text = text.slice(brace);
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const error = Array.isArray(body) ? body[0]?.error : body?.error;
  rec.error_code = error?.code ?? err.status ?? null;
  rec.error_type = error?.status ?? null;
  rec.error_message = error?.message ?? err.message ?? null;
}

// What one candidate's parts say, as an SDK consumer reads them.
function readParts(rec, parts, calls) {
  for (const p of parts ?? []) {
    if (typeof p.text === 'string' && p.thought) rec.thought_content = (rec.thought_content ?? '') + p.text;
    else if (typeof p.text === 'string') rec.content = (rec.content ?? '') + p.text;
    if (p.functionCall) {
      calls.push({
        id: p.functionCall.id ?? null,
        name: p.functionCall.name ?? null,
        arguments: JSON.stringify(p.functionCall.args ?? {}),
      });
    }
  }
}

function finishOf(response) {
  return response.candidates?.[0]?.finishReason ?? response.promptFeedback?.blockReason ?? null;
}

// One generateContent call; returns the response (or null on API error).
async function callNonStream(ai, params) {
  const rec = blank(params.model, false);
  llmCalls.push(rec);
  lastStatus = null;
  try {
    const response = await ai.models.generateContent(params);
    rec.status = lastStatus;
    rec.model = response.modelVersion ?? null;
    rec.response_id = response.responseId ?? null;
    rec.finish_reason = finishOf(response);
    readParts(rec, response.candidates?.[0]?.content?.parts, rec.tool_calls);
    applyUsage(rec, response.usageMetadata);
    const enc = response.sdkHttpResponse?.headers?.['content-encoding'];
    if (enc) rec.content_encoding = enc;
    return response;
  } catch (err) {
    applyError(rec, err);
    return null;
  }
}

// One generateContentStream call (?alt=sse); returns the model's parts without thoughts, as an agent keeps them.
async function callStream(ai, params, tags = {}) {
  const rec = { ...tags, ...blank(params.model, true) };
  llmCalls.push(rec);
  lastStatus = null;
  const kept = [];
  let stream;
  try {
    stream = await ai.models.generateContentStream(params);
  } catch (err) {
    applyError(rec, err);
    return null;
  }
  rec.status = lastStatus;
  let chunks = 0;
  try {
    for await (const chunk of stream) {
      chunks++;
      if (chunk.modelVersion) rec.model = chunk.modelVersion;
      if (chunk.responseId) rec.response_id = chunk.responseId;
      const cand = chunk.candidates?.[0];
      readParts(rec, cand?.content?.parts, rec.tool_calls);
      for (const p of cand?.content?.parts ?? []) if (!p.thought) kept.push(p);
      if (cand?.finishReason) rec.finish_reason = cand.finishReason;
      if (chunk.usageMetadata) applyUsage(rec, chunk.usageMetadata);
    }
  } catch (err) {
    applyError(rec, err, { inStream: true });
  }
  rec.chunks = chunks;
  return mergeText(kept);
}

function mergeText(parts) {
  const out = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.text !== undefined && !p.functionCall && last && last.text !== undefined && !last.functionCall) {
      last.text += p.text;
      if (p.thoughtSignature) last.thoughtSignature = p.thoughtSignature;
    } else {
      out.push({ ...p });
    }
  }
  return out;
}

// ---------------------------------------------------------------- Gemini CLI look-alike

const CLI_VERSION = '0.9.0';
const CLI_HEADERS = { 'User-Agent': `GeminiCLI/${CLI_VERSION} (${process.platform}; ${process.arch})` };
const WORKSPACE = '/workspace/http-demo';

const CLI_TOOLS = [
  {
    functionDeclarations: [
      {
        name: 'read_file',
        description:
          'Reads and returns the content of a specified file. If the file is large, the content will be truncated. Handles text, images and PDF files.',
        parametersJsonSchema: {
          type: 'object',
          properties: {
            absolute_path: { type: 'string', description: "The absolute path to the file to read (e.g., '/home/user/project/file.txt')." },
            offset: { type: 'number', description: 'Optional: the 0-based line number to start reading from.' },
            limit: { type: 'number', description: 'Optional: maximum number of lines to read.' },
          },
          required: ['absolute_path'],
        },
      },
      {
        name: 'run_shell_command',
        description: 'This tool executes a given shell command as `bash -c <command>`. Returns Command, Directory, Stdout, Stderr, Error, Exit Code, Signal, Background PIDs.',
        parametersJsonSchema: {
          type: 'object',
          properties: {
            command: { type: 'string', description: 'Exact bash command to execute as `bash -c <command>`' },
            description: { type: 'string', description: 'Brief description of the command for the user.' },
            directory: { type: 'string', description: '(OPTIONAL) Directory to run the command in, relative to the project root.' },
          },
          required: ['command'],
        },
      },
      {
        name: 'replace',
        description: 'Replaces text within a file. By default, replaces a single occurrence. Always use the read_file tool to examine the file before using this tool.',
        parametersJsonSchema: {
          type: 'object',
          properties: {
            file_path: { type: 'string', description: 'The absolute path to the file to modify.' },
            old_string: { type: 'string', description: 'The exact literal text to replace.' },
            new_string: { type: 'string', description: 'The exact literal text to replace `old_string` with.' },
            expected_replacements: { type: 'number', description: 'Number of replacements expected. Defaults to 1.' },
          },
          required: ['file_path', 'old_string', 'new_string'],
        },
      },
      {
        name: 'glob',
        description: 'Efficiently finds files matching specific glob patterns, returning absolute paths sorted by modification time (newest first).',
        parametersJsonSchema: {
          type: 'object',
          properties: {
            pattern: { type: 'string', description: "The glob pattern to match against (e.g., '**/*.py', 'docs/*.md')." },
            path: { type: 'string', description: 'Optional: the absolute path to the directory to search within.' },
          },
          required: ['pattern'],
        },
      },
      {
        name: 'google_web_search',
        description: 'Performs a web search using Google Search (via the Gemini API) and returns the results.',
        parametersJsonSchema: {
          type: 'object',
          properties: { query: { type: 'string', description: 'The search query to find information on the web.' } },
          required: ['query'],
        },
      },
    ],
  },
];

const CLI_SYSTEM =
  'You are an interactive CLI agent specializing in software engineering tasks. Your primary goal is to help users ' +
  'safely and efficiently, adhering strictly to the following instructions and utilizing your available tools.\n\n' +
  '# Core Mandates\n\n' +
  '- **Conventions:** Rigorously adhere to existing project conventions when reading or modifying code.\n' +
  '- **Path Construction:** Before using any file system tool, construct the full absolute path for the file_path argument.\n' +
  '- **Parallelism:** Execute multiple independent tool calls in parallel when feasible.\n\n' +
  '# Final Reminder\n\nYou are an agent - please keep going until the user\u2019s query is completely resolved.';

const CLI_CONTEXT =
  "This is the Gemini CLI. We are setting up the context for our chat.\nToday's date is Thursday, January 1, 2026 " +
  `(formatted according to the user's locale).\nMy operating system is: linux\nI'm currently working in the directory: ${WORKSPACE}\n` +
  'Here is the folder structure of the current working directories:\n\n' +
  `Showing up to 200 items (files + folders).\n\n${WORKSPACE}/\n\u251c\u2500\u2500\u2500pom.xml\n\u2514\u2500\u2500\u2500src/\n` +
  '    \u251c\u2500\u2500\u2500main/...\n    \u2514\u2500\u2500\u2500test/...';

const PARSER_SOURCE = [
  'package com.example.http;',
  '',
  'import java.util.LinkedHashMap;',
  'import java.util.Locale;',
  'import java.util.Map;',
  '',
  'public final class Parser {',
  '    public static Map<String, String> parseHeaders(String block) {',
  '        Map<String, String> headers = new LinkedHashMap<>();',
  '        for (String line : block.split("\\r\\n")) {',
  '            if (line.isEmpty()) break;',
  '            parseHeader(line, headers);',
  '        }',
  '        return headers;',
  '    }',
  '',
  '    static void parseHeader(String line, Map<String, String> headers) {',
  '        String[] kv = line.split(":");',
  '        headers.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());',
  '    }',
  '}',
  '',
].join('\n');

// Gemini CLI's local tools, faked; a failing tool answers {error}, as the CLI sends it.
function runCliTool(name, args) {
  if (name === 'glob') {
    return {
      output: `Found 1 file(s) matching "${args.pattern}" within ${WORKSPACE}, sorted by modification time (newest first):\n${WORKSPACE}/src/test/java/com/example/http/ParserTest.java`,
    };
  }
  if (name === 'read_file') {
    if (args.absolute_path === `${WORKSPACE}/src/main/java/com/example/http/Parser.java`) return { output: PARSER_SOURCE };
    return { error: `File not found: ${args.absolute_path}` };
  }
  if (name === 'run_shell_command') {
    return {
      output: [
        `Command: ${args.command}`,
        'Directory: (root)',
        'Output: [ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0 <<< FAILURE! -- in com.example.http.ParserTest',
        '[ERROR] com.example.http.ParserTest.parsesHostWithPort -- Time elapsed: 0.006 s <<< FAILURE!',
        'org.opentest4j.AssertionFailedError: expected: <localhost:8080> but was: <localhost>',
        'Error: (none)',
        'Exit Code: 1',
        'Signal: (none)',
        'Background PIDs: (none)',
        'Process Group PGID: 4242',
      ].join('\n'),
    };
  }
  if (name === 'replace') return { output: `Successfully modified file: ${args.file_path} (1 replacements).` };
  return { error: `Tool "${name}" not found in registry.` };
}

// The CLI's loop: stream, run the function calls the model asked for, send the responses, until it answers.
let callSeq = 0;
async function cliLoop(ai, history, { tags, toolMs = 0 } = {}) {
  for (let call = 0; call < 8; call++) {
    const parts = await callStream(ai, {
      model: 'gemini-2.5-pro',
      contents: history,
      config: { systemInstruction: CLI_SYSTEM, tools: CLI_TOOLS, temperature: 0, topP: 1, thinkingConfig: { includeThoughts: true } },
    }, tags);
    if (!parts) break;
    history.push({ role: 'model', parts });
    const calls = parts.filter((p) => p.functionCall);
    if (calls.length === 0) break;
    if (toolMs > 0) await sleep(toolMs);
    // The CLI names each call itself (the model's calls carry no id) and answers with that id.
    history.push({
      role: 'user',
      parts: calls.map((p) => {
        callSeq++;
        const { name } = p.functionCall;
        const id = p.functionCall.id ?? `${name}-${1767225600000 + callSeq * 1000}-${(0x5eed00 + callSeq * 4099).toString(16)}`;
        const response = runCliTool(name, p.functionCall.args ?? {});
        log.toolResult(p.functionCall.id ?? null, response, 'error' in response, { name, clientId: id });
        return { functionResponse: { id, name, response } };
      }),
    });
  }
}

// the conversation's opening as the CLI sends it: its context, and the model's canned acknowledgement
const CLI_OPENING = [
  { role: 'user', parts: [{ text: CLI_CONTEXT }] },
  { role: 'model', parts: [{ text: 'Got it. Thanks for the context!' }] },
];
// the CLI's own session id (it stays in the CLI: nothing on this wire carries it)
const CLI_SESSION = '3e8d5f21-6a4c-4b7e-8d19-c2f0a7b5e946';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = new TurnLog();

// ---------------------------------------------------------------- scenarios

const SYSTEM_PROMPT =
  'You are an expert Java coding assistant embedded in the developer\u2019s IDE. ' +
  'Answer concisely, prefer standard-library solutions, and show code in fenced blocks.';

const scenarios = {
  async 'gemini-stream'() {
    await callStream(client(), {
      model: 'gemini-2.5-flash',
      contents: 'Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric characters.',
      config: { systemInstruction: SYSTEM_PROMPT, temperature: 0.2, tools: [{ googleSearch: {} }], thinkingConfig: { thinkingBudget: 0 } },
    });
  },

  async 'gemini-nonstream'() {
    const ai = client();
    // Not an LLM call, on the connection the next calls reuse.
    lastStatus = null;
    const counted = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents: 'Explain in two sentences what a Java record is.' });
    otherCalls.push({ method: 'POST', path: '/v1beta/models/gemini-2.5-flash:countTokens', status: lastStatus, total_tokens: counted.totalTokens });
    await callNonStream(ai, {
      model: 'gemini-2.5-flash',
      contents: 'Explain in two sentences what a Java record is.',
      config: { systemInstruction: SYSTEM_PROMPT, thinkingConfig: { thinkingBudget: 0 } },
    });
    // A thinking model with its thought summary, gzip-encoded.
    await callNonStream(ai, {
      model: 'gemini-2.5-pro',
      contents: 'Our Spring service does a lot of blocking JDBC calls. When should we switch it to virtual threads, and what are the pitfalls?',
      config: {
        systemInstruction: SYSTEM_PROMPT,
        thinkingConfig: { includeThoughts: true },
        httpOptions: { headers: { 'x-fixture-encoding': 'gzip' } },
      },
    });
    // Cut off by the token budget, brotli-encoded (the client says it takes br).
    await callNonStream(ai, {
      model: 'gemini-2.5-flash-lite',
      contents: 'Write a haiku about packet capture.',
      config: {
        maxOutputTokens: 12,
        httpOptions: { headers: { 'x-fixture-encoding': 'br', 'Accept-Encoding': 'br, gzip, deflate' } },
      },
    });
  },

  async 'gemini-agent-loop'() {
    const history = [...CLI_OPENING, { role: 'user', parts: [{ text: 'ParserTest is failing. Find out why and fix it.' }] }];
    await cliLoop(client({ headers: CLI_HEADERS }), history);
  },

  // Two user turns of one conversation: turn 1 reads the parser and answers, about 1.5 s later the follow-up (the
  // whole history plus the new prompt) is answered directly. One keep-alive connection.
  async 'gemini-multi-turn'() {
    const ai = client({ headers: CLI_HEADERS });
    const history = [...CLI_OPENING];
    const prompts = ['How does Parser.parseHeader handle a header value that contains a colon?', 'Would `line.split(":", 2)` fix it? Just answer, no edits.'];
    for (const [k, prompt] of prompts.entries()) {
      if (k > 0) await sleep(1500); // the user reads the answer and types the follow-up
      history.push({ role: 'user', parts: [{ text: prompt }] });
      await cliLoop(ai, history, { tags: log.turn(log.open(CLI_SESSION, prompt)), toolMs: 40 });
    }
  },

  async 'gemini-errors'() {
    const ai = client();
    const ask = 'Summarise the diff in one sentence.';
    await callNonStream(ai, { model: 'gemini-2.5-pro', contents: ask, config: { thinkingConfig: { thinkingBudget: 0 } } });
    await callStream(ai, { model: 'gemini-2.5-flash', contents: ask, config: { httpOptions: { headers: { 'x-fixture-fail': '429' } } } });
    await callNonStream(ai, { model: 'gemini-2.5-flash', contents: ask, config: { httpOptions: { headers: { 'x-fixture-fail': '500' } } } });
    await callNonStream(ai, { model: 'gemini-2.5-pro', contents: ask, config: { httpOptions: { headers: { 'x-fixture-fail': '503' } } } });
    await callStream(ai, {
      model: 'gemini-2.5-flash',
      contents: 'Explain in two sentences what a Java record is.',
      config: { thinkingConfig: { thinkingBudget: 0 }, httpOptions: { headers: { 'x-fixture-fail': 'midstream' } } },
    });
    await callNonStream(ai, { model: 'gemini-2.5-flash', contents: ask, config: { httpOptions: { headers: { 'x-fixture-fail': 'blocked' } } } });
  },

  async 'gemini-long-stream'() {
    await callStream(client(), {
      model: 'gemini-2.5-flash',
      contents: 'Print the capture log, one word per token.',
      config: { thinkingConfig: { thinkingBudget: 0 }, httpOptions: { headers: { 'x-fixture-long': '1' } } },
    });
  },

  // No SDK asks for the JSON-array stream (they all send alt=sse): node's own fetch does, as raw REST users do.
  async 'gemini-json-array-stream'() {
    const url = `${BASE_URL}/v1beta/models/gemini-2.5-flash:streamGenerateContent`;
    const post = async (body, rec) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': API_KEY, ...(rec.fail ? { 'x-fixture-fail': rec.fail } : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, elements: JSON.parse(await response.text()) };
    };
    const rec = blank('gemini-2.5-flash', true);
    llmCalls.push(rec);
    const { status, elements } = await post(
      {
        contents: [{ role: 'user', parts: [{ text: 'Our Spring service does a lot of blocking JDBC calls. When should we switch it to virtual threads?' }] }],
        generationConfig: { thinkingConfig: { includeThoughts: true } },
      },
      {},
    );
    rec.status = status;
    rec.chunks = elements.length;
    for (const el of elements) {
      if (el.modelVersion) rec.model = el.modelVersion;
      if (el.responseId) rec.response_id = el.responseId;
      const cand = el.candidates?.[0];
      readParts(rec, cand?.content?.parts, rec.tool_calls);
      if (cand?.finishReason) rec.finish_reason = cand.finishReason;
      if (el.usageMetadata) applyUsage(rec, el.usageMetadata);
    }
    const failed = blank('gemini-2.5-flash', true);
    llmCalls.push(failed);
    const r2 = await post({ contents: [{ role: 'user', parts: [{ text: 'Summarise the diff in one sentence.' }] }] }, { fail: '429' });
    failed.status = r2.status;
    const error = r2.elements?.[0]?.error;
    failed.error_code = error?.code ?? null;
    failed.error_type = error?.status ?? null;
    failed.error_message = error?.message ?? null;
  },

  // Vertex AI express mode (an API key, no project): .../publishers/google/models/{model}:generateContent.
  async 'gemini-vertex'() {
    const ai = client({ vertexai: true });
    await callNonStream(ai, {
      model: 'gemini-2.5-flash',
      contents: 'Explain in two sentences what a Java record is.',
      config: { thinkingConfig: { thinkingBudget: 0 } },
    });
    await callStream(ai, {
      model: 'gemini-2.5-flash',
      contents: 'Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric characters.',
      config: { systemInstruction: SYSTEM_PROMPT, thinkingConfig: { thinkingBudget: 0 } },
    });
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; expected one of ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
await run();

const observed = {
  scenario,
  sdk: scenario === 'gemini-json-array-stream' ? `node ${process.version} fetch + JSON.parse (no SDK sends the JSON-array stream)` : `npm @google/genai ${SDK_VERSION}`,
  llm_calls: llmCalls,
  other_calls: otherCalls,
};
const turns = log.summary(llmCalls);
if (turns.length > 0) observed.turns = turns;
fs.writeFileSync(outPath, JSON.stringify(observed, null, 2) + '\n');
console.log(`${scenario}: ${llmCalls.length} LLM call(s), ${otherCalls.length} other call(s) -> ${outPath}`);
