import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function PipelineHealthPage() {
  const { id } = useParams();
  return (
    <Page name="health" title="Pipeline Health" loaded={true}>
      <EmptyState title="Pipeline Health — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
