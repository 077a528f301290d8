import { useMemo } from "react";
import { useLocation } from "react-router";
import { useApi, useViewParams } from "../api/hooks";
import { DataTable, type Column } from "../components/DataTable";
import { EmptyState } from "../components/EmptyState";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { Panel } from "../components/Panel";
import { AppBadge } from "../components/operate/AppBadge";
import { CLIENTS, endpointId, TopologyGraph, type TopologyEdge, type TopologyNode } from "../components/operate/TopologyGraph";
import { useQueryChoice, ViewTabs } from "../components/operate/ViewTabs";
import { fmtCount, fmtMs, fmtPercent, fmtRelative, fmtTime } from "../format";
import { viewSearch } from "../state/view";
import { errorRate, errorTone, Loaded } from "./observe";

interface Service {
  server_ip: string;
  server_port: number | null;
  models: string[];
  wire_apis: string[];
  request_paths: string[];
  call_count: number;
  error_count: number;
  stream_count: number;
  total_input_tokens: number;
  total_output_tokens: number;
  ttft_avg_ms: number | null;
  ttft_p95_ms: number | null;
  e2e_avg_ms: number | null;
  e2e_p95_ms: number | null;
  first_seen_ms: number;
  last_seen_ms: number;
  app: string;
  server_header: string | null;
}

interface ServiceModel {
  server_ip: string;
  server_port: number | null;
  wire_api: string;
  model: string;
  call_count: number;
  error_count: number;
  ttft_avg_ms: number | null;
  ttft_p95_ms: number | null;
  e2e_avg_ms: number | null;
  e2e_p95_ms: number | null;
  total_input_tokens: number;
  total_output_tokens: number;
}

const VIEWS = ["table", "topology", "models"] as const;
type ServicesView = (typeof VIEWS)[number];

/** The calls of one endpoint: the LLM calls page filtered by its address, keeping the range and filters. */
function callsHref(search: string, ip: string, port: number | null): string {
  const q = new URLSearchParams(viewSearch(new URLSearchParams(search)));
  q.set("server_ip", ip);
  if (port !== null && port !== undefined) q.set("server_port", String(port));
  return "/llm-calls?" + q.toString();
}

function listText(values: string[], max = 3): string {
  if (values.length === 0) return "–";
  return values.slice(0, max).join(", ") + (values.length > max ? ` +${values.length - max}` : "");
}

function latencyColumns<T extends { ttft_avg_ms: number | null; ttft_p95_ms: number | null; e2e_avg_ms: number | null; e2e_p95_ms: number | null }>(): Column<T>[] {
  return [
    { key: "ttft_avg_ms", label: "TTFT avg", align: "right", render: (r) => fmtMs(r.ttft_avg_ms) },
    { key: "ttft_p95_ms", label: "TTFT p95", align: "right", render: (r) => fmtMs(r.ttft_p95_ms) },
    { key: "e2e_avg_ms", label: "E2E avg", align: "right", render: (r) => fmtMs(r.e2e_avg_ms) },
    { key: "e2e_p95_ms", label: "E2E p95", align: "right", render: (r) => fmtMs(r.e2e_p95_ms) },
  ];
}

function ErrorCell({ errors, calls }: { errors: number; calls: number }) {
  const rate = errorRate(errors, calls);
  const tone = errorTone(rate);
  return (
    <span className={tone ? "op-tone-" + tone : undefined} title={`${errors} of ${calls} calls failed`}>
      {fmtPercent(rate, 1)}
    </span>
  );
}

