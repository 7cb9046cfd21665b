import { expect, test } from "./fixtures";
import { AnnotatePage } from "./pages/annotate-page";
import { seedProject, uniqueSlug } from "./support/database";
import { startWebhookReceiver } from "@/lib/webhooks/webhook-test-receiver";

// The app under test allows 127.0.0.1 as an outbound host (GOLDSET_LLM_ALLOWED_HOSTS in
// playwright.config.ts), the list webhooks obey as LLM endpoints do.
test("a lead adds a webhook; a label reaches the receiver signed and verified; the deliveries table shows it and resends it", async ({ signedIn }) => {
  const receiver = await startWebhookReceiver();
  try {
    const slug = uniqueSlug("hooks");
    await seedProject({ slug, texts: ["lunch at noon?"], members: { annotator: "annotator" } });

    const { page } = await signedIn("lead");
    await page.goto(`/projects/${slug}/settings?tab=webhooks`);
    const section = page.getByTestId("webhooks");
    await expect(section.getByText("No webhooks yet.")).toBeVisible();
    const form = page.getByTestId("add-webhook-form");
    await form.getByLabel("URL").fill(receiver.url);
    for (const other of ["Item import finished", "LLM run finished", "Export snapshot made", "Review decided or sent back"]) {
      await form.getByRole("checkbox", { name: new RegExp(other) }).uncheck();
    }
    await form.getByRole("button", { name: "Add webhook" }).click();
    const secret = page.getByTestId("webhook-secret-value");
    await expect(secret).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
    receiver.secret = await secret.textContent();
    const card = section.getByRole("article", { name: `Webhook to ${receiver.url}` });
    await expect(card).toBeVisible();

    const annotator = await signedIn("annotator");
    const annotate = new AnnotatePage(annotator.page);
    await annotate.open(slug);
    await annotate.pressAndAdvance("1");

    // The annotation and the item's first resolution, each verified by the receiver.
    await expect.poll(() => receiver.received.map((r) => JSON.parse(r.body).event as string).sort(), { timeout: 20_000 }).toEqual(["annotation.created", "item.resolved"]);
    expect(receiver.received.map((r) => r.verification)).toEqual([{ ok: true }, { ok: true }]);
    const annotation = receiver.received.find((r) => JSON.parse(r.body).event === "annotation.created")!;
    expect(JSON.parse(annotation.body)).toMatchObject({ project: { slug }, data: { labels: ["ham"] } });

    await card.getByRole("button", { name: "Show deliveries" }).click();
    const table = card.getByRole("table");
    await expect(table.getByRole("columnheader", { name: "HTTP status" })).toBeVisible();
    const annotationRow = table.getByRole("row").filter({ hasText: "annotation.created" });
    await expect(annotationRow).toHaveAttribute("data-state", "succeeded");
    await expect(annotationRow.getByRole("cell", { name: "200", exact: true })).toBeVisible();

    await annotationRow.getByRole("button", { name: /^Resend delivery/ }).click();
    await expect(table.getByRole("row").filter({ hasText: "resend of" })).toHaveAttribute("data-state", "succeeded", { timeout: 20_000 });
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received[2]!.eventId).toBe(annotation.eventId);
    expect(receiver.received[2]!.verification).toEqual({ ok: true });
  } finally {
    await receiver.close();
  }
});
