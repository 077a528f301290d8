import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function AgentTurnDetailPage() {
  const { id } = useParams();
  return (
    <Page name="turn-detail" title="Agent Turn" loaded={true}>
      <EmptyState title="Agent Turn — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
