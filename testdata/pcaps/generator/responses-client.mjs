// Drives the real npm `openai` SDK's Responses API (client.responses.create, streaming and not)
// against fake-responses-server.mjs and records what the SDK observed.
//
// Usage: node responses-client.mjs <scenario> <port> <observed-json-path>
//        node responses-client.mjs --list        (the scenarios it makes, one a line)
//
// The observed file is the independent oracle for Egret's end-to-end tests: every value in it
// comes from the objects / stream events the SDK handed back, never from the server's code.

import fs from 'node:fs';
import OpenAI from 'openai';
import { VERSION } from 'openai/version';
import { TurnLog } from './turn-truth.mjs';

const SCENARIOS = [
  'responses-stream',
  'responses-nonstream',
  'responses-tools',
  'responses-codex',
  'responses-reasoning',
  'responses-error',
  'responses-stream-failed',
  'responses-long-stream',
  'responses-unfinished',
];

const [scenario, portArg, outPath] = process.argv.slice(2);
if (scenario === '--list') {
  console.log(SCENARIOS.join('\n'));
  process.exit(0);
}
if (!scenario || !portArg || !outPath) {
  console.error('usage: node responses-client.mjs <scenario> <port> <observed-json-path>');
  process.exit(2);
}

const API_KEY = 'sk-proj-FIXTUREKEY0000000000000000000000000000';
const baseURL = `http://127.0.0.1:${portArg}/v1`;
const client = new OpenAI({ baseURL, apiKey: API_KEY, maxRetries: 0, timeout: 30_000 });

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

function applyResponse(rec, r) {
  rec.model = r.model ?? null;
  rec.finish_reason = r.status ?? null;
  rec.response_id = r.id ?? null;
  if (r.usage) {
    rec.input_tokens = r.usage.input_tokens ?? null;
    rec.output_tokens = r.usage.output_tokens ?? null;
    rec.cached_tokens = r.usage.input_tokens_details?.cached_tokens ?? null;
    rec.reasoning_tokens = r.usage.output_tokens_details?.reasoning_tokens ?? null;
  }
  if (r.incomplete_details) rec.incomplete_reason = r.incomplete_details.reason ?? null;
  if (r.error) {
    rec.error_code = r.error.code ?? null;
    rec.error_message = r.error.message ?? null;
  }
}

function toolCallOf(item) {
  switch (item.type) {
    case 'function_call':
      return { id: item.call_id, name: item.name, arguments: item.arguments };
    case 'custom_tool_call':
      return { id: item.call_id, name: item.name, arguments: item.input };
    default:
      return null;
  }
}

function applyError(rec, err) {
  if (!(err instanceof OpenAI.APIError)) throw err;
  rec.status = err.status ?? rec.status;
  rec.request_id = err.requestID ?? rec.request_id;
  rec.error_code = err.code ?? null;
  rec.error_type = err.type ?? null;
  rec.error_message = err.error?.message ?? null;
}

// One non-streaming call; returns the response's output items (or null on API error).
async function callNonStream(params, requestOptions, c = client, tags = {}) {
  const rec = { ...tags, ...blank(params.model, false) };
  llmCalls.push(rec);
  try {
    const { data, response, request_id } = await c.responses.create(params, requestOptions).withResponse();
    rec.status = response.status;
    rec.request_id = request_id ?? null;
    applyResponse(rec, data);
    rec.content = data.output_text || null;
    rec.tool_calls = (data.output ?? []).map(toolCallOf).filter(Boolean);
    if (response.headers.get('content-encoding')) rec.content_encoding = response.headers.get('content-encoding');
    return data.output ?? [];
  } catch (err) {
    applyError(rec, err);
    return null;
  }
}

