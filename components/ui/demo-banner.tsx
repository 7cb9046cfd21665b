export function DemoBanner() {
  return (
    <p className="demo-banner" role="note" data-testid="demo-banner">
      Demo instance: its demo accounts (listed in the README) are public. Keep real data out of it.
    </p>
  );
}
