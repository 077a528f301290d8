// Shapes of the API answers the Observe pages read (see the shared API contract).

export interface TimeseriesSeries {
  name: string;
  group: string | null;
  labels: Record<string, string | null>;
  values: (number | null)[];
}

export interface Timeseries {
  timestamps: number[]; // Unix seconds
  series: TimeseriesSeries[];
}

export type MetricSummary = Record<string, number | null> & { granularity?: unknown };

export interface AgentSummary {
  agent_kind: string;
  turn_count: number;
  total_input_tokens: number;
  total_output_tokens: number;
  avg_duration_ms: number | null;
  last_seen_ms: number | null;
  complete_turn_count?: number;
  duration_p50_ms?: number | null;
  duration_p95_ms?: number | null;
  call_count?: number;
  error_call_count?: number;
  calls_per_turn?: number | null;
  tool_call_count?: number;
  tool_error_count?: number;
  tool_success_rate?: number | null;
  cost_usd?: number;
}

export interface ModelRow {
  wire_api: string;
  model: string;
  call_count: number;
  error_count: number;
  error_4xx_count: number;
  error_429_count: number;
  error_5xx_count: number;
  total_input_tokens: number;
  total_output_tokens: number;
  ttft_avg: number | null;
  ttft_p95: number | null;
  e2e_avg: number | null;
  e2e_p95: number | null;
  tpot_avg: number | null;
  total_cost_usd?: number | null;
}

export interface FinishReasonSeries {
  finish_reason: string;
  points: [number, number][]; // [ts_us, count]
}

export interface ActivityPoint {
  timestamp_ms: number;
  agent_kind: string;
  turn_count: number;
}

export interface LiveStatus {
  ts: number;
  pipelines: { name: string; running: boolean; calls: number; turns_open: number; flows_active: number }[];
  calls_total: number;
  turns_total: number;
}
