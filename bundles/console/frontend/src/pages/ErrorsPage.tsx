import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

export default function ErrorsPage() {
  return (
    <Page name="errors" title="Errors" loaded={true}>
      <EmptyState title="Errors — coming soon" />
    </Page>
  );
}
