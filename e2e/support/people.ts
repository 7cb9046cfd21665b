// The accounts every end-to-end run starts with. Projects are created by the tests themselves.
export const PEOPLE = {
  admin: { email: "admin@e2e.test", name: "E2E Admin", password: "admin-password", isAdmin: true },
  lead: { email: "lead@e2e.test", name: "E2E Lead", password: "lead-password", isAdmin: false },
  reviewer: { email: "reviewer@e2e.test", name: "E2E Reviewer", password: "reviewer-password", isAdmin: false },
  annotator: { email: "annotator@e2e.test", name: "E2E Annotator", password: "annotator-password", isAdmin: false },
  annotator2: { email: "annotator2@e2e.test", name: "E2E Annotator Two", password: "annotator2-password", isAdmin: false },
  annotator3: { email: "annotator3@e2e.test", name: "E2E Annotator Three", password: "annotator3-password", isAdmin: false },
} as const;

export type Person = keyof typeof PEOPLE;
