import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

export default function UsagePage() {
  return (
    <Page name="usage" title="Usage" loaded={true}>
      <EmptyState title="Usage — coming soon" />
    </Page>
  );
}
