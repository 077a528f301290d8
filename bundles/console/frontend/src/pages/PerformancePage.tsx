import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

export default function PerformancePage() {
  return (
    <Page name="performance" title="Performance" loaded={true}>
      <EmptyState title="Performance — coming soon" />
    </Page>
  );
}
