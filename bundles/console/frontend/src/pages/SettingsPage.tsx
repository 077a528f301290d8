import { useParams } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

/** Placeholder: filled in by the Explore/Operate pages' author (see frontend/README.md). */
export default function SettingsPage() {
  const { id } = useParams();
  return (
    <Page name="settings" title="Settings" loaded={true}>
      <EmptyState title="Settings — coming soon">{id ? "Item " + id : null}</EmptyState>
    </Page>
  );
}
