// Drives the real npm `openai` SDK against the fake server and records what the SDK observed.
//
// Usage: node agent-client.mjs <scenario> <port> <observed-json-path>
//        node agent-client.mjs --list        (the scenarios it makes, one a line)
//
// The observed file is the independent oracle for Egret's end-to-end tests: every value in it
// comes from the objects / stream events the SDK handed back, never from the server's code.

import fs from 'node:fs';
import OpenAI from 'openai';
import { VERSION } from 'openai/version';
import { chatCalls } from './openai-chat-calls.mjs';
import { TurnLog } from './turn-truth.mjs';
import * as hostile from './hostile-content.mjs';

const [scenario, portArg, outPath] = process.argv.slice(2);
if (scenario === '--list') {
  console.log(['chat-stream', 'chat-nonstream', 'chat-tools', 'chat-error', 'chat-ipv6', 'chat-cooked',
    'chat-pcapng', 'chat-vlan', 'chat-qinq', 'chat-midcall', 'chat-two-agents', 'chat-vllm', 'chat-sglang',
    'chat-ollama', 'chat-llamacpp', 'chat-litellm', 'chat-plan-loop', 'chat-proxy-hop', 'chat-hostile-content'].join('\n'));
  process.exit(0);
}
if (!scenario || !portArg || !outPath) {
  console.error('usage: node agent-client.mjs <scenario> <port> <observed-json-path>');
  process.exit(2);
}

// FIXTURE_HOST (set by generate.sh): the server's address, 127.0.0.1 unless the scenario needs IPv6 or a VLAN
const host = process.env.FIXTURE_HOST ?? '127.0.0.1';
const hostInUrl = host.includes(':') ? `[${host}]` : host;

function makeClient(defaultHeaders = {}, apiKey = 'sk-proj-FIXTUREKEY0000000000000000000000000000') {
  return new OpenAI({
    baseURL: `http://${hostInUrl}:${portArg}/v1`,
    apiKey,
    maxRetries: 0,
    timeout: 30_000,
    defaultHeaders,
  });
}
const client = makeClient();

const llmCalls = [];
const otherCalls = [];

const { callNonStream, callStream } = chatCalls(llmCalls, client);
const log = new TurnLog();

// ---------------------------------------------------------------- fake local tools

const FAKE_FILES = {
  'src/main/java/com/example/http/Parser.java': [
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
  ].join('\n'),
};

function runTool(name, argsJson) {
  let args;
  try {
    args = JSON.parse(argsJson);
  } catch {
    return `error: arguments are not valid JSON: ${argsJson}`;
  }
  if (name === 'read_file') {
    return FAKE_FILES[args.path] ?? `error: ${args.path}: No such file or directory`;
  }
  if (name === 'run_shell') {
    return [
      `$ ${args.command}`,
      '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.041 s <<< FAILURE! -- in com.example.http.ParserTest',
      '[ERROR] com.example.http.ParserTest.parsesHostWithPort -- Time elapsed: 0.006 s <<< FAILURE!',
      'org.opentest4j.AssertionFailedError: expected: <localhost:8080> but was: <localhost>',
      '\tat com.example.http.ParserTest.parsesHostWithPort(ParserTest.java:27)',
      '[ERROR] Failures: ',
      '[ERROR]   ParserTest.parsesHostWithPort:27 expected: <localhost:8080> but was: <localhost>',
      '[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0',
      'exit status 1',
    ].join('\n');
  }
  if (name === 'search_code') return `No matches for "${args.query}" in ${args.path}.`;
  return `error: unknown tool ${name}`;
}

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a UTF-8 text file from the workspace and return its contents.',
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'Path relative to the repository root.' },
        },
        required: ['path'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'run_shell',
      description: 'Run a shell command in the repository root and return its combined stdout and stderr.',
      parameters: {
        type: 'object',
        properties: {
          command: { type: 'string', description: 'The command line to run with bash -lc.' },
          timeout_ms: { type: 'integer', description: 'Kill the command after this many milliseconds.' },
        },
        required: ['command'],
        additionalProperties: false,
      },
    },
  },
];