// One streaming call, consumed event by event as Codex does: text from output_text deltas, items from
// output_item.done, identity/usage/status from the final response event. Returns the output items.
async function callStream(params, requestOptions, c = client, tags = {}) {
  const rec = { ...tags, ...blank(params.model, true) };
  llmCalls.push(rec);
  const items = [];
  try {
    const { data: stream, response, request_id } = await c.responses
      .create({ ...params, stream: true }, requestOptions)
      .withResponse();
    rec.status = response.status;
    rec.request_id = request_id ?? null;
    let events = 0;
    for await (const event of stream) {
      events++;
      switch (event.type) {
        case 'response.created':
          rec.model = event.response.model ?? null;
          break;
        case 'response.output_text.delta':
          rec.content = (rec.content ?? '') + event.delta;
          break;
        case 'response.reasoning_summary_text.delta':
          rec.reasoning_summary = (rec.reasoning_summary ?? '') + event.delta;
          break;
        case 'response.output_item.done':
          items[event.output_index] = event.item;
          break;
        case 'response.completed':
        case 'response.incomplete':
        case 'response.failed':
          applyResponse(rec, event.response);
          break;
        case 'error':
          rec.error_code = event.code ?? null;
          rec.error_message = event.message ?? null;
          break;
        default:
          break;
      }
    }
    rec.events = events;
    const done = items.filter(Boolean);
    rec.tool_calls = done.map(toolCallOf).filter(Boolean);
    return done;
  } catch (err) {
    applyError(rec, err);
    return null;
  }
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the generic app's tools

const GENERIC_TOOLS = [
  {
    type: 'function',
    name: 'read_file',
    description: 'Read a UTF-8 text file from the workspace and return its contents.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'Path relative to the repository root.' } },
      required: ['path'],
      additionalProperties: false,
    },
    strict: true,
  },
  {
    type: 'function',
    name: 'run_tests',
    description: 'Run the test classes matching a selector and return the report.',
    parameters: {
      type: 'object',
      properties: {
        selector: { type: 'string', description: 'Test class or method selector.' },
        timeout_ms: { type: 'integer', description: 'Stop the run after this many milliseconds.' },
      },
      required: ['selector', 'timeout_ms'],
      additionalProperties: false,
    },
    strict: true,
  },
  { type: 'web_search' },
];

const PARSER_SOURCE = [
  'package com.example.http;',
  '',
  'public final class Parser {',
  '    static void parseHeader(String line, Map<String, String> headers) {',
  '        String[] kv = line.split(":");',
  '        headers.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());',
  '    }',
  '}',
  '',
].join('\n');

// A tool run that failed says so in its item: status "incomplete" (the runner killed it).
function runGenericTool(call) {
  const args = JSON.parse(call.arguments);
  if (call.name === 'read_file') {
    return { type: 'function_call_output', call_id: call.call_id, output: PARSER_SOURCE };
  }
  return {
    type: 'function_call_output',
    call_id: call.call_id,
    output: `run_tests ${args.selector}: killed after ${args.timeout_ms} ms (timeout); no report was written`,
    status: 'incomplete',
  };
}

const log = new TurnLog();

// The generic app's tool loop: call, run the function calls asked for, send their outputs back, until the model
// answers. After `interruptAfter` calls the client stops without sending the last call's outputs (the user quit).
async function genericToolLoop(input, params, { stream = false, tags = {}, interruptAfter = Infinity } = {}) {
  for (let call = 1; call <= 4; call++) {
    const output = await (stream ? callStream : callNonStream)({ model: params.model, input, ...params }, undefined, client, tags);
    if (!output) break;
    const calls = output.filter((i) => i.type === 'function_call');
    if (calls.length === 0 || call >= interruptAfter) break;
    for (const item of output) input.push(asInput(item));
    for (const c of calls) {
      const result = runGenericTool(c);
      log.toolResult(c.call_id, result.output, result.status === 'incomplete');
      input.push(result);
    }
    await pause(30);
  }
}

// ---------------------------------------------------------------- Codex CLI on the wire

const CODEX_VERSION = '0.118.0';
const CODEX_SESSION = '019d861f-b3ad-76c3-94f2-9c640f156276';
const CODEX_TURN = '019d8620-4fe3-7ef3-b806-0979ec3df1b8';
const CODEX_UA = `codex_cli_rs/${CODEX_VERSION} (Ubuntu 24.4.0; x86_64) xterm-256color (codex_cli_rs; ${CODEX_VERSION})`;
// Codex is not the JS SDK: drop the SDK's own x-stainless-* headers and send Codex's.
const codexClient = new OpenAI({
  baseURL,
  apiKey: API_KEY,
  maxRetries: 0,
  timeout: 30_000,
  defaultHeaders: {
    'User-Agent': CODEX_UA,
    Accept: 'text/event-stream',
    originator: 'codex_cli_rs',
    session_id: CODEX_SESSION,
    'x-client-request-id': CODEX_SESSION,
    'x-codex-turn-metadata': JSON.stringify({
      session_id: CODEX_SESSION,
      turn_id: CODEX_TURN,
      workspaces: { '/home/dev/httpkit': { associated_remote_urls: { origin: 'git@example.com:dev/httpkit.git' }, latest_git_commit_hash: 'd67eccbb4d1c973bf6a3c05cc3f243a78b31a569', has_changes: true } },
      sandbox: 'linux-landlock',
    }),
    'X-Stainless-Lang': null,
    'X-Stainless-Package-Version': null,
    'X-Stainless-OS': null,
    'X-Stainless-Arch': null,
    'X-Stainless-Runtime': null,
    'X-Stainless-Runtime-Version': null,
    'X-Stainless-Retry-Count': null,
    'X-Stainless-Timeout': null,
  },
});

