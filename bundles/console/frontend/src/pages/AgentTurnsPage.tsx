import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function AgentTurnsPage() {
  const { id } = useParams();
  return (
    <Page name="turns" title="Agent Turns" loaded={true}>
      <EmptyState title="Agent Turns — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
