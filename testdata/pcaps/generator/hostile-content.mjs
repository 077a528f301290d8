// The markup payloads of the hostile-content capture (chat-hostile-content): captured text that a console must show
// as text and never run. Shared by the client, which sends them, and the fake server, whose "model" answers with them.

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '<img src=x onerror=alert(2)>';
export const SVG = '"><svg onload=alert(3)>';
export const ALL = `${SCRIPT} ${IMG} ${SVG}`;

/** A conversation is hostile when any of its messages carries the script payload. */
export function isHostile(messages) {
  return JSON.stringify(messages ?? []).includes(SCRIPT);
}

/** The model name the hostile scenario asks for in its second turn, and the fake server serves it under. */
export const HOSTILE_MODEL = `gpt-4o-mini${SCRIPT}${IMG}${SVG}`;

/** Tool arguments the fake model asks for: every string a payload. */
export const HOSTILE_TOOL_ARGS = {
  read_file: { path: `docs/${SCRIPT}.html`, note: IMG },
  run_shell: { command: `grep -rn '${IMG}' docs/ && echo '${SVG}'`, timeout_ms: 5000 },
};

/** The fake model's answer once it has the tool results. */
export const HOSTILE_ANSWER =
  `The page docs/index.html embeds ${SCRIPT} in its head, an ${IMG} tag in the body and the attribute breakout ` +
  `${SVG} in a form field. Escape all three before rendering: they run as soon as a browser parses them as HTML.`;

/** The fake model's answer to a question it answers without tools. */
export const HOSTILE_DIRECT_ANSWER = `Rendered as text they are harmless: ${ALL}`;
