// A Node module-resolution hook, registered by register.mjs. `server-only` throws unless it is
// resolved under the `react-server` condition, as Next resolves it for server code. Outside Next
// (the goldset CLI, bench/, scripts/, the retrain worker under tsx, Playwright's test process) the
// server modules it guards are meant to load, so here it resolves that way too: to its empty module.
// Only this one specifier gets the condition; React and everything else resolve as before.
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}