const CODEX_INSTRUCTIONS =
  'You are Codex, a coding agent based on GPT-5. You and the user share the same workspace and collaborate to achieve the user\u2019s goals.\n\n' +
  '# General\n\n- When searching for text or files, prefer using `rg` or `rg --files` respectively because `rg` is much faster than alternatives like `grep`.\n' +
  '- Parallelize tool calls whenever possible, especially file reads.\n\n## Editing constraints\n\n' +
  '- Default to ASCII when editing or creating files.\n- Always use apply_patch for manual code edits.\n' +
  '- You may be in a dirty git worktree. NEVER revert existing changes you did not make unless explicitly requested.\n\n' +
  '## Plan tool\n\nWhen using the planning tool, skip it for straightforward tasks; do not make single-step plans.\n';

const CODEX_TOOLS = [
  {
    type: 'function',
    name: 'shell',
    description: 'Runs a shell command and returns its output.',
    strict: false,
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'array', items: { type: 'string' }, description: 'The command to execute' },
        workdir: { type: 'string', description: 'The working directory to execute the command in' },
        timeout_ms: { type: 'number', description: 'The timeout for the command in milliseconds' },
        with_escalated_permissions: { type: 'boolean', description: 'Whether to request escalated permissions. Set to true if command needs to be run without sandbox restrictions' },
        justification: { type: 'string', description: 'Only set if with_escalated_permissions is true. 1-sentence explanation of why we want to run this command.' },
      },
      required: ['command'],
      additionalProperties: false,
    },
  },
  {
    type: 'function',
    name: 'update_plan',
    description: 'Updates the task plan.\nProvide an optional explanation and a list of plan items, each with a step and status.\nAt most one step can be in_progress at a time.\n',
    strict: false,
    parameters: {
      type: 'object',
      properties: {
        explanation: { type: 'string' },
        plan: {
          type: 'array',
          items: {
            type: 'object',
            properties: { status: { type: 'string', description: 'One of: pending, in_progress, completed' }, step: { type: 'string' } },
            required: ['step', 'status'],
            additionalProperties: false,
          },
          description: 'The list of steps',
        },
      },
      required: ['plan'],
      additionalProperties: false,
    },
  },
  {
    type: 'custom',
    name: 'apply_patch',
    description: 'Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.',
    format: {
      type: 'grammar',
      syntax: 'lark',
      definition:
        'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF\nend_patch: "*** End Patch" LF?\n\nhunk: add_hunk | delete_hunk | update_hunk\nadd_hunk: "*** Add File: " filename LF add_line+\ndelete_hunk: "*** Delete File: " filename LF\nupdate_hunk: "*** Update File: " filename LF change_move? change?\n\nfilename: /(.+)/\nadd_line: "+" /(.*)/ LF -> line\n\nchange_move: "*** Move to: " filename LF\nchange: (change_context | change_line)+ eof_line?\nchange_context: ("@@" | "@@ " /(.+)/) LF\nchange_line: ("+" | "-" | " ") /(.*)/ LF\neof_line: "*** End of File" LF\n\n%import common.LF\n',
    },
  },
  { type: 'web_search', external_web_access: false },
];

function userMessage(text) {
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}

