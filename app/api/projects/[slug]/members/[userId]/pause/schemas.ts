import { z } from "zod";

/** A lead's manual pause: the reason is shown to the team lead on the Team page and kept in the audit. */
export const pauseMemberBody = z.object({
  reason: z.string().trim().min(1, "Say why the annotator is paused.").max(500),
});
