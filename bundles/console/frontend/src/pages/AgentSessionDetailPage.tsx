import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function AgentSessionDetailPage() {
  const { id } = useParams();
  return (
    <Page name="session-detail" title="Agent Session" loaded={true}>
      <EmptyState title="Agent Session — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
