import { fmtMs } from "../../format";
import "../../styles/explore.css";

/** request → first byte → first token → complete, as one bar (times epoch ms; missing marks are skipped). */
export function TimingBar({
  request,
  firstByte,
  firstToken,
  complete,
}: {
  request: number;
  firstByte: number | null | undefined;
  firstToken: number | null | undefined;
  complete: number | null | undefined;
}) {
  const end = complete ?? firstToken ?? firstByte ?? request;
  const span = Math.max(1, end - request);
  const marks = [
    ["first byte", firstByte],
    ["first token", firstToken],
    ["complete", complete],
  ].filter((m): m is [string, number] => typeof m[1] === "number");
  let prev = request;
  const segments = marks.map(([label, t], i) => {
    const w = Math.max(0, t - prev);
    const seg = { label: `${i === 0 ? "request" : marks[i - 1][0]} → ${label}: ${fmtMs(w)}`, width: (w / span) * 100, stream: i > 0 };
    prev = t;
    return seg;
  });
  return (
    <div data-testid="timing-bar">
      <div className="timing-bar">
        {segments.map((s, i) => (
          <span key={i} className={s.stream ? "timing-stream" : "timing-wait"} style={{ width: s.width + "%", opacity: s.stream ? 0.55 + 0.3 * i : 1 }} title={s.label} />
        ))}
      </div>
      <div className="timing-labels">
        <span>request 0</span>
        {marks.map(([label, t]) => (
          <span key={label}>
            {label} +{fmtMs(t - request)}
          </span>
        ))}
      </div>
    </div>
  );
}