function ServiceTable({ services }: { services: Service[] }) {
  const { search } = useLocation();
  const columns = useMemo<Column<Service>[]>(
    () => [
      {
        key: "endpoint",
        label: "Endpoint",
        sortValue: (r) => endpointId(r.server_ip, r.server_port),
        render: (r) => (
          <span className="mono" title={r.server_header ? "Server: " + r.server_header : undefined}>
            {endpointId(r.server_ip, r.server_port)}
          </span>
        ),
      },
      {
        key: "app",
        label: "App",
        render: (r) => (
          <span className="op-app-cell" title={r.server_header ? "Server: " + r.server_header : "no Server header"}>
            <AppBadge app={r.app} />
            {r.server_header ? <span className="muted op-server-header">{r.server_header}</span> : null}
          </span>
        ),
      },
      {
        key: "models",
        label: "Models",
        sortValue: (r) => r.models.length,
        render: (r) => <span title={r.models.join("\n")}>{listText(r.models)}</span>,
      },
      { key: "wire_apis", label: "Wire APIs", sortValue: (r) => r.wire_apis.join(","), render: (r) => listText(r.wire_apis, 4) },
      { key: "call_count", label: "Calls", align: "right", render: (r) => fmtCount(r.call_count) },
      {
        key: "error_rate",
        label: "Errors",
        align: "right",
        sortValue: (r) => errorRate(r.error_count, r.call_count),
        render: (r) => <ErrorCell errors={r.error_count} calls={r.call_count} />,
      },
      ...latencyColumns<Service>(),
      { key: "total_input_tokens", label: "Tokens in", align: "right", render: (r) => fmtCount(r.total_input_tokens) },
      { key: "total_output_tokens", label: "Tokens out", align: "right", render: (r) => fmtCount(r.total_output_tokens) },
      {
        key: "last_seen_ms",
        label: "Last seen",
        align: "right",
        render: (r) => <span title={fmtTime(r.last_seen_ms)}>{fmtRelative(r.last_seen_ms)}</span>,
      },
    ],
    [],
  );
  return (
    <DataTable
      testId="services-table"
      columns={columns}
      rows={services}
      rowId={(r) => endpointId(r.server_ip, r.server_port)}
      rowHref={(r) => callsHref(search, r.server_ip, r.server_port)}
      empty="No LLM endpoints seen in this range"
    />
  );
}

function ModelsByEndpoint({ models, apps }: { models: ServiceModel[]; apps: Map<string, string> }) {
  const { search } = useLocation();
  const groups = useMemo(() => {
    const m = new Map<string, ServiceModel[]>();
    for (const r of models) {
      const id = endpointId(r.server_ip, r.server_port);
      m.set(id, [...(m.get(id) ?? []), r]);
    }
    return [...m.entries()]
      .map(([id, rows]) => ({ id, rows, calls: rows.reduce((a, r) => a + r.call_count, 0) }))
      .sort((a, b) => b.calls - a.calls);
  }, [models]);
  const columns = useMemo<Column<ServiceModel>[]>(
    () => [
      { key: "model", label: "Model", render: (r) => r.model || "(no model)" },
      { key: "wire_api", label: "Wire API" },
      { key: "call_count", label: "Calls", align: "right", render: (r) => fmtCount(r.call_count) },
      {
        key: "error_rate",
        label: "Errors",
        align: "right",
        sortValue: (r) => errorRate(r.error_count, r.call_count),
        render: (r) => <ErrorCell errors={r.error_count} calls={r.call_count} />,
      },
      ...latencyColumns<ServiceModel>(),
      { key: "total_input_tokens", label: "Tokens in", align: "right", render: (r) => fmtCount(r.total_input_tokens) },
      { key: "total_output_tokens", label: "Tokens out", align: "right", render: (r) => fmtCount(r.total_output_tokens) },
    ],
    [],
  );
  if (groups.length === 0) return <EmptyState title="No models seen in this range" />;
  return (
    <div className="op-stack">
      {groups.map((g) => (
        <Panel
          key={g.id}
          wide
          testId="endpoint-group"
          title={
            <span className="op-app-cell">
              <span className="mono">{g.id}</span>
              {apps.has(g.id) ? <AppBadge app={apps.get(g.id)} /> : null}
            </span>
          }
          subtitle={`${g.rows.length} model${g.rows.length === 1 ? "" : "s"} · ${fmtCount(g.calls)} calls`}
        >
          <DataTable
            columns={columns}
            rows={g.rows}
            rowId={(r) => `${g.id}/${r.wire_api}/${r.model}`}
            rowHref={(r) => {
              const href = callsHref(search, r.server_ip, r.server_port);
              const q = new URLSearchParams(href.slice(href.indexOf("?") + 1));
              if (r.model) q.set("model", r.model);
              q.set("wire_api", r.wire_api);
              return "/llm-calls?" + q.toString();
            }}
            pageSize={50}
          />
        </Panel>
      ))}
    </div>
  );
}

