import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function HttpExchangeDetailPage() {
  const { id } = useParams();
  return (
    <Page name="http-detail" title="HTTP Exchange" loaded={true}>
      <EmptyState title="HTTP Exchange — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
