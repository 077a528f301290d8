import { useMemo } from "react";
import type { EChartsCoreOption } from "echarts/core";
import { Chart } from "../../charts/Chart";
import { fmtCount } from "../../format";
import { PALETTES } from "../../state/palette";
import { useTheme } from "../../state/theme";

export interface TopologyNode {
  server_ip: string;
  server_port: number | null;
  app: string;
  models: string[];
  call_count: number;
}

export interface TopologyEdge {
  from_ip: string;
  from_port: number | null;
  to_ip: string;
  to_port: number | null;
  turn_count: number;
  call_count: number;
  kind: "proxy" | "inferred" | "client" | string;
}

export const CLIENTS = "__clients__";

export function endpointId(ip: string, port: number | null | undefined): string {
  return ip + ":" + (port ?? "?");
}

export function nodeLabel(n: Pick<TopologyNode, "server_ip" | "server_port">): string {
  return n.server_ip === CLIENTS ? "clients" : endpointId(n.server_ip, n.server_port);
}

/**
 * Columns of a layered layout: the depth of each node from the clients node (breadth first over the edges). Nodes
 * the clients never reach start new roots at column 0 (or 1 when there is a clients node) so every node gets one.
 */
export function layerColumns(nodes: TopologyNode[], edges: TopologyEdge[]): Map<string, number> {
  const ids = nodes.map((n) => endpointId(n.server_ip, n.server_port));
  const out = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  for (const e of edges) {
    const f = endpointId(e.from_ip, e.from_port);
    const t = endpointId(e.to_ip, e.to_port);
    if (f === t) continue;
    out.set(f, [...(out.get(f) ?? []), t]);
    incoming.set(t, (incoming.get(t) ?? 0) + 1);
  }
  const depth = new Map<string, number>();
  const walk = (root: string, d: number) => {
    depth.set(root, d);
    const queue = [root];
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const next of out.get(id) ?? []) {
        if (!depth.has(next)) {
          depth.set(next, depth.get(id)! + 1);
          queue.push(next);
        }
      }
    }
  };
  const clientsId = endpointId(CLIENTS, 0);
  const hasClients = ids.includes(clientsId);
  if (hasClients) walk(clientsId, 0);
  const base = hasClients ? 1 : 0;
  for (const id of ids.filter((i) => !depth.has(i) && !incoming.get(i))) walk(id, base);
  for (const id of ids) if (!depth.has(id)) walk(id, base); // cycles among unreached nodes
  return depth;
}

/**
 * The directed graph clients → proxies → backends, laid out in columns by depth. Labels and tooltips are plain
 * text on the canvas (renderMode richText): endpoint names and models come from captured traffic.
 */
