// The one source of every theme's colours: the CSS variables of the page and the ECharts themes both come from here.

export type ThemeName = "kami" | "dark" | "light";
export const THEMES: ThemeName[] = ["kami", "dark", "light"];
export const THEME_LABELS: Record<ThemeName, string> = { kami: "Kami", dark: "Dark", light: "Light" };

export interface Palette {
  bg: string;
  surface: string;
  surface2: string;
  border: string;
  text: string;
  muted: string;
  accent: string;
  accentText: string;
  good: string;
  warn: string;
  bad: string;
  grid: string;
  series: string[];
}

export const PALETTES: Record<ThemeName, Palette> = {
  // Warm washi paper: ink on cream, muted earth-tone series.
  kami: {
    bg: "#f4f1ea",
    surface: "#fbfaf6",
    surface2: "#efebe1",
    border: "#dcd5c6",
    text: "#2b2721",
    muted: "#756d60",
    accent: "#9a4e1c",
    accentText: "#ffffff",
    good: "#3f7d4e",
    warn: "#b8741a",
    bad: "#b3372b",
    grid: "#e6e0d3",
    series: ["#3a6ea5", "#3f9e7a", "#d08a2e", "#b3372b", "#7b5ea7", "#c0678f", "#4d9aa8", "#8a7d3b"],
  },
  dark: {
    bg: "#0f141b",
    surface: "#171e27",
    surface2: "#1f2833",
    border: "#2d3845",
    text: "#e3e8ee",
    muted: "#93a0ae",
    accent: "#6aa8ff",
    accentText: "#0f141b",
    good: "#4cc38a",
    warn: "#e8a33d",
    bad: "#f06a5f",
    grid: "#263140",
    series: ["#6aa8ff", "#4cc38a", "#e8a33d", "#f06a5f", "#b48cf2", "#ef83b5", "#54c6d6", "#c9b458"],
  },
  // High contrast: near-black on white, saturated series.
  light: {
    bg: "#ffffff",
    surface: "#ffffff",
    surface2: "#f1f3f5",
    border: "#8a939c",
    text: "#000000",
    muted: "#3d444b",
    accent: "#0046b8",
    accentText: "#ffffff",
    good: "#00703c",
    warn: "#8a5300",
    bad: "#c1121f",
    grid: "#d5dade",
    series: ["#0046b8", "#00703c", "#b35c00", "#c1121f", "#6a1b9a", "#ad1457", "#00697a", "#5d4a00"],
  },
};
