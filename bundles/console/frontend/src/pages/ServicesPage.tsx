import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function ServicesPage() {
  const { id } = useParams();
  return (
    <Page name="services" title="Services" loaded={true}>
      <EmptyState title="Services — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
