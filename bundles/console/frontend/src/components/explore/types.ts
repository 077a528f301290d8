// Shapes of the Explore routes' answers (heron-facts §3.3 plus Egret's extras); times are epoch ms.

export interface Paged<T> {
  total: number;
  items: T[];
  next_cursor?: string | null;
}

export interface SpanListItem {
  id: string;
  source_id: string;
  request_time: number;
  wire_api: string;
  model: string | null;
  status_code: number | null;
  is_stream: boolean;
  finish_reason: string | null;
  ttft_ms: number | null;
  e2e_latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  tokens_estimated: boolean;
  client_ip: string;
  server_ip: string;
  server_port: number;
  request_path: string | null;
  tool_call_count: number;
  tool_names: string[];
  agent_kind?: string | null;
  cost_usd?: number | null;
  session_id?: string | null;
  partial?: boolean;
}

export interface SpanDetail extends SpanListItem {
  response_time: number | null;
  complete_time: number | null;
  first_token_time?: number | null;
  api_type: string;
  total_tokens: number | null;
  response_id: string | null;
  client_port: number;
  request_body: string | null;
  response_body: string | null;
  request_headers: string | null;
  response_headers: string | null;
  request_model?: string | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  reasoning_tokens?: number | null;
  tpot_ms?: number | null;
  error_type?: string | null;
  error_message?: string | null;
  partial_reason?: string | null;
  body_bytes_dropped?: number;
  exchange_id?: string | null;
  pipeline?: string | null;
  method?: string | null;
  host?: string | null;
  server_kind?: string | null;
  subagent?: string | null;
  model_substituted?: boolean;
}

export interface TraceSpanItem {
  id: string;
  sequence: number;
  request_time: number;
  response_time: number | null;
  complete_time: number | null;
  wire_api: string;
  model: string | null;
  status_code: number | null;
  is_stream: boolean;
  finish_reason: string | null;
  ttft_ms: number | null;
  e2e_latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  request_path: string | null;
  request_model?: string | null;
  cache_read_input_tokens?: number | null;
  partial?: boolean;
}

export interface TurnCommon {
  turn_id: string;
  source_id: string;
  session_id: string | null;
  start_time: number;
  end_time: number;
  duration_ms: number;
  wire_api: string;
  agent_kind: string;
  primary_model: string | null;
  models_used: string[];
  call_count: number;
  total_input_tokens: number;
  total_output_tokens: number;
  status: "complete" | "incomplete" | "in_progress" | string;
  final_finish_reason: string | null;
  total_cost_usd?: number | null;
  subagents_used?: string[];
  end_reason?: string | null;
  error_calls?: number;
  tool_call_count?: number;
  tool_result_count?: number;
  tool_error_count?: number;
  tool_success_rate?: number | null;
  plan_loop?: { tool: string; arguments: string; repeats: number } | null;
  no_submit?: boolean;
  tool_call_total?: number;
}

export interface TraceListItem extends TurnCommon {
  client_ip: string | null;
  server_ip: string | null;
  user_input_preview: string | null;
  final_answer_preview: string | null;
  proxy_role?: string;
}

export interface TraceDetail extends TurnCommon {
  client_ip: string | null;
  server_ip: string | null;
  total_cache_read_input_tokens?: number;
  total_cache_creation_input_tokens?: number;
  user_call_id: string | null;
  user_input: string | null;
  final_call_id: string | null;
  final_answer: string | null;
  span_ids: string[];
  pipeline?: string | null;
  total_reasoning_tokens?: number;
  model_substituted?: boolean;
  tools?: {
    call_id: string;
    tool_call_id: string;
    name: string;
    result_call_id: string | null;
    is_error: boolean | null;
  }[];
}

export interface SessionTurn extends TurnCommon {
  user_input: string | null;
  final_answer: string | null;
}

export interface SessionListItem {
  source_id: string;
  session_id: string;
  agent_kind: string;
  first_turn_at: number;
  last_turn_at: number;
  turn_count: number;
  call_count: number;
  total_input_tokens: number;
  total_output_tokens: number;
  total_cache_read_input_tokens?: number;
  total_cost_usd: number | null;
  first_user_input_preview: string | null;
  complete_turns?: number;
  models_used?: string[];
  last_turn_id?: string | null;
}

export interface SessionDetail extends SessionListItem {
  first_user_input?: string | null;
  turns_total: number;
  turns: SessionTurn[];
}

export interface ExchangeListItem {
  id: string;
  source_id: string;
  request_time: number;
  method: string;
  uri: string;
  client_ip: string | null;
  server_ip: string | null;
  server_port: number;
  status: number | null;
  is_sse: boolean;
  duration_ms: number | null;
  call_id?: string | null;
  complete?: boolean;
  problem?: string | null;
}

export interface ExchangeDetail extends ExchangeListItem {
  client_port: number;
  request_headers: string | null;
  request_body: string | null;
  request_body_encoding?: string | null;
  response_headers: string | null;
  response_body: string | null;
  response_body_encoding?: string | null;
  sse_event_count: number;
  sse_data_bytes: number;
  response_first_byte_time: number | null;
  response_complete_time: number | null;
  http_version?: string | null;
  status_reason?: string | null;
  request_body_truncated?: boolean;
  response_body_truncated?: boolean;
}

export interface TranscriptToolCall {
  id: string | null;
  name: string | null;
  arguments: unknown;
}

export interface TranscriptMessage {
  role: string;
  content: string | null;
  reasoning: string | null;
  tool_calls: TranscriptToolCall[];
  tool_call_id: string | null;
  name: string | null;
  error: boolean;
  from_response: boolean;
  omitted: string[] | null;
}

export interface Transcript {
  call_id: string;
  wire_api: string;
  partial: boolean;
  partial_reason: string | null;
  problem: string | null;
  messages: TranscriptMessage[];
  tools: { name: string; description: string | null; parameters: unknown }[];
  tool_results: { tool_call_id: string; message_index: number; error: boolean }[];
}
