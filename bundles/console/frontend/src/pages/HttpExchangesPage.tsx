import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function HttpExchangesPage() {
  const { id } = useParams();
  return (
    <Page name="http" title="Raw HTTP" loaded={true}>
      <EmptyState title="Raw HTTP — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
