import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seedProject, uniqueSlug } from "./support/database";

test("the new-project form keeps everything typed when the server refuses a duplicate slug, and says so by the slug", async ({ signedIn }) => {
  const taken = uniqueSlug("taken");
  await seedProject({ slug: taken, texts: ["x"], members: {} });
  const { page } = await signedIn("lead");
  await page.goto("/projects");
  const form = page.getByTestId("new-project-form");
  if (!(await form.isVisible())) await page.getByText("New project").click();
  const guidelines = "# Spam or not\n\nSpam asks you to *pay* or *click*.\nEverything else is ham.";
  const typed = { Name: "Kept input", Slug: taken, "Labels, comma-separated": "ham, spam, unsure", "Annotators per item (overlap)": "3", "Guidelines (Markdown)": guidelines };
  for (const [label, value] of Object.entries(typed)) await form.getByLabel(label).fill(value);
  await form.getByLabel("Task").selectOption("multi_label");
  await form.getByRole("button", { name: "Create project" }).click();

  const slugField = form.getByLabel("Slug (in the URL)");
  await expect(form.getByTestId("field-error-slug")).toHaveText(`The slug "${taken}" is not available: choose another slug.`);
  await expect(slugField).toHaveAttribute("aria-invalid", "true");
  for (const [label, value] of Object.entries(typed)) await expect(form.getByLabel(label)).toHaveValue(value);
  await expect(form.getByLabel("Task")).toHaveValue("multi_label");

  // Only the slug needs changing; everything else arrives as typed.
  const slug = uniqueSlug("kept");
  await slugField.fill(slug);
  await form.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(`**/projects/${slug}/settings`);
  await expect(page.getByTestId("settings-form").getByLabel("Guidelines")).toHaveValue(guidelines);
  await expect(page.getByTestId("settings-form").getByLabel("Annotators per item (overlap)")).toHaveValue("3");
});

/** WCAG relative luminance and contrast of computed colours, read in the page. */
async function colours(page: Page, selector: string): Promise<{ background: number; contrast: number }> {
  return await page.evaluate((sel) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const element = document.querySelector(sel)!;
    // The first ancestor with an opaque background is what the text is read against.
    let holder: Element | null = element;
    while (holder && getComputedStyle(holder).backgroundColor.replace(/\s/g, "") === "rgba(0,0,0,0)") holder = holder.parentElement;
    const background = luminance(rgb(getComputedStyle(holder ?? document.body).backgroundColor));
    const text = luminance(rgb(getComputedStyle(element).color));
    const [light, dark] = background > text ? [background, text] : [text, background];
    return { background, contrast: (light + 0.05) / (dark + 0.05) };
  }, selector);
}

test.describe("in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("the pages have a dark background and readable text", async ({ signedIn, browser }) => {
    const slug = uniqueSlug("dark");
    await seedProject({ slug, texts: ["one"], members: {} });
    const { page } = await signedIn("lead");
    // Saved sign-ins open their own contexts: ask for the dark scheme there too.
    await page.emulateMedia({ colorScheme: "dark" });
    for (const [path, text] of [
      ["/projects", "h1"],
      [`/projects/${slug}/settings`, ".card h2"],
      [`/projects/${slug}/settings?tab=project`, "#project-lifecycle-title + .lifecycle-row p"],
    ] as const) {
      await page.goto(path);
      const body = await colours(page, "body");
      expect(body.background, `${path}: body background luminance`).toBeLessThan(0.05);
      expect(body.contrast, `${path}: body text contrast`).toBeGreaterThanOrEqual(7);
      const inner = await colours(page, text);
      expect(inner.background, `${path}: ${text} background`).toBeLessThan(0.05);
      expect(inner.contrast, `${path}: ${text} contrast`).toBeGreaterThanOrEqual(4.5);
    }
    const anonymous = await browser.newContext({ colorScheme: "dark" });
    const login = await anonymous.newPage();
    await login.goto("/login");
    expect((await colours(login, "body")).background).toBeLessThan(0.05);
    expect((await colours(login, "label")).contrast).toBeGreaterThanOrEqual(4.5);
    await anonymous.close();
  });
});

test("at tablet width (768 px) and on a 1280 px laptop, no lead page scrolls sideways", async ({ signedIn }) => {
  // Twenty-two page loads, each given a moment for what react-query fills in after it.
  test.setTimeout(240_000);
  const slug = uniqueSlug("tablet");
  await seedProject({
    slug,
    texts: ["A fairly long message that an annotator reads before choosing a label, to fill the tables", "short"],
    members: { annotator: "annotator", reviewer: "reviewer" },
  });
  const { page } = await signedIn("lead");
  const { page: adminPage } = await signedIn("admin");
  const sections = ["settings", "annotate", "review", "items", "insights", "team", "llm", "import", "export"];
  const overflowing: string[] = [];
  for (const width of [768, 1280]) {
    for (const [who, path] of [
      [page, "/projects"],
      ...sections.map((s) => [page, `/projects/${slug}/${s}`] as const),
      [adminPage, "/admin/users"],
    ] as const) {
      await who.setViewportSize({ width, height: 1000 });
      await who.goto(path);
      // Tables filled after the page loads (react-query) count too; a page that keeps polling stops the wait at 3 s.
      await who.waitForLoadState("networkidle", { timeout: 3_000 }).catch(() => undefined);
      const { scrollWidth, innerWidth } = await who.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      if (scrollWidth > innerWidth) overflowing.push(`${path} at ${width} px: ${scrollWidth} > ${innerWidth}`);
    }
  }
  expect(overflowing).toEqual([]);
});
