import { lazy } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";
import { Shell } from "./components/Shell";

// One chunk per page: a page's code (and ECharts, for the chart pages) loads when it is first opened.
const OverviewPage = lazy(() => import("./pages/OverviewPage"));
const PerformancePage = lazy(() => import("./pages/PerformancePage"));
const UsagePage = lazy(() => import("./pages/UsagePage"));
const ErrorsPage = lazy(() => import("./pages/ErrorsPage"));
const ServicesPage = lazy(() => import("./pages/ServicesPage"));
const AgentSessionsPage = lazy(() => import("./pages/AgentSessionsPage"));
const AgentSessionDetailPage = lazy(() => import("./pages/AgentSessionDetailPage"));
const AgentTurnsPage = lazy(() => import("./pages/AgentTurnsPage"));
const AgentTurnDetailPage = lazy(() => import("./pages/AgentTurnDetailPage"));
const LlmCallsPage = lazy(() => import("./pages/LlmCallsPage"));
const LlmCallDetailPage = lazy(() => import("./pages/LlmCallDetailPage"));
const HttpExchangesPage = lazy(() => import("./pages/HttpExchangesPage"));
const HttpExchangeDetailPage = lazy(() => import("./pages/HttpExchangeDetailPage"));
const PipelineHealthPage = lazy(() => import("./pages/PipelineHealthPage"));
const SettingsPage = lazy(() => import("./pages/SettingsPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));

const router = createBrowserRouter([
  {
    path: "/",
    element: <Shell />,
    children: [
      { index: true, element: <OverviewPage /> },
      { path: "performance", element: <PerformancePage /> },
      { path: "usage", element: <UsagePage /> },
      { path: "errors", element: <ErrorsPage /> },
      { path: "services", element: <ServicesPage /> },
      { path: "agent-sessions", element: <AgentSessionsPage /> },
      { path: "agent-sessions/:id", element: <AgentSessionDetailPage /> },
      { path: "agent-turns", element: <AgentTurnsPage /> },
      { path: "agent-turns/:id", element: <AgentTurnDetailPage /> },
      { path: "llm-calls", element: <LlmCallsPage /> },
      { path: "llm-calls/:id", element: <LlmCallDetailPage /> },
      { path: "http-exchanges", element: <HttpExchangesPage /> },
      { path: "http-exchanges/:id", element: <HttpExchangeDetailPage /> },
      { path: "pipeline-health", element: <PipelineHealthPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
