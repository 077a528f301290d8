import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function AgentSessionsPage() {
  const { id } = useParams();
  return (
    <Page name="sessions" title="Agent Sessions" loaded={true}>
      <EmptyState title="Agent Sessions — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
