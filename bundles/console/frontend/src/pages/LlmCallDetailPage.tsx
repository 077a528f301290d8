import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function LlmCallDetailPage() {
  const { id } = useParams();
  return (
    <Page name="call-detail" title="LLM Call" loaded={true}>
      <EmptyState title="LLM Call — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
