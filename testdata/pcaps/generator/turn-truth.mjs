// The ground truth about agent turns that a client script knows, for its observed file: which turn and session each
// call belongs to (as the script defines them), and what became of every tool call the model asked for.
//
// A script opens a turn when the user asks, tags every call it makes with turn(…) or side(…), and reports each tool
// result it sends back with toolResult(…); summary(llmCalls) then lists the turns. Calls of a proxy's upstream leg
// (leg "proxy-upstream") repeat the turn on another connection: they are counted apart, as proxied_calls.

import { createHash } from 'node:crypto';

const UPSTREAM = 'proxy-upstream';

export class TurnLog {
  #turns = []; // {session, user_input}
  #results = new Map(); // tool-call id -> {failed, digest}
  #unnamed = new Map(); // tool name -> results of calls without an id (Gemini's), in the order they were sent

  /** Opens a user turn of a session; returns its index. */
  open(session, userInput) {
    this.#turns.push({ session, user_input: userInput });
    return this.#turns.length - 1;
  }

  /** Tags for a call of turn `turn`: made by the main agent, or by a sub-agent (`agent` names it). */
  turn(turn, agent = 'main', extra = {}) {
    return { turn, session: this.#turns[turn].session, agent, ...extra };
  }

  /** Tags for a side call of a session (e.g. title generation): in no turn. */
  side(session, kind) {
    return { turn: null, session, agent: `side:${kind}` };
  }

  /**
   * The client sent the result of tool call `id` back; `failed` when it says the tool failed. A call the model gave
   * no id (Gemini) is named instead: `name`, and the id the client made for its result, `clientId`.
   */
  toolResult(id, result, failed = false, { name, clientId } = {}) {
    const text = typeof result === 'string' ? result : JSON.stringify(result);
    const r = { failed, digest: createHash('sha256').update(text).digest('hex'), clientId };
    if (id != null) this.#results.set(id, r);
    else this.#unnamed.set(name, [...(this.#unnamed.get(name) ?? []), r]);
  }

  /** Per turn: session, calls, whether it ended with a final answer, its tool calls and what became of them. */
  summary(llmCalls) {
    const unnamed = new Map([...this.#unnamed].map(([name, rs]) => [name, [...rs]]));
    return this.#turns.map((t, index) => {
      const calls = llmCalls.filter((c) => c.turn === index);
      const own = calls.filter((c) => c.leg !== UPSTREAM);
      const main = own.filter((c) => c.agent === 'main');
      const last = main[main.length - 1];
      const seen = new Set();
      const tools = [];
      for (const c of own) {
        for (const tc of c.tool_calls) {
          if (tc.id != null && seen.has(tc.id)) continue;
          seen.add(tc.id);
          const r = tc.id != null ? this.#results.get(tc.id) : unnamed.get(tc.name)?.shift();
          tools.push({
            id: tc.id,
            ...(r?.clientId ? { client_id: r.clientId } : {}),
            name: tc.name,
            ...(c.agent === 'main' ? {} : { agent: c.agent }),
            result_sent: r !== undefined,
            failed: r ? r.failed : null,
            _key: `${tc.name}\n${canonical(tc.arguments)}\n${r?.digest ?? ''}`,
          });
        }
      }
      const subagents = [...new Set(own.filter((c) => c.agent !== 'main').map((c) => c.agent))];
      const out = {
        turn: index,
        session: t.session,
        user_input: t.user_input,
        calls: own.length,
        ...(subagents.length ? { main_agent_calls: main.length, subagents } : {}),
        ...(calls.length > own.length ? { proxied_calls: calls.length - own.length } : {}),
        final_answer: !!last && last.status === 200 && last.tool_calls.length === 0 && !!last.content,
        tool_calls: tools.map(({ _key, ...tc }) => tc),
        failed_tool_calls: tools.filter((tc) => tc.failed).map((tc) => tc.id ?? tc.client_id),
      };
      const loop = planLoop(tools);
      if (loop) out.plan_loop = loop;
      return out;
    });
  }
}

// The longest run (3 or more) of one tool called with the same arguments and answered with the same result.
function planLoop(tools) {
  let best = null;
  for (let i = 0; i < tools.length; ) {
    let j = i + 1;
    while (j < tools.length && tools[j]._key === tools[i]._key && tools[i].result_sent) j++;
    if (j - i >= 3 && (!best || j - i > best.repeats)) {
      best = { tool: tools[i].name, arguments: tools[i]._key.split('\n')[1], repeats: j - i };
    }
    i = j;
  }
  return best;
}

function canonical(args) {
  try {
    return JSON.stringify(JSON.parse(args));
  } catch {
    return String(args);
  }
}
