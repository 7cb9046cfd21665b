import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Goldset",
  description: "Labels you can trust: annotation with active learning, LLM suggestions with provenance, agreement and review.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next.js can put the proxy's CSP nonce on its scripts; a
  // page prerendered at build time would carry none and the browser would refuse its scripts.
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
