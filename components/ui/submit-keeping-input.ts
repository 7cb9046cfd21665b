import type { FormEvent } from "react";

/**
 * A form's submit handler that hands its data to `submit` and leaves the fields alone. React's
 * `<form action>` resets every uncontrolled field once the action returns, so a form the server
 * refused (a duplicate slug, a validation error) lost everything the user typed; with this, the
 * fields keep their values and the error shows beside them. The browser's own checks (required,
 * pattern) still run first, as they do before a form action. A form that starts afresh after a
 * success resets itself there (`element.reset()`).
 */
export function submitKeepingInput(submit: (form: FormData, element: HTMLFormElement) => unknown): (event: FormEvent<HTMLFormElement>) => void {
  return (event) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    void submit(new FormData(event.currentTarget, submitter), event.currentTarget);
  };
}