function Topology({ nodes, edges, truncated }: { nodes: TopologyNode[]; edges: TopologyEdge[]; truncated: boolean }) {
  const proxies = edges.filter((e) => e.kind === "proxy").length;
  return (
    <Panel
      wide
      title="Topology"
      subtitle={`${nodes.filter((n) => n.server_ip !== CLIENTS).length} endpoints · ${edges.length} links${
        proxies ? ` · ${proxies} proxy hop${proxies === 1 ? "" : "s"}` : ""
      }${truncated ? " · turns counted from the newest 10,000" : ""}`}
    >
      <TopologyGraph nodes={nodes} edges={edges} />
      <div className="op-legend-note muted">
        Columns are hops from the clients. Edge width follows turns (calls where no turn was tracked); solid accent =
        proxy pairing, dashed = inferred from addresses.
      </div>
    </Panel>
  );
}

export default function ServicesPage() {
  const [view, setView] = useQueryChoice<ServicesView>("view", VIEWS, "table");
  const params = useViewParams();
  const services = useApi<{ services: Service[] }>("services", params);
  const topology = useApi<{ nodes: TopologyNode[]; edges: TopologyEdge[]; turns_truncated?: boolean }>(
    view === "topology" ? "services/topology" : null,
    params,
  );
  const models = useApi<{ models: ServiceModel[] }>(view === "models" ? "services/models" : null, params);

  const list = services.data?.services ?? [];
  const calls = list.reduce((a, s) => a + s.call_count, 0);
  const errors = list.reduce((a, s) => a + s.error_count, 0);
  const rate = errorRate(errors, calls);
  const apps = new Set(list.map((s) => s.app).filter((a) => a && a !== "unknown"));
  const appByEndpoint = new Map(list.map((s) => [endpointId(s.server_ip, s.server_port), s.app]));
  const current = view === "topology" ? topology : view === "models" ? models : services;
  const loaded = services.settled && current.settled;

  return (
    <Page
      name="services"
      title="Services"
      subtitle="LLM endpoints seen on the wire: who serves which models, and who calls whom"
      loaded={loaded}
    >
      <KpiRow>
        <KpiCard name="services" label="Endpoints" value={services.data ? list.length : null} display={services.data ? String(list.length) : "–"} />
        <KpiCard name="apps" label="Recognised apps" value={services.data ? apps.size : null} display={services.data ? String(apps.size) : "–"} hint={[...apps].slice(0, 3).join(", ") || undefined} />
        <KpiCard name="calls" label="Calls" value={services.data ? calls : null} display={fmtCount(services.data ? calls : null)} />
        <KpiCard name="error-rate" label="Error rate" value={rate} display={fmtPercent(rate, 2)} tone={errorTone(rate)} />
      </KpiRow>
      <ViewTabs
        label="Services view"
        value={view}
        onChange={setView}
        tabs={[
          { value: "table", label: "Endpoints" },
          { value: "topology", label: "Topology" },
          { value: "models", label: "Models" },
        ]}
      />
      {view === "table" ? (
        <Panel wide title="Endpoints" subtitle="click a row for its calls">
          <Loaded state={services} what="services">
            {(d) => <ServiceTable services={d.services} />}
          </Loaded>
        </Panel>
      ) : null}
      {view === "topology" ? (
        <Loaded state={topology} what="topology">
          {(d) => <Topology nodes={d.nodes} edges={d.edges} truncated={d.turns_truncated === true} />}
        </Loaded>
      ) : null}
      {view === "models" ? (
        <Loaded state={models} what="models per endpoint">
          {(d) => <ModelsByEndpoint models={d.models} apps={appByEndpoint} />}
        </Loaded>
      ) : null}
    </Page>
  );
}
