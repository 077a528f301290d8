import { Link } from "react-router";
import { Page } from "../components/Page";
import { EmptyState } from "../components/EmptyState";

export default function NotFoundPage() {
  return (
    <Page name="not-found" title="Not found" loaded={true}>
      <EmptyState title="No console page at this address">
        <Link to="/">Back to the overview</Link>
      </EmptyState>
    </Page>
  );
}
