import { useApi, useTimeseries, useViewParams } from "../api/hooks";
import type { MetricSummary } from "../api/types";
import { fieldSeries, TimeSeriesChart } from "../charts/TimeSeriesChart";
import { ErrorBanner } from "../components/ErrorBanner";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { Panel, PanelGrid } from "../components/Panel";
import { fmtCount, fmtMs } from "../format";
import { allSettled, Loaded } from "./observe";

const FIELDS = [
  "ttft_p50",
  "ttft_p95",
  "ttft_p99",
  "ttft_stream_p50",
  "ttft_stream_p95",
  "ttft_nonstream_p95",
  "e2e_p50",
  "e2e_p95",
  "e2e_p99",
  "tpot_p50",
  "tpot_p95",
  "active_calls_avg",
  "active_calls_max",
  "input_tokens_avg",
  "output_tokens_avg",
  "total_cache_read_input_tokens",
  "total_cache_creation_input_tokens",
  "output_tokens_per_sec",
];

export default function PerformancePage() {
  const params = useViewParams();
  const summary = useApi<MetricSummary>("metrics/summary", params);
  const ts = useTimeseries(FIELDS);
  const s = summary.data;
  const tps = s?.tpot_avg ? 1000 / s.tpot_avg : null;
  return (
    <Page
      name="performance"
      title="Performance"
      subtitle={`Latency distributions, concurrency and token sizes, per ${ts.granularity}`}
      loaded={allSettled(summary, ts)}
    >
      <ErrorBanner error={summary.error} what="the summary" />
      <KpiRow>
        <KpiCard name="ttft-p50" label="TTFT p50" value={s?.ttft_p50} display={fmtMs(s?.ttft_p50)} />
        <KpiCard name="ttft-p95" label="TTFT p95" value={s?.ttft_p95} display={fmtMs(s?.ttft_p95)} />
        <KpiCard name="ttft-p99" label="TTFT p99" value={s?.ttft_p99} display={fmtMs(s?.ttft_p99)} />
        <KpiCard name="e2e-p95" label="E2E p95" value={s?.e2e_p95} display={fmtMs(s?.e2e_p95)} hint={`avg ${fmtMs(s?.e2e_avg)}`} />
        <KpiCard name="tpot" label="Avg TPOT" value={s?.tpot_avg} display={fmtMs(s?.tpot_avg)} hint="time per output token" />
        <KpiCard
          name="tps"
          label="Generation speed"
          value={tps}
          display={tps === null ? "–" : tps.toFixed(1) + " tok/s"}
          hint="1000 / avg TPOT"
        />
        <KpiCard
          name="active-max"
          label="Peak concurrent calls"
          value={s?.active_calls_max}
          display={fmtCount(s?.active_calls_max)}
          hint={`avg ${s?.active_calls_avg == null ? "–" : s.active_calls_avg.toFixed(2)}`}
        />
      </KpiRow>
      <Loaded state={ts} what="the time series">
        {(d) => (
          <PanelGrid>
            <Panel title="Time to first token" subtitle="p50 / p95 / p99, all calls">
              <TimeSeriesChart
                name="ttft"
                unit="ms"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "ttft_p50", { label: "p50" }),
                  ...fieldSeries(d, "ttft_p95", { label: "p95" }),
                  ...fieldSeries(d, "ttft_p99", { label: "p99", dashed: true }),
                ]}
              />
            </Panel>
            <Panel title="TTFT by mode" subtitle="streaming p50 / p95 against non-streaming p95">
              <TimeSeriesChart
                name="ttft-mode"
                unit="ms"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "ttft_stream_p50", { label: "stream p50" }),
                  ...fieldSeries(d, "ttft_stream_p95", { label: "stream p95" }),
                  ...fieldSeries(d, "ttft_nonstream_p95", { label: "non-stream p95", dashed: true }),
                ]}
              />
            </Panel>
            <Panel title="End-to-end latency" subtitle="p50 / p95 / p99">
              <TimeSeriesChart
                name="e2e"
                unit="ms"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "e2e_p50", { label: "p50" }),
                  ...fieldSeries(d, "e2e_p95", { label: "p95" }),
                  ...fieldSeries(d, "e2e_p99", { label: "p99", dashed: true }),
                ]}
              />
            </Panel>
            <Panel title="Time per output token" subtitle="p50 / p95, streaming calls">
              <TimeSeriesChart
                name="tpot"
                unit="ms"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "tpot_p50", { label: "p50" }),
                  ...fieldSeries(d, "tpot_p95", { label: "p95" }),
                ]}
              />
            </Panel>
            <Panel title="Active calls" subtitle="calls in flight: average and peak">
              <TimeSeriesChart
                name="active-calls"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "active_calls_avg", { label: "avg", area: true }),
                  ...fieldSeries(d, "active_calls_max", { label: "max" }),
                ]}
              />
            </Panel>
            <Panel title="Token averages" subtitle="per call">
              <TimeSeriesChart
                name="token-averages"
                unit="tokens"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "input_tokens_avg", { label: "input" }),
                  ...fieldSeries(d, "output_tokens_avg", { label: "output" }),
                ]}
              />
            </Panel>
            <Panel title="Cache tokens" subtitle="prompt-cache reads and writes">
              <TimeSeriesChart
                name="cache-tokens"
                unit="tokens"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "total_cache_read_input_tokens", { label: "cache read", type: "bar", stack: "c" }),
                  ...fieldSeries(d, "total_cache_creation_input_tokens", { label: "cache write", type: "bar", stack: "c" }),
                ]}
              />
            </Panel>
            <Panel title="Output throughput" subtitle="output tokens per second">
              <TimeSeriesChart
                name="output-rate"
                unit="rate"
                timestamps={d.timestamps}
                series={fieldSeries(d, "output_tokens_per_sec", { label: "tok/s", area: true })}
              />
            </Panel>
          </PanelGrid>
        )}
      </Loaded>
    </Page>
  );
}