// The plan-loop agent's tools: it searches the code and could read a file.
const SEARCH_TOOLS = [
  TOOLS[0],
  {
    type: 'function',
    function: {
      name: 'search_code',
      description: 'Search the repository for a literal string and return the matching lines with their file and line number.',
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'The literal text to search for.' },
          path: { type: 'string', description: 'The folder to search, relative to the repository root.' },
        },
        required: ['query', 'path'],
        additionalProperties: false,
      },
    },
  },
];

// ---------------------------------------------------------------- agent shapes

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const CODING_SYSTEM =
  'You are a coding agent working in the repository at /workspace/http-demo. ' +
  'Use the tools to inspect files and run commands before answering. ' +
  'Call independent tools in parallel.';
const CODING_TASK = 'ParserTest is failing. Find out why and tell me how to fix it.';

// A coding agent's loop: call (streamed unless stream is false), run the tools the model asked for (in parallel),
// send the results, until it answers. Each tool result goes to the turn log; `tags` lead every call's record.
async function toolLoop(api, { model = 'gpt-4o-mini', question = CODING_TASK, tools = TOOLS, stream = true, parallel = true, tags, toolMs = 0 } = {}) {
  const messages = [
    { role: 'system', content: CODING_SYSTEM },
    { role: 'user', content: question },
  ];
  for (let turn = 0; turn < 8; turn++) {
    const params = {
      model,
      messages,
      tools,
      tool_choice: 'auto',
      parallel_tool_calls: parallel,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    };
    const assistant = await (stream ? callStream : callNonStream)(params, undefined, api, { tags });
    if (!assistant) break;
    messages.push(stream ? assistant : { role: 'assistant', content: assistant.content, tool_calls: assistant.tool_calls });
    if (!assistant.tool_calls?.length) break;
    if (toolMs > 0) await sleep(toolMs);
    for (const tc of assistant.tool_calls) {
      const content = runTool(tc.function.name, tc.function.arguments);
      log.toolResult(tc.id, content, content.startsWith('error:') || /\nexit status [1-9]/.test(content));
      messages.push({ role: 'tool', tool_call_id: tc.id, content });
    }
  }
}

// The records of a proxy's upstream leg (fake-litellm-proxy.mjs wrote them to `file`), each put after the call of
// this client it served (its for_request) and tagged with that call's turn and session.
function withUpstreamLeg(calls, file) {
  const upstream = JSON.parse(fs.readFileSync(file, 'utf8'));
  return calls.flatMap((rec, i) => [
    rec,
    ...upstream
      .filter((u) => u.for_request === i + 1)
      .map(({ for_request, ...u }) => ({ turn: rec.turn, session: rec.session, agent: rec.agent, leg: 'proxy-upstream', ...u })),
  ]);
}

async function selfHosted(model, plainModel = model) {
  await callStream(
    {
      model,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: 'Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric characters.' },
      ],
      stream_options: { include_usage: true },
    },
  );
  await callNonStream({
    model: plainModel,
    messages: [{ role: 'user', content: 'Explain in two sentences what a Java record is.' }],
    max_tokens: 200,
  });
}

// One streamed question and answer.
async function streamOnce(api, question) {
  return callStream(
    {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: question },
      ],
      temperature: 0.2,
      stream_options: { include_usage: true },
    },
    undefined,
    api,
  );
}

// The hostile-content session: markup in the prompts, the tool arguments and results, the answers, a model name and a
// request header. The tools "read" a web page that holds the payloads.
function hostileTool(name) {
  if (name === 'read_file') {
    return `<!doctype html><html><head>${hostile.SCRIPT}</head><body>${hostile.IMG}` +
      `<form><input value="${hostile.SVG}"></form></body></html>`;
  }
  return `docs/index.html:7:${hostile.IMG}\ndocs/index.html:9:<input value="${hostile.SVG}">\n${hostile.SVG}`;
}

// One user turn of the hostile session: its calls until the answer, the messages kept for the next turn.
async function hostileTurn(api, messages, question, { model, stream, parallel, tools = TOOLS, toolChoice = 'auto' }) {
  const tags = log.turn(log.open('chat-hostile-content/agent', question));
  messages.push({ role: 'user', content: question });
  for (let step = 0; step < 4; step++) {
    const params = {
      model,
      messages,
      tools,
      tool_choice: toolChoice,
      ...(toolChoice === 'none' ? {} : { parallel_tool_calls: parallel }),
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    };
    const assistant = await (stream ? callStream : callNonStream)(params, undefined, api, { tags });
    if (!assistant) return;
    messages.push({ role: 'assistant', content: assistant.content, ...(assistant.tool_calls?.length ? { tool_calls: assistant.tool_calls } : {}) });
    if (!assistant.tool_calls?.length) return;
    await sleep(30);
    for (const tc of assistant.tool_calls) {
      const content = hostileTool(tc.function.name);
      log.toolResult(tc.id, content, false);
      messages.push({ role: 'tool', tool_call_id: tc.id, content });
    }
  }
}