export function TopologyGraph({ nodes, edges, height = 420 }: { nodes: TopologyNode[]; edges: TopologyEdge[]; height?: number }) {
  const theme = useTheme();
  // a phone-width screen: no edge labels, smaller margins and nodes, so the columns fit
  const narrow = typeof window !== "undefined" && window.innerWidth < 640;
  const option = useMemo<EChartsCoreOption>(() => {
    const p = PALETTES[theme];
    const cols = layerColumns(nodes, edges);
    const perCol = new Map<number, string[]>();
    const sortedNodes = [...nodes].sort((a, b) => b.call_count - a.call_count);
    for (const n of sortedNodes) {
      const id = endpointId(n.server_ip, n.server_port);
      const c = cols.get(id) ?? 0;
      perCol.set(c, [...(perCol.get(c) ?? []), id]);
    }
    const tallest = Math.max(1, ...[...perCol.values()].map((v) => v.length));
    const maxCol = Math.max(1, ...perCol.keys());
    const pos = new Map<string, [number, number]>();
    for (const [c, list] of perCol) {
      list.forEach((id, i) => pos.set(id, [c, ((i + 0.5) * tallest) / list.length]));
    }
    const apps = [...new Set(nodes.map((n) => n.app || "unknown"))];
    const weight = (e: TopologyEdge) => (e.turn_count > 0 ? e.turn_count : e.call_count);
    const maxW = Math.max(1, ...edges.map(weight));
    const maxCalls = Math.max(1, ...nodes.map((n) => n.call_count));
    const nodeById = new Map(nodes.map((n) => [endpointId(n.server_ip, n.server_port), n]));
    return {
      animation: false,
      grid: { left: narrow ? 40 : 90, right: narrow ? 40 : 90, top: 30, bottom: apps.length > 1 ? 60 : 40 },
      xAxis: { type: "value", show: false, min: -0.05, max: Math.max(1, maxCol) + 0.05 },
      yAxis: { type: "value", show: false, min: 0, max: tallest, inverse: true },
      legend: apps.length > 1 ? { bottom: 0, data: apps, type: "scroll" } : undefined,
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        confine: true,
        formatter: (params: { dataType?: string; data?: { id?: string; source?: string; target?: string; edge?: TopologyEdge } }) => {
          if (params.dataType === "edge" && params.data?.edge) {
            const e = params.data.edge;
            const src = nodeById.get(params.data.source ?? "");
            const dst = nodeById.get(params.data.target ?? "");
            return [
              `${src ? nodeLabel(src) : params.data.source} → ${dst ? nodeLabel(dst) : params.data.target}`,
              `kind: ${e.kind}`,
              `calls: ${fmtCount(e.call_count)}`,
              `turns: ${fmtCount(e.turn_count)}`,
            ].join("\n");
          }
          const n = nodeById.get(params.data?.id ?? "");
          if (!n) return "";
          const models = n.models.length > 0 ? n.models.slice(0, 6).join(", ") + (n.models.length > 6 ? ", …" : "") : "–";
          return [nodeLabel(n), `app: ${n.app || "unknown"}`, `calls: ${fmtCount(n.call_count)}`, `models: ${models}`].join("\n");
        },
      },
      series: [
        {
          type: "graph",
          // on hidden value axes rather than the graph's own view box, which stretches symbols with its aspect
          coordinateSystem: "cartesian2d",
          categories: apps.map((name) => ({ name })),
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: [0, 9],
          label: {
            show: true,
            position: "bottom",
            color: p.text,
            lineHeight: 16,
            formatter: (params: { data?: { id?: string } }) => {
              const n = nodeById.get(params.data?.id ?? "");
              if (!n) return "";
              const calls = `${fmtCount(n.call_count)} calls`;
              return n.server_ip === CLIENTS ? `clients\n${calls}` : `${nodeLabel(n)}\n${n.app || "unknown"} · ${calls}`;
            },
          },
          edgeLabel: {
            show: !narrow,
            color: p.muted,
            fontSize: 11,
            formatter: (params: { data?: { edge?: TopologyEdge } }) => {
              const e = params.data?.edge;
              if (!e) return "";
              const n = e.turn_count > 0 ? e.turn_count : e.call_count;
              return `${fmtCount(n)} ${e.turn_count > 0 ? "turn" : "call"}${n === 1 ? "" : "s"}`;
            },
          },
          lineStyle: { color: p.muted, opacity: 0.7, curveness: 0.08 },
          emphasis: { focus: "adjacency", lineStyle: { opacity: 1 } },
          data: [
            ...sortedNodes.map((n) => {
            const id = endpointId(n.server_ip, n.server_port);
            const [x, y] = pos.get(id) ?? [0, 0];
            return {
              id,
              name: id,
              value: [x, y],
              category: apps.indexOf(n.app || "unknown"),
              symbol: n.server_ip === CLIENTS ? "roundRect" : "circle",
              symbolSize: (narrow ? 14 : 18) + (narrow ? 14 : 26) * Math.sqrt(n.call_count / maxCalls),
            };
            }),
          ],
          links: edges
            .filter((e) => nodeById.has(endpointId(e.from_ip, e.from_port)) && nodeById.has(endpointId(e.to_ip, e.to_port)))
            .map((e) => ({
            source: endpointId(e.from_ip, e.from_port),
            target: endpointId(e.to_ip, e.to_port),
            edge: e,
            lineStyle: {
              width: 1 + 7 * (weight(e) / maxW),
              type: e.kind === "inferred" ? "dashed" : "solid",
              color: e.kind === "proxy" ? p.accent : p.muted,
            },
          })),
        },
      ],
    };
  }, [nodes, edges, theme, narrow]);
  return (
    <Chart
      name="topology"
      option={option}
      hasData={nodes.length > 0}
      height={height}
      emptyText="No services in this range"
    />
  );
}
