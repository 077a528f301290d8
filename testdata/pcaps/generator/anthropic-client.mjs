// Drives the real npm `@anthropic-ai/sdk` against the fake Anthropic server and records what the SDK observed.
//
// Usage: node anthropic-client.mjs <scenario> <port> <observed-json-path>
//        node anthropic-client.mjs --list        (the scenarios it makes, one a line)
//
// The observed file is the independent oracle for Egret's end-to-end tests: every value in it comes
// from the objects / stream events the SDK handed back, never from the server's code.
//
// The agent scenarios send what Claude Code 2.1.x sends (User-Agent claude-cli/…, x-app: cli,
// anthropic-beta, X-Claude-Code-Session-Id, ?beta=true, a cached system prompt as text blocks, its
// tools); the plain ones look like a generic application using the SDK as shipped.

import fs from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { VERSION } from '@anthropic-ai/sdk/version';
import { TurnLog } from './turn-truth.mjs';

const SCENARIOS = [
  'anthropic-stream',
  'anthropic-nonstream',
  'anthropic-agent-loop',
  'anthropic-errors',
  'anthropic-long-stream',
  'anthropic-multi-turn-session',
  'anthropic-subagent',
];
const [scenario, portArg, outPath] = process.argv.slice(2);
if (scenario === '--list') {
  console.log(SCENARIOS.join('\n'));
  process.exit(0);
}
if (!scenario || !portArg || !outPath) {
  console.error('usage: node anthropic-client.mjs <scenario> <port> <observed-json-path>');
  process.exit(2);
}

const baseURL = `http://127.0.0.1:${portArg}`;
const API_KEY = 'sk-ant-api03-FIXTUREKEY000000000000000000000000000000000000000000000000000000000000000000-AAAAAA';

// A generic application: the SDK as shipped.
const plain = new Anthropic({ baseURL, apiKey: API_KEY, maxRetries: 0, timeout: 30_000 });

// Claude Code on the wire: one client per session (the session id is a default header and in metadata.user_id).
const SESSION_ID = 'd5beaa29-b48e-4d1e-aea8-d4342bde647f';
const DEVICE_ID = '94d5707f326f803e3bbcc529dd2f3edd28548a4c971496cb67be48babfd1fef2';
function claudeCodeSession(sessionId) {
  const client = new Anthropic({
    baseURL,
    apiKey: null,
    authToken: 'sk-ant-oat01-FIXTUREKEY0000000000000000000000000000000000000000000000000000000000000-AAAAAA',
    maxRetries: 0,
    timeout: 600_000,
    dangerouslyAllowBrowser: true,
    defaultHeaders: {
      'User-Agent': 'claude-cli/2.1.104 (external, cli)',
      'anthropic-version': '2023-06-01',
      'x-app': 'cli',
      'X-Claude-Code-Session-Id': sessionId,
    },
  });
  return {
    id: sessionId,
    messages: client.beta.messages,
    metadata: { user_id: JSON.stringify({ device_id: DEVICE_ID, account_uuid: '', session_id: sessionId }) },
  };
}
const BETAS = [
  'claude-code-20250219',
  'oauth-2025-04-20',
  'interleaved-thinking-2025-05-14',
  'context-management-2025-06-27',
  'prompt-caching-scope-2026-01-05',
];

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
    stop_sequence: null,
    input_tokens: null,
    output_tokens: null,
    cached_tokens: null,
    cache_creation_tokens: null,
    reasoning_tokens: null,
    tool_calls: [],
    content: null,
    thinking: null,
    error_code: null,
    error_type: null,
    error_message: null,
  };
}

