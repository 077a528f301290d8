import { useApi, useTimeseries, useViewParams } from "../api/hooks";
import type { MetricSummary, ModelRow } from "../api/types";
import { BarList } from "../charts/BarList";
import { fieldSeries, TimeSeriesChart } from "../charts/TimeSeriesChart";
import { DataTable, type Column } from "../components/DataTable";
import { ErrorBanner } from "../components/ErrorBanner";
import { KpiCard, KpiRow } from "../components/KpiCard";
import { Page } from "../components/Page";
import { Panel, PanelGrid } from "../components/Panel";
import { fmtCount, fmtPercent } from "../format";
import { allSettled, errorRate, errorTone, Loaded, modelLabel, useModelRows } from "./observe";

const ERROR_COLUMNS: Column<ModelRow>[] = [
  { key: "model", label: "Model", render: (m) => m.model || "(no model)", sortValue: (m) => m.model },
  { key: "wire_api", label: "Wire API" },
  { key: "call_count", label: "Calls", align: "right", render: (m) => fmtCount(m.call_count) },
  { key: "error_count", label: "Errors", align: "right", render: (m) => fmtCount(m.error_count) },
  { key: "error_4xx_count", label: "4xx", align: "right", render: (m) => fmtCount(m.error_4xx_count) },
  { key: "error_429_count", label: "429", align: "right", render: (m) => fmtCount(m.error_429_count) },
  { key: "error_5xx_count", label: "5xx", align: "right", render: (m) => fmtCount(m.error_5xx_count) },
  {
    key: "error_rate",
    label: "Error %",
    align: "right",
    render: (m) => fmtPercent(errorRate(m.error_count, m.call_count)),
    sortValue: (m) => errorRate(m.error_count, m.call_count),
  },
];

export default function ErrorsPage() {
  const params = useViewParams();
  const summary = useApi<MetricSummary>("metrics/summary", params);
  const ts = useTimeseries(["error_count", "error_4xx_count", "error_5xx_count", "error_429_count", "error_rate", "call_count"]);
  const models = useModelRows(50);
  const s = summary.data;
  const rate = s ? (s.error_rate ?? errorRate(s.error_count, s.call_count)) : null;
  const failing = (models.data ?? []).filter((m) => m.error_count > 0);
  return (
    <Page
      name="errors"
      title="Errors"
      subtitle="Calls answered with an HTTP error status, by class and model"
      loaded={allSettled(summary, ts, models)}
    >
      <ErrorBanner error={summary.error} what="the summary" />
      <KpiRow>
        <KpiCard name="errors" label="Total errors" value={s?.error_count} display={fmtCount(s?.error_count)} tone={errorTone(rate)} />
        <KpiCard
          name="error-rate"
          label="Error rate"
          value={rate}
          display={fmtPercent(rate, 2)}
          tone={errorTone(rate)}
          hint={s ? `of ${fmtCount(s.call_count)} calls` : undefined}
        />
        <KpiCard name="errors-4xx" label="4xx client errors" value={s?.error_4xx_count} display={fmtCount(s?.error_4xx_count)} />
        <KpiCard name="errors-5xx" label="5xx server errors" value={s?.error_5xx_count} display={fmtCount(s?.error_5xx_count)} />
        <KpiCard
          name="errors-429"
          label="429 rate limited"
          value={s?.error_429_count}
          display={fmtCount(s?.error_429_count)}
          hint={`${fmtPercent(s?.error_429_rate, 2)} of calls`}
        />
      </KpiRow>
      <Loaded state={ts} what="the error series">
        {(d) => (
          <PanelGrid>
            <Panel title="Error timeline" subtitle={`errors per ${ts.granularity}, 4xx and 5xx`}>
              <TimeSeriesChart
                name="error-timeline"
                timestamps={d.timestamps}
                series={[
                  ...fieldSeries(d, "error_4xx_count", { label: "4xx", type: "bar", stack: "e" }),
                  ...fieldSeries(d, "error_5xx_count", { label: "5xx", type: "bar", stack: "e" }),
                ]}
              />
            </Panel>
            <Panel title="Rate limiting" subtitle="429 answers">
              <TimeSeriesChart
                name="rate-limited"
                timestamps={d.timestamps}
                series={fieldSeries(d, "error_429_count", { label: "429", area: true })}
              />
            </Panel>
            <Panel title="Error rate" subtitle="share of calls that failed" wide>
              <TimeSeriesChart
                name="error-rate"
                unit="percent"
                timestamps={d.timestamps}
                series={fieldSeries(d, "error_rate", { label: "error rate", area: true })}
              />
            </Panel>
          </PanelGrid>
        )}
      </Loaded>
      <div className="spacer" />
      <PanelGrid>
        <Panel title="Errors by model">
          <Loaded state={models} what="models">
            {() => (
              <BarList
                name="errors-by-model"
                items={failing.map((m) => ({ label: modelLabel(m), value: m.error_count }))}
                height={failing.length === 0 ? 160 : undefined}
              />
            )}
          </Loaded>
        </Panel>
        <Panel title="Error rate by model">
          <Loaded state={models} what="models">
            {(rows) => (
              <BarList
                name="error-rate-by-model"
                unit="percent"
                items={rows.map((m) => ({ label: modelLabel(m), value: errorRate(m.error_count, m.call_count) }))}
              />
            )}
          </Loaded>
        </Panel>
        <Panel title="Models" wide>
          <Loaded state={models} what="models">
            {(rows) => (
              <DataTable testId="error-models" columns={ERROR_COLUMNS} rows={rows} rowId={(m) => m.wire_api + "/" + m.model} />
            )}
          </Loaded>
        </Panel>
      </PanelGrid>
    </Page>
  );
}
