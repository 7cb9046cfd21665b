import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./fixtures";
import { seedProject, uniqueSlug } from "./support/database";

// An internal service the server can reach on loopback but GOLDSET_LLM_ALLOWED_HOSTS (127.0.0.1 in
// playwright.config.ts) does not list. It must hear nothing: no connection, no request, no key.
let connections = 0;
const listener = createServer((_request, response) => response.end("{}"));
listener.on("connection", () => connections++);
let listenerUrl = "";
test.beforeAll(async () => {
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.2", resolve));
  listenerUrl = `http://127.0.0.2:${(listener.address() as AddressInfo).port}/v1`;
});
test.afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
});

test("a lead cannot point the LLM at an inward address nobody listed, and it hears nothing", async ({ signedIn }) => {
  const slug = uniqueSlug("ssrf");
  await seedProject({ slug, texts: ["a text"], members: {} });
  const { page } = await signedIn("lead");
  await page.goto(`/projects/${slug}/llm`);
  const form = page.getByTestId("llm-connection-form");
  for (const baseUrl of [listenerUrl, "http://169.254.169.254/latest", "http://[::1]:8000/v1"]) {
    await form.getByLabel("Base URL (OpenAI-compatible, up to /v1)").fill(baseUrl);
    await form.getByLabel("Model").fill("test-model");
    await form.getByTestId("llm-api-key").fill("sk-would-be-sent-0123456789");
    await form.getByRole("button", { name: "Save connection" }).click();
    await expect(form.getByTestId("form-error")).toContainText("Refused to send LLM requests to");
    await expect(form.getByTestId("form-error")).toContainText("GOLDSET_LLM_ALLOWED_HOSTS");
  }
  await expect(page.getByTestId("llm-connection-saved")).toHaveCount(0);
  expect(connections).toBe(0);
});

test("only site admins and leads create projects until a site admin allows everyone", async ({ signedIn }) => {
  const { context: adminContext, page: admin } = await signedIn("admin");
  const setRule = async (label: string) => {
    await admin.goto("/admin/users");
    const form = admin.getByTestId("project-creation-form");
    await form.getByLabel("Who may create projects").selectOption({ label });
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved.");
  };
  try {
    const { page } = await signedIn("annotator2");
    await page.goto("/projects");
    await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
    await expect(page.getByTestId("new-project")).toHaveCount(0);
    const refused = await page.request.post("/api/projects", {
      data: { name: "Mine", slug: uniqueSlug("mine"), taskType: "single_label", labels: [{ name: "a" }, { name: "b" }] },
    });
    expect(refused.status()).toBe(403);

    await setRule("Any signed-in user");
    await page.reload();
    await expect(page.getByTestId("new-project")).toBeVisible();
  } finally {
    // The database is shared by every spec: put the default back.
    await setRule("Site admins and users who lead a project");
    await adminContext.close();
  }
});