function applyMessage(rec, msg) {
  rec.model = msg.model ?? null;
  rec.finish_reason = msg.stop_reason ?? null;
  rec.stop_sequence = msg.stop_sequence ?? null;
  const u = msg.usage ?? {};
  rec.input_tokens = u.input_tokens ?? null;
  rec.output_tokens = u.output_tokens ?? null;
  rec.cached_tokens = u.cache_read_input_tokens ?? null;
  rec.cache_creation_tokens = u.cache_creation_input_tokens ?? null;
  const texts = msg.content.filter((b) => b.type === 'text').map((b) => b.text);
  rec.content = texts.length ? texts.join('') : null;
  const thinking = msg.content.filter((b) => b.type === 'thinking').map((b) => b.thinking);
  rec.thinking = thinking.length ? thinking.join('') : null;
  rec.tool_calls = msg.content
    .filter((b) => b.type === 'tool_use')
    .map((b) => ({ id: b.id, name: b.name, arguments: JSON.stringify(b.input) }));
}

function applyError(rec, err) {
  if (!(err instanceof Anthropic.APIError)) throw err;
  rec.status = err.status ?? rec.status ?? null;
  rec.request_id = err.requestID ?? rec.request_id ?? null;
  rec.error_code = err.errorCode ?? null;
  rec.error_type = err.type ?? null;
  rec.error_message = err.apiMessage ?? null;
}

// Non-streaming: the Message the SDK returns. `tags` (turn-truth.mjs) lead the call's record.
async function callNonStream(api, params, options, tags = {}) {
  const rec = { ...tags, ...blank(params.model, false) };
  llmCalls.push(rec);
  try {
    const { data, response, request_id } = await api.create(params, options).withResponse();
    rec.status = response.status;
    rec.request_id = request_id ?? null;
    if (response.headers.get('content-encoding')) rec.content_encoding = response.headers.get('content-encoding');
    applyMessage(rec, data);
    return data;
  } catch (err) {
    applyError(rec, err);
    return null;
  }
}

// Streaming through the SDK's MessageStream helper: its finalMessage() is the SDK's own accumulation.
async function callStreamHelper(api, params, options, tags = {}) {
  const rec = { ...tags, ...blank(params.model, true) };
  llmCalls.push(rec);
  const stream = api.stream(params, options);
  try {
    const { response, request_id } = await stream.withResponse();
    rec.status = response.status;
    rec.request_id = request_id ?? null;
    let events = 0;
    stream.on('streamEvent', () => events++);
    const msg = await stream.finalMessage();
    rec.events = events;
    applyMessage(rec, msg);
    return msg;
  } catch (err) {
    applyError(rec, err);
    return null;
  }
}

// Streaming with raw events, accumulated the way an application iterating the SDK stream does.
async function callStreamRaw(api, params, options) {
  const rec = blank(params.model, true);
  llmCalls.push(rec);
  try {
    const { data: stream, response, request_id } = await api.create({ ...params, stream: true }, options).withResponse();
    rec.status = response.status;
    rec.request_id = request_id ?? null;
    const blocks = [];
    let msg = null;
    let events = 0;
    try {
      for await (const ev of stream) {
        events++;
        if (ev.type === 'message_start') msg = { ...ev.message, usage: { ...ev.message.usage } };
        else if (ev.type === 'content_block_start') blocks[ev.index] = { ...ev.content_block, _json: '' };
        else if (ev.type === 'content_block_delta') {
          const b = blocks[ev.index];
          if (ev.delta.type === 'text_delta') b.text += ev.delta.text;
          else if (ev.delta.type === 'thinking_delta') b.thinking += ev.delta.thinking;
          else if (ev.delta.type === 'input_json_delta') b._json += ev.delta.partial_json;
        } else if (ev.type === 'message_delta') {
          msg.stop_reason = ev.delta.stop_reason;
          msg.stop_sequence = ev.delta.stop_sequence;
          for (const [k, v] of Object.entries(ev.usage ?? {})) if (v != null) msg.usage[k] = v;
        }
      }
    } finally {
      rec.events = events;
      if (msg) {
        msg.content = blocks.filter(Boolean).map(({ _json, ...b }) => (b.type === 'tool_use' && _json ? { ...b, input: JSON.parse(_json) } : b));
        applyMessage(rec, msg);
      }
    }
    return msg;
  } catch (err) {
    applyError(rec, err);
    return null;
  }
}

// ---------------------------------------------------------------- Claude Code's request shape

