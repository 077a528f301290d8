import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function LlmCallsPage() {
  const { id } = useParams();
  return (
    <Page name="calls" title="LLM Calls" loaded={true}>
      <EmptyState title="LLM Calls — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
