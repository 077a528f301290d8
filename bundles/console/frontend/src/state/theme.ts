import { useSyncExternalStore } from "react";
import { PALETTES, THEMES, type ThemeName } from "./palette";

const STORAGE_KEY = "egret-theme";
const listeners = new Set<() => void>();

function stored(): ThemeName {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v && (THEMES as string[]).includes(v)) return v as ThemeName;
  } catch {
    // storage may be unavailable (private mode); the default theme then applies
  }
  return "kami";
}

let current: ThemeName = stored();

/** Writes the theme's palette as CSS variables on <html> (CSSOM, allowed by the CSP) and names it in data-theme. */
export function applyTheme(name: ThemeName = current): void {
  const root = document.documentElement;
  const p = PALETTES[name];
  const vars: Record<string, string> = {
    "--bg": p.bg,
    "--surface": p.surface,
    "--surface-2": p.surface2,
    "--border": p.border,
    "--text": p.text,
    "--muted": p.muted,
    "--accent": p.accent,
    "--accent-text": p.accentText,
    "--good": p.good,
    "--warn": p.warn,
    "--bad": p.bad,
    "--grid": p.grid,
  };
  for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v);
  root.dataset.theme = name;
  root.style.colorScheme = name === "dark" ? "dark" : "light";
}

export function setTheme(name: ThemeName): void {
  current = name;
  try {
    localStorage.setItem(STORAGE_KEY, name);
  } catch {
    // not remembered, still applied
  }
  applyTheme(name);
  listeners.forEach((l) => l());
}

export function nextTheme(): void {
  setTheme(THEMES[(THEMES.indexOf(current) + 1) % THEMES.length]);
}

export function useTheme(): ThemeName {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
