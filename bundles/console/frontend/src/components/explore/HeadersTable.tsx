import { parseJson } from "../JsonView";
import "../../styles/explore.css";

/** Header pairs from the API's JSON string of [[name, value], …] (or an array already parsed). */
export function headerPairs(headers: string | [string, string][] | null | undefined): [string, string][] {
  const v = typeof headers === "string" ? parseJson(headers) : headers;
  if (!Array.isArray(v)) return [];
  return v
    .filter((p): p is [unknown, unknown] => Array.isArray(p) && p.length >= 2)
    .map(([k, val]) => [String(k), String(val)]);
}

/** Headers as a two-column table; every name and value is a text node. */
export function HeadersTable({
  headers,
  testId,
}: {
  headers: string | [string, string][] | null | undefined;
  testId?: string;
}) {
  const pairs = headerPairs(headers);
  if (pairs.length === 0) return <div className="muted">No headers stored</div>;
  return (
    <table className="headers-table" data-testid={testId}>
      <tbody>
        {pairs.map(([k, v], i) => (
          <tr key={i}>
            <th className="mono">{k}</th>
            <td className="mono">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
