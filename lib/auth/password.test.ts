import { describe, expect, it } from "vitest";
import { GoldsetError } from "@/lib/errors";
import { DUMMY_PASSWORD_HASH, hashPassword, passwordProblem, verifyPassword } from "./password";

describe("passwordProblem", () => {
  it("refuses short, common (in any case) and email-like passwords, and accepts others", () => {
    expect(passwordProblem("short7!")).toBe("Password too short: use at least 8 characters.");
    expect(passwordProblem("password1")).toBe("Password is one of the most common passwords: choose another.");
    expect(passwordProblem("PassWord123")).toBe("Password is one of the most common passwords: choose another.");
    expect(passwordProblem("qwertyuiop")).toBe("Password is one of the most common passwords: choose another.");
    expect(passwordProblem("ann.smith", "Ann.Smith@example.org")).toBe("Password must not be your email address.");
    expect(passwordProblem("x".repeat(201))).toBe("Password too long: use at most 200 characters.");
    expect(passwordProblem("correct horse battery")).toBeNull();
  });
});

describe("hashPassword", () => {
  it("refuses a common password as a bad request on the password field", async () => {
    const error = await hashPassword("iloveyou1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoldsetError);
    expect((error as GoldsetError).status).toBe(400);
    expect((error as GoldsetError).problems[0]?.field).toBe("password");
  });

  it("uses the same argon2 parameters as the dummy hash that unknown emails are checked against", async () => {
    const parameters = (phc: string) => phc.split("$").slice(1, 4).join("$");
    const real = await hashPassword("a fine passphrase");
    expect(parameters(real)).toBe("argon2id$v=19$m=19456,t=2,p=1");
    expect(parameters(DUMMY_PASSWORD_HASH)).toBe(parameters(real));
    expect(await verifyPassword(real, "a fine passphrase")).toBe(true);
    expect(await verifyPassword(DUMMY_PASSWORD_HASH, "a fine passphrase")).toBe(false);
  });
});