// Codex sends each finished item back as it came (store:false, so nothing lives server-side).
function asInput(item) {
  switch (item.type) {
    case 'reasoning':
      return { type: 'reasoning', summary: item.summary ?? [], content: null, encrypted_content: item.encrypted_content ?? null };
    case 'message':
      return { type: 'message', role: 'assistant', content: item.content.map((c) => ({ type: 'output_text', text: c.text })) };
    case 'function_call':
      return { type: 'function_call', name: item.name, arguments: item.arguments, call_id: item.call_id };
    case 'custom_tool_call':
      return { type: 'custom_tool_call', call_id: item.call_id, name: item.name, input: item.input };
    default:
      return item;
  }
}

// Codex's shell tool output: a JSON text with the output and the exit code.
const SHELL_RESULTS = [
  { output: 'src/parser.rs:41:fn parse_header(line: &str) -> Option<(String, String)> {\n', metadata: { exit_code: 0, duration_seconds: 0.1 } },
  {
    output:
      'running 4 tests\ntest parser::tests::parses_simple_header ... ok\ntest parser::tests::parses_host_with_port ... FAILED\n' +
      'test parser::tests::parses_empty_value ... ok\ntest parser::tests::rejects_missing_colon ... ok\n\nfailures:\n\n' +
      "---- parser::tests::parses_host_with_port stdout ----\nthread 'parser::tests::parses_host_with_port' panicked at src/parser.rs:88:9:\n" +
      'assertion `left == right` failed\n  left: "localhost"\n right: "localhost:8080"\n\ntest result: FAILED. 3 passed; 1 failed; 0 ignored\n',
    metadata: { exit_code: 101, duration_seconds: 2.4 },
  },
];

// ---------------------------------------------------------------- scenarios

const APP_INSTRUCTIONS = 'You are a concise Java tutor inside a code-review app. Answer in a few sentences and show code in fenced blocks.';

