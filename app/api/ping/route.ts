// Lets test runners and load balancers wait for the server.
export function GET() {
  return Response.json({ ok: true });
}