// ---------------------------------------------------------------- scenarios

const SYSTEM_PROMPT =
  'You are an expert Java coding assistant embedded in the developer\u2019s IDE. ' +
  'Answer concisely, prefer standard-library solutions, and show code in fenced blocks.';

const scenarios = {
  async 'chat-stream'() {
    await callStream({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        {
          role: 'user',
          content: 'Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric characters.',
        },
      ],
      temperature: 0.2,
      stream_options: { include_usage: true },
    });
  },

  async 'chat-nonstream'() {
    // Non-LLM traffic first, on what the SDK's fetch pool keeps alive.
    const { data: page, response } = await client.models.list().withResponse();
    otherCalls.push({
      method: 'GET',
      path: '/v1/models',
      status: response.status,
      model_ids: page.data.map((m) => m.id),
    });
    await callNonStream({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: 'Explain in two sentences what a Java record is.' },
      ],
      temperature: 0.2,
      max_tokens: 256,
    });
    // Reasoning model, gzip-encoded response, and a completion cut off by the token budget.
    await callNonStream(
      {
        model: 'o4-mini',
        messages: [
          { role: 'developer', content: SYSTEM_PROMPT },
          {
            role: 'user',
            content:
              'Our Spring service does a lot of blocking JDBC calls. When should we switch it to virtual threads, and what are the pitfalls?',
          },
        ],
        reasoning_effort: 'low',
        max_completion_tokens: 300,
      },
      { headers: { 'x-fixture-gzip': '1' } },
    );
  },

  async 'chat-tools'() {
    await toolLoop(client);
  },

  // The same agent loop over IPv6 loopback.
  async 'chat-ipv6'() {
    await toolLoop(client);
  },

  // Captured on the "any" device: Linux cooked capture (SLL2) framing.
  async 'chat-cooked'() {
    await streamOnce(client, 'Write a Java method `reverseWords(String s)` that keeps the whitespace runs.');
  },

  // Captured by dumpcap, which writes pcapng.
  async 'chat-pcapng'() {
    await streamOnce(client, 'Write a Java method `isLeapYear(int year)` with the Gregorian rules.');
    await callNonStream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Explain in two sentences what a Java sealed interface is.' }],
      max_tokens: 200,
    });
  },

  // Between two network namespaces over an 802.1Q VLAN, and over QinQ (802.1ad outside 802.1Q).
  async 'chat-vlan'() {
    await streamOnce(client, 'Write a Java method `clamp(int v, int lo, int hi)`.');
  },
  async 'chat-qinq'() {
    await streamOnce(client, 'Write a Java method `gcd(long a, long b)` without recursion.');
  },

  // Two streams one after the other (the SDK opens a second connection for the second); generate.sh cuts the
  // capture so that it starts in the middle of the first one's response.
  async 'chat-midcall'() {
    await streamOnce(client, 'Explain, with code, how to read a large file line by line in Java without loading it whole.');
    await streamOnce(client, 'Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric characters.');
  },

  // OpenAI-compatible servers other than OpenAI (generate.sh starts the fake server with FIXTURE_FLAVOR): the
  // appliance must tell them apart by their headers and body quirks. A streamed and a plain call each.
  async 'chat-vllm'() {
    await selfHosted('Qwen/Qwen2.5-Coder-7B-Instruct');
  },
  async 'chat-sglang'() {
    await selfHosted('meta-llama/Llama-3.1-8B-Instruct');
  },
  async 'chat-ollama'() {
    await selfHosted('qwen2.5-coder:7b');
  },
  async 'chat-llamacpp'() {
    await selfHosted('gpt-oss-20b');
  },
  // LiteLLM in front of Anthropic; its fallback answers the gpt-4o call with gpt-4o-mini
  async 'chat-litellm'() {
    await selfHosted('claude-sonnet-4-5', 'gpt-4o');
  },

  // Two agents at once on one capture: an opencode-shaped session and a plain SDK agent, their calls interleaved.
  async 'chat-two-agents'() {
    const opencode = makeClient({
      'User-Agent': 'opencode/0.15.2 ai-sdk/provider-utils/3.0.9 runtime/node',
      'x-session-affinity': 'ses_6b1f0c2a9e7d4f30a1b2c3d4',
    });
    const plain = makeClient();
    await Promise.all([
      toolLoop(opencode),
      (async () => {
        await sleep(40);
        await streamOnce(plain, 'Write a Java method `isPalindrome(String s)` that ignores case and non-alphanumeric characters.');
        await sleep(20);
        await streamOnce(plain, 'Now make it work on a CharSequence without copying.');
      })(),
    ]);
  },

  // A plan loop: the agent searches for the same string in the same folder four times, gets the same empty result
  // each time, and gives up with a final answer. Non-streaming calls on one keep-alive connection.
  async 'chat-plan-loop'() {
    const question = 'Where is the HTTP client\u2019s retry limit configured? Find the setting.';
    const tags = log.turn(log.open('chat-plan-loop/agent', question));
    await toolLoop(client, { model: 'gpt-4.1-mini', question, tools: SEARCH_TOOLS, stream: false, parallel: false, tags, toolMs: 60 });
  },

  // A proxy hop (generate.sh's -proxy-hop variant): this client talks to the LiteLLM-like proxy, which forwards every
  // call to the fake OpenAI server at another address; the proxy's router sends the second call to its fallback
  // model. One tool-loop turn: read_file, its result, the answer.
  async 'chat-proxy-hop'() {
    const tags = log.turn(log.open('chat-proxy-hop/agent', CODING_TASK), 'main', { leg: 'client' });
    const viaProxy = makeClient({}, 'sk-FIXTUREKEYlitellmVirtual0');
    await toolLoop(viaProxy, { model: 'gpt-4o', parallel: false, tags, toolMs: 40 });
  },

  // Untrusted markup everywhere a console shows captured text: three user turns of one conversation (two tool loops, one
  // streamed and one not, then a direct answer), the last two asking for a model whose name is markup, every call
  // carrying a request header that is markup too.
  async 'chat-hostile-content'() {
    const api = makeClient({ 'x-request-id': hostile.ALL });
    const messages = [{ role: 'system', content: CODING_SYSTEM }];
    await hostileTurn(api, messages, `Our docs page shows ${hostile.ALL} to visitors. Find where it comes from.`,
      { model: 'gpt-4o-mini', stream: true, parallel: true });
    await hostileTurn(api, messages, `Check the page once more for ${hostile.SCRIPT} and ${hostile.IMG}.`,
      { model: hostile.HOSTILE_MODEL, stream: false, parallel: false });
    await hostileTurn(api, messages, `Is ${hostile.SVG} dangerous when shown as plain text?`,
      { model: hostile.HOSTILE_MODEL, stream: true, parallel: false, toolChoice: 'none' });
  },

  async 'chat-error'() {
    // Streaming request that is refused before any SSE is sent: a JSON error body instead.
    await callStream({
      model: 'gpt-4o-mini-ratelimited',
      messages: [{ role: 'user', content: 'Summarise the diff in one sentence.' }],
      stream_options: { include_usage: true },
    });
    await callNonStream({
      model: 'no-such-model',
      messages: [{ role: 'user', content: 'Summarise the diff in one sentence.' }],
    });
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; expected one of ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
await run();

const upstreamLeg = process.env.FIXTURE_UPSTREAM_OBSERVED;
const calls = upstreamLeg ? withUpstreamLeg(llmCalls, upstreamLeg) : llmCalls;
const observed = {
  scenario,
  sdk: `npm openai ${VERSION}`,
  llm_calls: calls,
  other_calls: otherCalls,
};
const turns = log.summary(calls);
if (turns.length > 0) observed.turns = turns;
fs.writeFileSync(outPath, JSON.stringify(observed, null, 2) + '\n');
console.log(`${scenario}: ${calls.length} LLM call(s), ${otherCalls.length} other call(s) -> ${outPath}`);