const scenarios = {
  async 'responses-stream'() {
    await callStream({
      model: 'gpt-4.1-mini',
      instructions: APP_INSTRUCTIONS,
      input: 'Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric characters.',
      temperature: 0.2,
    });
  },

  async 'responses-nonstream'() {
    // Several calls one after the other: the SDK's keep-alive pool reuses one connection.
    const first = await callNonStream({
      model: 'gpt-4.1-mini',
      instructions: APP_INSTRUCTIONS,
      input: 'Explain in two sentences what a Java record is.',
      max_output_tokens: 256,
    });
    await pause(50);
    // Retrieving a stored response is not an LLM call.
    const id = llmCalls[0].response_id;
    if (first && id) {
      const { data, response } = await client.responses.retrieve(id).withResponse();
      otherCalls.push({ method: 'GET', path: `/v1/responses/${id}`, status: response.status, response_status: data.status });
    }
    await pause(50);
    await callNonStream(
      {
        model: 'gpt-4.1-mini',
        input: [userMessage('What do sealed interfaces buy me in a switch?')],
        store: false,
      },
      { headers: { 'x-fixture-encoding': 'gzip' } },
    );
    await pause(50);
    await callNonStream(
      {
        model: 'gpt-4.1-mini',
        input: [userMessage('When should a Spring service use virtual threads?')],
        store: false,
      },
      { headers: { 'x-fixture-encoding': 'br', 'accept-encoding': 'gzip, deflate, br' } },
    );
  },

  async 'responses-tools'() {
    const input = [
      { role: 'system', content: 'You are a coding agent for the repository /workspace/http-demo. Use the tools; call independent tools in parallel.' },
      { role: 'user', content: 'ParserTest is failing. Find out why.' },
    ];
    await genericToolLoop(input, { model: 'gpt-4.1-mini', tools: GENERIC_TOOLS, parallel_tool_calls: true, store: false });
  },

  // Two sessions of one app, told apart by prompt_cache_key: a short turn that completes (read_file, its output, the
  // answer), then a turn that never does: its second call asks for run_tests, and the user interrupts the agent a
  // second later, before the result is sent (the process exits: its connection closes, the capture ends).
  async 'responses-unfinished'() {
    const turn = async (session, question, tools, interruptAfter) => {
      const input = [
        { role: 'system', content: 'You are a coding agent for the repository /workspace/http-demo. Use the tools before answering.' },
        { role: 'user', content: question },
      ];
      const params = { model: 'gpt-4.1-mini', tools, parallel_tool_calls: false, store: false, prompt_cache_key: session };
      await genericToolLoop(input, params, { stream: true, tags: log.turn(log.open(session, question)), interruptAfter });
    };
    await turn('5b9e2c70-3f1a-4d8b-9c62-0e7a4f1d2b83', 'What does `Parser.parseHeader` do with an empty header value?', GENERIC_TOOLS.slice(0, 1));
    await pause(400);
    await turn('c81f4a06-92d7-4e3b-b5a0-6d2e9f7c1a48', 'Check why ParserTest fails: read the parser, then run ParserTest.', GENERIC_TOOLS.slice(0, 2), 2);
    await pause(1000);
  },

  async 'responses-codex'() {
    const input = [
      userMessage('<user_instructions>\n\n# AGENTS.md\n\nRun `cargo test` before proposing a change. Keep patches minimal.\n\n</user_instructions>'),
      userMessage('<environment_context>\n  <cwd>/home/dev/httpkit</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n  <shell>bash</shell>\n</environment_context>'),
      userMessage('parse_header drops the port from Host headers. Find the bug and fix it.'),
    ];
    for (let turn = 0; turn < 5; turn++) {
      const output = await callStream(
        {
          model: 'gpt-5-codex',
          instructions: CODEX_INSTRUCTIONS,
          input,
          tools: CODEX_TOOLS,
          tool_choice: 'auto',
          parallel_tool_calls: true,
          reasoning: { effort: 'medium' },
          store: false,
          include: ['reasoning.encrypted_content'],
          prompt_cache_key: CODEX_SESSION,
        },
        undefined,
        codexClient,
      );
      if (!output) break;
      const calls = output.filter((i) => i.type === 'function_call' || i.type === 'custom_tool_call');
      for (const item of output) input.push(asInput(item));
      if (calls.length === 0) break;
      let shell = 0;
      for (const call of calls) {
        if (call.type === 'function_call') {
          input.push({ type: 'function_call_output', call_id: call.call_id, output: JSON.stringify(SHELL_RESULTS[shell++ % SHELL_RESULTS.length]) });
        } else {
          input.push({ type: 'custom_tool_call_output', call_id: call.call_id, output: 'Success. Updated the following files:\nM src/parser.rs\n' });
        }
      }
    }
  },

  async 'responses-reasoning'() {
    await callStream({
      model: 'o4-mini',
      input: 'Our Spring service does a lot of blocking JDBC calls. Should we switch it to virtual threads?',
      reasoning: { effort: 'medium', summary: 'auto' },
    });
    await pause(50);
    // The budget runs out while the model is still reasoning: status incomplete, no answer text.
    await callStream({
      model: 'o4-mini',
      input: 'And what are the pitfalls of virtual threads with JDBC?',
      reasoning: { effort: 'high', summary: 'auto' },
      max_output_tokens: 200,
    });
  },

  async 'responses-error'() {
    // A streaming request refused before any event: a JSON error body instead.
    await callStream({ model: 'gpt-4.1-mini-ratelimited', input: 'Summarise the diff in one sentence.' });
    await callNonStream({ model: 'gpt-5-mini', input: 'Summarise the diff in one sentence.', temperature: 0.2 });
    await callNonStream({ model: 'gpt-4.1-mini', input: 'Summarise the diff in one sentence.' }, { headers: { 'x-fixture-fail': '500' } });
    await callStream({ model: 'gpt-4.1-mini', input: 'Summarise the diff in one sentence.' }, { headers: { 'x-fixture-fail': '503' } });
  },

  async 'responses-stream-failed'() {
    await callStream(
      { model: 'gpt-4.1-mini', instructions: APP_INSTRUCTIONS, input: 'Explain in two sentences what a Java record is.' },
      { headers: { 'x-fixture-fail': 'stream' } },
    );
  },

  async 'responses-long-stream'() {
    await callStream(
      { model: 'gpt-4.1-mini', input: 'Give me a step-by-step review plan for the capture pipeline.' },
      { headers: { 'x-fixture-long': '1' } },
    );
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; expected one of ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
await run();

const observed = { scenario, sdk: `npm openai ${VERSION}`, llm_calls: llmCalls, other_calls: otherCalls };
const turns = log.summary(llmCalls);
if (turns.length > 0) observed.turns = turns;
fs.writeFileSync(outPath, JSON.stringify(observed, null, 2) + '\n');
console.log(`${scenario}: ${llmCalls.length} LLM call(s), ${otherCalls.length} other call(s) -> ${outPath}`);
