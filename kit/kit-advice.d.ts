// Types of kit-advice.js (plain JS, served as it is to the browser) for the server suites.
export interface Theme {
  accent?: string;
  radius?: string;
  font?: string;
  spacing?: string;
}
export interface PageCheck {
  input: string;
  origin: string | undefined;
  allowed: boolean;
}
export declare const themeProperties: { key: keyof Theme; property: string; fallback: string }[];
export declare const guichetElements: string[];
export declare function themeCss(theme: Theme): string;
export declare function snippet(options: { module: { url: string; integrity: string }; formId: string; lang: string }): string;
export declare function hostPagePolicy(guichetOrigin: string, form?: { anonymous?: boolean }): { directives: string[]; header: string };
export declare function checkPages(text: string, allowed: readonly string[]): PageCheck[];
export declare function originsToDeclare(checks: readonly PageCheck[], allowed: readonly string[]): string[];
export declare function statusPageSnippet(options: {
  module: { url: string; integrity: string };
  definition: { statusPage?: string };
  origin: string;
  lang: string;
}): { url: string; hosted: boolean; code: string };