const CLAUDE_SYSTEM = [
  { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.104.1f7; cc_entrypoint=cli; cch=a4799;' },
  { type: 'text', text: 'You are Claude Code, Anthropic\u2019s official CLI for Claude.', cache_control: { type: 'ephemeral' } },
  {
    type: 'text',
    text:
      '\nYou are an interactive agent that helps users with software engineering tasks. Use the instructions below ' +
      'and the tools available to you to assist the user.\n\n# Doing tasks\n - Read code before changing it.\n' +
      ' - Run independent tool calls in parallel.\n - Keep answers short; the user sees your text in a terminal.\n\n' +
      'Here is useful information about the environment you are running in:\n<env>\nWorking directory: /workspace/http-demo\n' +
      'Is directory a git repo: Yes\nPlatform: linux\n</env>',
    cache_control: { type: 'ephemeral' },
  },
];
const schema = (properties, required) => ({ type: 'object', properties, required, additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#' });
const CLAUDE_TOOLS = [
  {
    name: 'Agent',
    description: 'Launch a new agent to handle complex, multi-step tasks autonomously.',
    input_schema: schema({ description: { type: 'string' }, prompt: { type: 'string' }, subagent_type: { type: 'string' } }, ['description', 'prompt']),
  },
  {
    name: 'Bash',
    description: 'Executes a given bash command and returns its output.',
    input_schema: schema({ command: { type: 'string' }, description: { type: 'string' }, timeout: { type: 'number' } }, ['command']),
  },
  {
    name: 'Edit',
    description: 'Performs exact string replacements in files.',
    input_schema: schema({ file_path: { type: 'string' }, old_string: { type: 'string' }, new_string: { type: 'string' }, replace_all: { type: 'boolean', default: false } }, ['file_path', 'old_string', 'new_string']),
  },
  {
    name: 'Grep',
    description: 'A powerful search tool built on ripgrep.',
    input_schema: schema({ pattern: { type: 'string' }, path: { type: 'string' }, glob: { type: 'string' } }, ['pattern']),
  },
  {
    name: 'Read',
    description: 'Reads a file from the local filesystem.',
    input_schema: schema({ file_path: { type: 'string' }, offset: { type: 'number' }, limit: { type: 'number' } }, ['file_path']),
  },
  {
    name: 'TodoWrite',
    description: 'Create and manage a structured task list for your current coding session.',
    input_schema: schema({ todos: { type: 'array', items: { type: 'object' } } }, ['todos']),
    cache_control: { type: 'ephemeral' },
  },
];
// Claude Code posts to /v1/messages?beta=true
const CLAUDE_CODE_OPTIONS = { query: { beta: 'true' } };

// ---------------------------------------------------------------- fake local tools

const PARSER_JAVA = [
  'package com.example.http;',
  '',
  'import java.util.LinkedHashMap;',
  'import java.util.Locale;',
  'import java.util.Map;',
  '',
  'public final class Parser {',
  '    static void parseHeader(String line, Map<String, String> headers) {',
  '        String[] kv = line.split(":");',
  '        headers.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());',
  '    }',
  '}',
];
// ripgrep's content mode, by the folder searched
const GREP_MATCHES = {
  '/workspace/http-demo/src/main':
    'src/main/java/com/example/http/Parser.java:12:            parseHeader(line, headers);\n' +
    'src/main/java/com/example/http/Parser.java:17:    static void parseHeader(String line, Map<String, String> headers) {\n' +
    'src/main/java/com/example/http/Parser.java:18:        String[] kv = line.split(":");',
  '/workspace/http-demo/src/test':
    'src/test/java/com/example/http/ParserTest.java:21:    void parsesHostWithPort() {\n' +
    'src/test/java/com/example/http/ParserTest.java:22:        var h = Parser.parseHeaders("Host: localhost:8080\\r\\n\\r\\n");\n' +
    'src/test/java/com/example/http/ParserTest.java:27:        assertEquals("localhost:8080", h.get("host"));',
};
function runTool(name, input) {
  if (name === 'Read') {
    return { content: PARSER_JAVA.map((l, i) => `${String(i + 1).padStart(6)}\u2192${l}`).join('\n') };
  }
  if (name === 'Bash') {
    // Claude Code reports a non-zero exit as an error result, as text blocks
    return {
      is_error: true,
      content: [
        { type: 'text', text: 'Exit code 1' },
        {
          type: 'text',
          text:
            '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0 <<< FAILURE! -- in com.example.http.ParserTest\n' +
            '[ERROR] com.example.http.ParserTest.parsesHostWithPort -- <<< FAILURE!\n' +
            'org.opentest4j.AssertionFailedError: expected: <localhost:8080> but was: <localhost>',
        },
      ],
    };
  }
  if (name === 'Edit') return { content: `The file ${input.file_path} has been updated.` };
  if (name === 'Grep') return { content: GREP_MATCHES[input.path] ?? 'No matches found' };
  return { is_error: true, content: `<tool_use_error>No such tool available: ${name}</tool_use_error>` };
}

// ---------------------------------------------------------------- Claude Code's requests and loop

const MAIN_MODEL = 'claude-sonnet-4-5-20250929';
const SMALL_MODEL = 'claude-haiku-4-5-20251001';

// The main agent: the cached system prompt, every tool (Agent among them), thinking on.
function mainAgentParams(session, messages) {
  return {
    model: MAIN_MODEL,
    max_tokens: 32000,
    system: CLAUDE_SYSTEM,
    tools: CLAUDE_TOOLS,
    messages,
    metadata: session.metadata,
    thinking: { type: 'enabled', budget_tokens: 31999 },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    betas: BETAS,
  };
}

// A sub-agent (the built-in Explore agent): its own shorter system prompt on the small model, read-only tools and
// no Agent tool (a sub-agent cannot start agents), the session's headers and metadata.
const SUBAGENT_SYSTEM = [
  CLAUDE_SYSTEM[0],
  CLAUDE_SYSTEM[1],
  {
    type: 'text',
    text:
      'You are an agent for Claude Code, Anthropic\u2019s official CLI for Claude. Given the user\u2019s message, you should ' +
      'use the tools available to complete the task. Do what has been asked; nothing more, nothing less. When you ' +
      'complete the task simply respond with a detailed writeup.\n\nYou are a file search specialist: read-only, no edits.\n' +
      '<env>\nWorking directory: /workspace/http-demo\nPlatform: linux\n</env>',
    cache_control: { type: 'ephemeral' },
  },
];
const SUBAGENT_TOOLS = CLAUDE_TOOLS.filter((t) => ['Bash', 'Grep', 'Read'].includes(t.name));
function subAgentParams(session, messages) {
  return { model: SMALL_MODEL, max_tokens: 32000, system: SUBAGENT_SYSTEM, tools: SUBAGENT_TOOLS, messages, metadata: session.metadata, betas: BETAS };
}

// Session-title generation on the small model with tools: [] (an auxiliary call, in no turn).
function titleCall(session, prompt, tags) {
  return callNonStream(session.messages, {
    model: SMALL_MODEL,
    max_tokens: 512,
    system: [{ type: 'text', text: 'Summarize this coding conversation in under 50 characters. Return JSON with a single "title" field.' }],
    messages: [{ role: 'user', content: prompt }],
    tools: [],
    metadata: session.metadata,
    betas: ['oauth-2025-04-20'],
  }, CLAUDE_CODE_OPTIONS, tags);
}

const reminder = (text) => ({ type: 'text', text: `<system-reminder>\n${text}\n</system-reminder>` });
const REPO_REMINDER = 'As you answer the user\u2019s questions, you can use the following context: the repository is a small HTTP parser.';
const TODO_REMINDER =
  'This is a reminder that your todo list is currently empty. DO NOT mention this to the user explicitly because they ' +
  'are already aware. If you are working on tasks that would benefit from a todo list please use the TodoWrite tool to create one.';

// A user prompt as Claude Code sends it: system reminders first, and the messages' one cache breakpoint moved onto it
// (the API takes four breakpoints: two in the system prompt, one on the tools, one here).
function pushPrompt(messages, text, reminders = []) {
  for (const m of messages) if (Array.isArray(m.content)) for (const b of m.content) delete b.cache_control;
  messages.push({ role: 'user', content: [...reminders.map(reminder), { type: 'text', text, cache_control: { type: 'ephemeral' } }] });
}

// Claude Code's loop: stream, run the tools the model asked for, send their results back, until it answers.
// runTools(uses) gives the tool_result blocks. Returns the final message, null when a call failed.
async function agentLoop(session, messages, { params = mainAgentParams, runTools, tags = {} }) {
  for (let call = 0; call < 6; call++) {
    const msg = await callStreamHelper(session.messages, params(session, messages), CLAUDE_CODE_OPTIONS, tags);
    if (!msg) return null;
    messages.push({ role: 'assistant', content: msg.content });
    const uses = msg.content.filter((b) => b.type === 'tool_use');
    if (uses.length === 0) return msg;
    messages.push({ role: 'user', content: await runTools(uses) });
  }
  return null;
}

// The local tools, taking `ms` to run; each result is reported to the turn log.
function localTools(log, ms = 0) {
  return async (uses) => {
    if (ms > 0) await sleep(ms);
    return uses.map((u) => {
      const result = runTool(u.name, u.input);
      log?.toolResult(u.id, result.content, result.is_error === true);
      return { type: 'tool_result', tool_use_id: u.id, ...result };
    });
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const textOf = (msg) => msg.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
const log = new TurnLog();

// ---------------------------------------------------------------- scenarios

const APP_SYSTEM = 'You are a concise Java assistant inside a code-review web app. Show code in fenced blocks.';

const scenarios = {
  async 'anthropic-stream'() {
    await callStreamRaw(plain.messages, {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: APP_SYSTEM,
      stop_sequences: ['END'],
      temperature: 0.2,
      messages: [{ role: 'user', content: 'Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric characters.' }],
    });
  },

  async 'anthropic-nonstream'() {
    const page = await plain.models.list().withResponse();
    otherCalls.push({ method: 'GET', path: '/v1/models', status: page.response.status, model_ids: page.data.data.map((m) => m.id) });
    const messages = [{ role: 'user', content: 'Explain in two sentences what a Java record is.' }];
    const count = await plain.messages.countTokens({ model: 'claude-haiku-4-5', system: APP_SYSTEM, messages }).withResponse();
    otherCalls.push({ method: 'POST', path: '/v1/messages/count_tokens', status: count.response.status, input_tokens: count.data.input_tokens });
    await callNonStream(plain.messages, { model: 'claude-haiku-4-5', max_tokens: 512, system: APP_SYSTEM, messages });
    // gzip-encoded message
    await callNonStream(
      plain.messages,
      {
        model: 'claude-sonnet-4-5',
        max_tokens: 2048,
        system: APP_SYSTEM,
        messages: [{ role: 'user', content: 'Our Spring service does blocking JDBC calls. When should we switch to virtual threads?' }],
      },
      { headers: { 'x-fixture-encoding': 'gzip' } },
    );
    // brotli-encoded message cut by its token budget
    await callNonStream(
      plain.messages,
      {
        model: 'claude-opus-4-1',
        max_tokens: 24,
        system: APP_SYSTEM,
        messages: [{ role: 'user', content: 'Same question about virtual threads, but for a batch job.' }],
      },
      { headers: { 'x-fixture-encoding': 'br' } },
    );
  },

  async 'anthropic-agent-loop'() {
    const session = claudeCodeSession(SESSION_ID);
    const prompt = 'ParserTest is failing. Find out why and fix it.';
    await titleCall(session, prompt);
    const messages = [];
    pushPrompt(messages, prompt, [REPO_REMINDER]);
    await agentLoop(session, messages, { runTools: localTools() });
  },

  // Two user turns in one session, on one keep-alive connection: a title call, then turn 1 (Read, its result, the
  // answer), then the follow-up, which re-sends the whole history plus the new prompt and is answered directly.
  async 'anthropic-multi-turn-session'() {
    const session = claudeCodeSession('7c0e93f4-5b2d-4a8e-9f61-2d4b8a7e13c5');
    const first = 'How does Parser.parseHeader handle a header value that contains a colon?';
    await titleCall(session, first, log.side(session.id, 'title'));
    await sleep(120);
    const messages = [];
    pushPrompt(messages, first, [REPO_REMINDER]);
    await agentLoop(session, messages, { runTools: localTools(log, 40), tags: log.turn(log.open(session.id, first)) });
    await sleep(1500); // the user reads the answer and types the follow-up
    const followUp = 'Would `line.split(":", 2)` fix it? Just answer, no edits.';
    pushPrompt(messages, followUp, [TODO_REMINDER]);
    await agentLoop(session, messages, { runTools: localTools(log, 40), tags: log.turn(log.open(session.id, followUp)) });
  },

  // The main agent starts two Explore sub-agents at once (two Agent tool_use blocks); each runs its own loop (Grep,
  // then its report) while the other does, over two connections; the main agent gets both reports and answers.
  async 'anthropic-subagent'() {
    const session = claudeCodeSession('2f6a1d87-0c3e-4b59-a7d4-91e5c3b8f260');
    const prompt = 'Where is the Host header parsed, and do our tests cover a Host with a port?';
    const turn = log.open(session.id, prompt);
    const messages = [];
    pushPrompt(messages, prompt, [REPO_REMINDER]);
    const runAgents = (uses) =>
      Promise.all(
        uses.map(async (u, k) => {
          await sleep(k * 25); // Claude Code starts them one after the other
          const sub = [];
          pushPrompt(sub, u.input.prompt);
          const tags = log.turn(turn, `subagent:${u.input.subagent_type}:${k + 1}`);
          const report = await agentLoop(session, sub, { params: subAgentParams, runTools: localTools(log, 60), tags });
          const content = [{ type: 'text', text: report ? textOf(report) : 'The agent failed.' }];
          log.toolResult(u.id, content, !report);
          return { type: 'tool_result', tool_use_id: u.id, content };
        }),
      );
    await agentLoop(session, messages, { runTools: runAgents, tags: log.turn(turn) });
  },

  async 'anthropic-errors'() {
    const ask = (extra = {}) => ({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: APP_SYSTEM,
      messages: [{ role: 'user', content: 'Summarise the diff in one sentence.' }],
      ...extra,
    });
    await callNonStream(plain.messages, ask({ max_tokens: 64001 }));
    await callStreamRaw(plain.messages, ask(), { headers: { 'x-fixture-error': 'rate_limit' } });
    await callStreamRaw(plain.messages, ask(), { headers: { 'x-fixture-error': 'overloaded' } });
    await callNonStream(plain.messages, ask(), { headers: { 'x-fixture-error': 'api_error' } });
    await callStreamRaw(plain.messages, ask({ messages: [{ role: 'user', content: 'What is a Java record?' }] }), {
      headers: { 'x-fixture-error': 'midstream' },
    });
  },

  async 'anthropic-long-stream'() {
    await callStreamRaw(
      plain.messages,
      {
        model: 'claude-haiku-4-5',
        max_tokens: 8192,
        messages: [{ role: 'user', content: 'Describe, at length, how server-sent events stream model output.' }],
      },
      { headers: { 'x-fixture-long': '3000' } },
    );
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; expected one of ${SCENARIOS.join(', ')}`);
  process.exit(2);
}
await run();

const observed = { scenario, sdk: `npm @anthropic-ai/sdk ${VERSION}`, llm_calls: llmCalls, other_calls: otherCalls };
const turns = log.summary(llmCalls);
if (turns.length > 0) observed.turns = turns;
fs.writeFileSync(outPath, JSON.stringify(observed, null, 2) + '\n');
console.log(`${scenario}: ${llmCalls.length} LLM call(s), ${otherCalls.length} other call(s) -> ${outPath}`);
